package install

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

var (
	linuxAMD64  = platform.Platform{OS: "linux", Arch: "amd64"}
	darwinARM64 = platform.Platform{OS: "darwin", Arch: "arm64"}
)

// fakeSource serves the versions it lists (a stale list first, when one
// is set, then the fresh one on refresh) and writes fake SDKs. err, when
// set, is what every call fails with.
type fakeSource struct {
	stale, fresh []string
	err          error
	lists        int      // calls of Versions
	fetched      []string // versions Fetch wrote
}

func (s *fakeSource) Name() string   { return "fake" }
func (s *fakeSource) Origin() string { return "fake" }

func (s *fakeSource) Versions(ctx context.Context, p platform.Platform, refresh bool) ([]gover.Version, bool, error) {
	s.lists++
	if s.err != nil {
		return nil, false, s.err
	}
	list := s.fresh
	if s.stale != nil && !refresh {
		list = s.stale
	} else if refresh && s.stale == nil {
		return nil, false, nil // fresh already: refreshing changes nothing
	}
	var vs []gover.Version
	for _, v := range list {
		vs = append(vs, gover.MustParse(v))
	}
	return vs, true, nil
}

func (s *fakeSource) Fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(string) (*os.File, error)) (layout.Receipt, error) {
	if s.err != nil {
		return layout.Receipt{}, s.err
	}
	s.fetched = append(s.fetched, v.String())
	return layout.Receipt{Source: s.Name()}, fetchtest.WriteGOROOT(dir, v.Toolchain(), p.String())
}

func spec(s string) gover.Spec {
	sp, err := gover.ParseSpec(s)
	if err != nil {
		panic(err)
	}
	return sp
}

// installed puts fake SDKs into home, as if installed before.
func installed(t *testing.T, home string, p platform.Platform, versions ...string) {
	t.Helper()
	src := &fakeSource{fresh: versions}
	in := &Installer{Store: store.Open(home), Source: src, Platform: p}
	for _, v := range versions {
		if _, _, err := in.Install(context.Background(), spec(v)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestResolve checks how specs resolve against a source's list, and the
// nearest versions a spec that matches nothing names.
func TestResolve(t *testing.T) {
	src := &fakeSource{fresh: []string{"1.23rc1", "1.22.3", "1.22.1", "1.21.10", "1.20.14"}}
	in := &Installer{Store: store.Open(tempHome(t)), Source: src, Platform: linuxAMD64}
	tests := []struct {
		spec string
		want string // a version, or the error as gov prints it
	}{
		{"latest", "1.22.3"},
		{"1.22", "1.22.3"},
		{"1.23", "1.23rc1"},
		{"1.22.1", "1.22.1"},
		{"1.22.2", "no Go release matches 1.22.2 for linux-amd64 (nearest: 1.23rc1, 1.22.3, 1.22.1, 1.21.10, 1.20.14); run: gov list-remote --all to see every version"},
		{"1.19.13", "no Go release matches 1.19.13 for linux-amd64 (nearest: 1.23rc1, 1.22.3, 1.22.1, 1.21.10, 1.20.14); run: gov list-remote --all to see every version"},
	}
	for _, tt := range tests {
		v, err := in.Resolve(context.Background(), spec(tt.spec))
		got := v.String()
		if err != nil {
			got = hint.Message(err)
			if !errors.As(err, new(*NoMatchError)) {
				t.Errorf("Resolve(%s) = %T, want a *NoMatchError", tt.spec, err)
			}
		}
		if got != tt.want {
			t.Errorf("Resolve(%s) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

// TestResolveRefresh checks that a cached list that lacks a version is
// revalidated once before the spec is called unknown.
func TestResolveRefresh(t *testing.T) {
	tests := []struct {
		stale, fresh []string
		spec         string
		want         string
		lists        int
	}{
		// A match in the cached list is used: the cache is fresh enough.
		{stale: []string{"1.22.2"}, fresh: []string{"1.22.3", "1.22.2"}, spec: "1.22", want: "1.22.2", lists: 1},
		// A release the cached list does not know yet.
		{stale: []string{"1.22.2"}, fresh: []string{"1.23.0", "1.22.2"}, spec: "1.23.0", want: "1.23.0", lists: 2},
		// A list that is fresh already is not asked again.
		{stale: nil, fresh: []string{"1.22.2"}, spec: "1.23.0", want: "error", lists: 2},
	}
	for _, tt := range tests {
		src := &fakeSource{stale: tt.stale, fresh: tt.fresh}
		in := &Installer{Store: store.Open(tempHome(t)), Source: src, Platform: linuxAMD64}
		v, err := in.Resolve(context.Background(), spec(tt.spec))
		got := v.String()
		if err != nil {
			got = "error"
		}
		if got != tt.want || src.lists != tt.lists {
			t.Errorf("Resolve(%s) with %v then %v = %s after %d lists, want %s after %d", tt.spec, tt.stale, tt.fresh, got, src.lists, tt.want, tt.lists)
		}
	}
}

// TestInstall checks that an exact version that is installed is not
// looked up, that --force fetches it again, and that a failed fetch
// leaves the store as it was.
func TestInstall(t *testing.T) {
	ctx := context.Background()
	home := tempHome(t)
	src := &fakeSource{fresh: []string{"1.22.3", "1.22.1"}}
	in := &Installer{Store: store.Open(home), Source: src, Platform: linuxAMD64}

	sdk, ok, err := in.Install(ctx, spec("1.22"))
	if err != nil || !ok || sdk.Version.String() != "1.22.3" || !layout.Installed(sdk.Dir) {
		t.Fatalf("Install(1.22) = %+v, %v, %v, want 1.22.3 installed", sdk, ok, err)
	}
	src.lists = 0
	if sdk, ok, err := in.Install(ctx, spec("1.22.3")); err != nil || ok || sdk.Version.String() != "1.22.3" || src.lists != 0 {
		t.Errorf("Install(installed 1.22.3) = %+v, %v, %v after %d lists, want it as it is, without asking the source", sdk, ok, err, src.lists)
	}
	in.Force = true
	if _, ok, err := in.Install(ctx, spec("1.22.3")); err != nil || !ok || !slices.Equal(src.fetched, []string{"1.22.3", "1.22.3"}) {
		t.Errorf("Install(--force 1.22.3) = %v, %v, fetched %v, want a second fetch", ok, err, src.fetched)
	}
	in.Force = false

	src.err = errors.New("network down")
	_, _, err = in.Install(ctx, spec("1.22.1"))
	if err == nil || err.Error() != "network down" {
		t.Errorf("Install(1.22.1, source down) = %v, want the source's error", err)
	}
	// Its error says what the installer installed before it.
	var ie *Error
	if !errors.As(err, &ie) || len(ie.Installed) != 2 || ie.Installed[0].Version.String() != "1.22.3" || ie.Installed[1].Version.String() != "1.22.3" {
		t.Errorf("Install(1.22.1, source down) = %#v, want an *Error listing 1.22.3 installed twice", err)
	}
	sdks, _ := layout.List(home, platform.Platform{})
	if len(sdks) != 1 {
		t.Errorf("after a failed install the store holds %v, want only 1.22.3", sdks)
	}
}

// TestEnsure checks the fallback of commands that need a version now (gov
// use, global, exec, shell): an installed match serves when the source
// cannot answer, but not when the source says there is no such release.
func TestEnsure(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		installed []string
		src       *fakeSource
		spec      string
		want      string // the version used, or the error
		installs  bool
		note      string
	}{
		{"source has newer", []string{"1.22.1"}, &fakeSource{fresh: []string{"1.22.3", "1.22.1"}}, "1.22", "1.22.3", true, ""},
		{"source down, installed match", []string{"1.22.1", "1.21.10"}, &fakeSource{err: hint.New("GET https://go.dev/dl/: no answer", "check the network")}, "1.22", "1.22.1", false,
			"note: could not check for a newer match of 1.22.x (GET https://go.dev/dl/: no answer); using installed 1.22.1"},
		{"source down, nothing installed", []string{"1.21.10"}, &fakeSource{err: errors.New("no answer")}, "1.22", "no answer", false, ""},
		{"no such release, though installed", []string{"1.22.1"}, &fakeSource{fresh: []string{"1.21.10"}}, "1.22", "no Go release matches 1.22.x for linux-amd64 (nearest: 1.21.10); run: gov list-remote --all to see every version", false, ""},
		{"installed for another platform only", nil, &fakeSource{err: errors.New("no answer")}, "1.22", "no answer", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := tempHome(t)
			installed(t, home, linuxAMD64, tt.installed...)
			installed(t, home, darwinARM64, "1.22.12")
			var notes []string
			in := &Installer{Store: store.Open(home), Source: tt.src, Platform: linuxAMD64,
				Log: func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }}
			sdk, ok, err := in.Ensure(ctx, spec(tt.spec))
			got := sdk.Version.String()
			if err != nil {
				got = hint.Message(err)
			}
			if got != tt.want || ok != tt.installs {
				t.Errorf("Ensure(%s) = %s, %v, want %s, %v", tt.spec, got, ok, tt.want, tt.installs)
			}
			if strings.Join(notes, "\n") != tt.note {
				t.Errorf("Ensure(%s) noted %q, want %q", tt.spec, notes, tt.note)
			}
		})
	}
}

// TestEnsureInterrupted checks that an install that ctx stopped (Ctrl-C)
// is not made up for with an installed match: the user asked gov to stop.
func TestEnsureInterrupted(t *testing.T) {
	home := tempHome(t)
	installed(t, home, linuxAMD64, "1.22.1")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var notes []string
	in := &Installer{Store: store.Open(home), Source: &fakeSource{err: ctx.Err()}, Platform: linuxAMD64,
		Log: func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }}
	if sdk, ok, err := in.Ensure(ctx, spec("1.22")); !errors.Is(err, context.Canceled) || ok || len(notes) != 0 {
		t.Errorf("Ensure(1.22), interrupted, 1.22.1 installed = %v, %v, %v, noted %q; want context.Canceled and no note", sdk.Version, ok, err, notes)
	}
}

// TestMatch checks uninstall's rule: exactly one installed SDK.
func TestMatch(t *testing.T) {
	home := tempHome(t)
	installed(t, home, linuxAMD64, "1.22.3", "1.22.1", "1.21.10")
	installed(t, home, darwinARM64, "1.20.14")
	tests := []struct {
		spec string
		p    platform.Platform
		want string // the SDK's directory name, or the error as gov prints it
	}{
		{"1.22.3", linuxAMD64, "go1.22.3.linux-amd64"},
		{"1.21", linuxAMD64, "go1.21.10.linux-amd64"},
		{"1.22", linuxAMD64, "1.22.x matches 1.22.3, 1.22.1; name one exactly"},
		{"1.20", linuxAMD64, "no installed Go SDK matches 1.20.x for linux-amd64; run: gov list to see what is installed"},
		{"1.20", darwinARM64, "go1.20.14.darwin-arm64"},
	}
	for _, tt := range tests {
		sdk, err := Match(home, spec(tt.spec), tt.p)
		got := filepath.Base(sdk.Dir)
		if err != nil {
			got = hint.Message(err)
		}
		if got != tt.want {
			t.Errorf("Match(%s, %s) = %q, want %q", tt.spec, tt.p, got, tt.want)
		}
	}
	if _, err := Match(home, spec("1.22"), linuxAMD64); !errors.As(err, new(*AmbiguousError)) {
		t.Errorf("Match(1.22) = %T, want an *AmbiguousError", err)
	}
}

// tempHome is a fresh directory for a store that the end of the test
// removes, read-only SDKs and all (see store.RemoveAll).
func tempHome(t testing.TB) string {
	dir := t.TempDir()
	t.Cleanup(func() { store.RemoveAll(dir) })
	return dir
}
