package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

// mirror serves a release index at /dl/ and archives at /files/.
type mirror struct {
	*server
	files map[string][]byte // what is served, which may differ from what the index hashes
	mu    sync.Mutex
	gets  map[string]int
}

func newMirror(t *testing.T, rels []fetchtest.Release) *mirror {
	m := &mirror{files: map[string][]byte{}, gets: map[string]int{}}
	for _, r := range rels {
		for _, f := range r.Files {
			m.files[f.Filename] = f.Data
		}
	}
	index := fetchtest.Index(rels)
	m.server = newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/dl/" {
			w.Write(index)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/files/")
		m.mu.Lock()
		m.gets[name]++
		data, ok := m.files[name]
		m.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(data)))
	})
	return m
}

func (m *mirror) getsOf(name string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gets[name]
}

func (m *mirror) dl(home string) *DL {
	return &DL{
		Client:   NewClient(),
		IndexURL: m.URL + "/dl/?mode=json&include=all",
		BaseURL:  m.URL + "/files/",
		Cache:    IndexCache{Dir: filepath.Join(home, layout.CacheDir), TTL: time.Hour},
		Limits:   DefaultLimits,
	}
}

func release(version, plat string, data []byte) fetchtest.Release {
	ext := ".tar.gz"
	if strings.HasPrefix(plat, "windows") {
		ext = ".zip"
	}
	return fetchtest.Release{Version: version, Files: []fetchtest.File{{Filename: version + "." + plat + ext, Platform: plat, Data: data}}}
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// installer installs from a source into a store the way package install
// does (whose own tests cover how specs resolve and when the source is
// asked): the tests here are of what a source writes, and of what the
// store keeps when the source fails.
type installer struct {
	Store    *store.Store
	Source   source
	Platform platform.Platform
	Force    bool
}

type source interface {
	Versions(ctx context.Context, p platform.Platform, refresh bool) ([]gover.Version, bool, error)
	Fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(string) (*os.File, error)) (layout.Receipt, error)
}

func (in *installer) Install(ctx context.Context, spec gover.Spec) (layout.SDK, bool, error) {
	if p, ok := in.Source.(*Proxy); ok && p.SumDBDir == "" {
		p.SumDBDir, p.Lock = in.Store.Path(layout.SumDBDir), in.Store.Lock // as gov-core configures it
	}
	vs, _, err := in.Source.Versions(ctx, in.Platform, false)
	if err != nil {
		return layout.SDK{}, false, err
	}
	v, ok := gover.Select(spec, vs)
	if !ok {
		return layout.SDK{}, false, fmt.Errorf("no release matches %s in %v", spec, vs)
	}
	return in.Store.Install(ctx, v, in.Platform, in.Force, func(ctx context.Context, dir string, temp func(string) (*os.File, error)) (layout.Receipt, error) {
		return in.Source.Fetch(ctx, v, in.Platform, dir, temp)
	})
}

// receipt reads the receipt of an installed SDK.
func receipt(t *testing.T, sdk layout.SDK) layout.Receipt {
	t.Helper()
	r, err := store.ReadReceipt(sdk.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// assertStoreEmpty checks that no SDK is in sdk/ and nothing is left in tmp/.
func assertStoreEmpty(t *testing.T, st *store.Store) {
	t.Helper()
	for _, d := range []string{layout.SDKDir, layout.TmpDir} {
		entries, _ := os.ReadDir(st.Path(d))
		if len(entries) != 0 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%s/ holds %q, want nothing", d, names)
		}
	}
}

var linuxAMD64 = platform.Platform{OS: "linux", Arch: "amd64"}

func TestDLInstall(t *testing.T) {
	good := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.3", "linux-amd64"))
	goodZip := fetchtest.Zip(fetchtest.FakeSDK("go1.22.3", "windows-amd64"))
	tampered := append(append([]byte{}, good[:len(good)-8]...), "tampered"...)
	tamperedZip := append(append([]byte{}, goodZip[:len(goodZip)-30]...), strings.Repeat("z", 30)...)
	wrongVersion := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.4", "linux-amd64"))
	noTool := fetchtest.TarGz(slicesDelete(fetchtest.FakeSDK("go1.22.3", "linux-amd64"), "go/pkg/tool/"))
	tests := []struct {
		name     string
		plat     string
		indexed  []byte // what the index hashes
		served   []byte // what the mirror sends; nil: indexed
		fileName string // overrides the index's file name
		sha      string // overrides the index's sha256 ("-": empty)
		size     int64  // overrides the index's size
		missing  bool   // the mirror does not have the file
		want     string // part of the error; "" for success
		cached   bool   // a failed install still cached the (verified) archive
	}{
		{name: "tar.gz", plat: "linux-amd64", indexed: good},
		{name: "zip", plat: "windows-amd64", indexed: goodZip},
		{name: "upper-case sha", plat: "linux-amd64", indexed: good, sha: strings.ToUpper(sha(good))},
		{name: "tampered", plat: "linux-amd64", indexed: good, served: tampered, want: "checksum mismatch for http://127.0.0.1:PORT/files/go1.22.3.linux-amd64.tar.gz: want sha256 " + sha(good) + ", got " + sha(tampered) + "; the download was deleted"},
		{name: "tampered zip", plat: "windows-amd64", indexed: goodZip, served: tamperedZip, want: "want sha256 " + sha(goodZip) + ", got " + sha(tamperedZip)},
		{name: "garbage", plat: "linux-amd64", indexed: good, served: []byte("<html>captive portal</html>"), want: "release index says"},
		{name: "garbage, size unknown", plat: "linux-amd64", indexed: good, served: []byte("<html>captive portal</html>"), size: -1, want: "release index lists go1.22.3.linux-amd64.tar.gz as -1 bytes"},
		{name: "no sha", plat: "linux-amd64", indexed: good, sha: "-", want: "go1.22.3 for linux-amd64 has no published SHA-256 in the release index"},
		{name: "short sha", plat: "linux-amd64", indexed: good, sha: "abc", want: `release index lists go1.22.3 for linux-amd64 with the SHA-256 "abc", which is not 64 hex digits; check GOV_DL_INDEX`},
		{name: "missing on mirror", plat: "linux-amd64", indexed: good, missing: true, want: "download go1.22.3.linux-amd64.tar.gz: GET http://127.0.0.1:PORT/files/go1.22.3.linux-amd64.tar.gz: 404 Not Found"},
		{name: "file name with slash", plat: "linux-amd64", indexed: good, fileName: "../go1.22.3.linux-amd64.tar.gz", want: `release index has a bad file name "../go1.22.3.linux-amd64.tar.gz"`},
		{name: "huge", plat: "linux-amd64", indexed: good, size: 3 << 30, want: "as 3221225472 bytes, which cannot be a Go SDK"},
		{name: "wrong version inside", plat: "linux-amd64", indexed: wrongVersion, want: "is not a Go SDK: its VERSION file says go1.22.4, not go1.22.3", cached: true},
		{name: "no pkg/tool", plat: "linux-amd64", indexed: noTool, want: "is not a Go SDK: it has no pkg/tool directory", cached: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel := release("go1.22.3", tt.plat, tt.indexed)
			f := &rel.Files[0]
			if tt.fileName != "" {
				f.Filename = tt.fileName
			}
			f.SHA256, f.Size = tt.sha, tt.size
			m := newMirror(t, []fetchtest.Release{rel})
			if tt.served != nil {
				m.files[f.Filename] = tt.served
			}
			if tt.missing {
				delete(m.files, f.Filename)
			}
			home := t.TempDir()
			st := store.Open(home)
			p, _ := platform.Parse(tt.plat)
			in := &installer{Store: st, Source: m.dl(home), Platform: p}
			sdk, installed, err := in.Install(context.Background(), gover.Exact{V: gover.MustParse("1.22.3")})
			want := strings.ReplaceAll(tt.want, "127.0.0.1:PORT", m.Listener.Addr().String())
			if tt.want != "" {
				if err == nil || !strings.Contains(hint.Message(err), want) {
					t.Fatalf("Install(%s) = %v, want an error containing %q", tt.name, err, want)
				}
				assertStoreEmpty(t, st)
				_, err := os.Stat(filepath.Join(home, layout.CacheDir, sha(tt.indexed)+archiveExt(f.Filename)))
				if cached := err == nil; cached != tt.cached {
					t.Errorf("Install(%s) cached the archive: %v, want %v", tt.name, cached, tt.cached)
				}
				if entries, _ := os.ReadDir(st.Path(layout.CacheDir)); len(entries) != 3+map[bool]int{true: 1}[tt.cached] {
					t.Errorf("Install(%s) left %d files in cache/, want the index's 3 and the verified archive", tt.name, len(entries))
				}
				return
			}
			if err != nil || !installed {
				t.Fatalf("Install(%s) = %v, %v, want installed", tt.name, installed, err)
			}
			r := receipt(t, sdk)
			if sdk.Dir != st.SDKDir(gover.MustParse("1.22.3"), p) || r.Source != "dl" || r.SHA256 != sha(tt.indexed) ||
				r.Verified != "sha256 from "+m.URL+"/dl/?mode=json&include=all" || r.Version != "go1.22.3" || r.Platform != p.String() {
				t.Errorf("Install(%s) = %+v, %+v, want an SDK in the store with a dl receipt", tt.name, sdk, r)
			}
			if _, err := os.Stat(filepath.Join(home, layout.CacheDir, sha(tt.indexed)+archiveExt(f.Filename))); err != nil {
				t.Errorf("Install(%s) did not cache the archive: %v", tt.name, err)
			}
			if entries, _ := os.ReadDir(st.Path(layout.TmpDir)); len(entries) != 0 {
				t.Errorf("Install(%s) left %d entries in tmp/", tt.name, len(entries))
			}
		})
	}
}

func slicesDelete(entries []fetchtest.Entry, prefix string) []fetchtest.Entry {
	var out []fetchtest.Entry
	for _, e := range entries {
		if !strings.HasPrefix(e.Name, prefix) {
			out = append(out, e)
		}
	}
	return out
}

// TestDLCache checks that a reinstall re-verifies the cached archive and
// needs no network, and that a damaged cache entry is downloaded again.
func TestDLCache(t *testing.T) {
	data := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.3", "linux-amd64"))
	m := newMirror(t, []fetchtest.Release{release("go1.22.3", "linux-amd64", data)})
	name := "go1.22.3.linux-amd64.tar.gz"
	home := t.TempDir()
	st := store.Open(home)
	ctx := context.Background()
	v := gover.MustParse("1.22.3")
	install := func(force, offline bool) (*DL, error) {
		d := m.dl(home)
		d.Cache.Offline = offline
		var logs []string
		d.Log = func(format string, args ...any) { logs = append(logs, format) }
		in := &installer{Store: st, Source: d, Platform: linuxAMD64, Force: force}
		_, _, err := in.Install(ctx, gover.Exact{V: v})
		return d, err
	}
	if _, err := install(false, false); err != nil {
		t.Fatal(err)
	}
	if err := st.Uninstall(ctx, v, linuxAMD64); err != nil {
		t.Fatal(err)
	}
	if _, err := install(false, true); err != nil {
		t.Errorf("Install(offline, cached) = %v, want success", err)
	}
	if _, err := install(true, false); err != nil {
		t.Errorf("Install(force, cached) = %v, want success", err)
	}
	if n := m.getsOf(name); n != 1 {
		t.Errorf("installs from the cache made %d downloads, want 1 in all", n)
	}

	// Damage the cache: the next install notices and downloads again.
	cached := filepath.Join(home, layout.CacheDir, sha(data)+".tar.gz")
	if err := os.WriteFile(cached, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := install(true, true); err == nil || !strings.Contains(err.Error(), "is not in the download cache and offline mode is on") {
		t.Errorf("Install(offline, damaged cache) = %v, want the offline error", err)
	}
	if _, ok := layout.Lookup(st.Home, v, linuxAMD64); !ok {
		t.Errorf("a failed reinstall removed the installed SDK")
	}
	if _, err := install(true, false); err != nil {
		t.Errorf("Install(damaged cache) = %v, want success", err)
	}
	if n := m.getsOf(name); n != 2 {
		t.Errorf("install after damage made %d downloads in all, want 2", n)
	}
	if got, err := os.ReadFile(cached); err != nil || sha(got) != sha(data) {
		t.Errorf("cache after re-download holds %d bytes, %v, want the archive", len(got), err)
	}
}

// TestDLReceiptRedacts checks that a password in GOV_DL_BASE is not
// written into the receipt, which any user can read.
// TestDLCacheZip installs a zip SDK (Windows's) from the download cache:
// a zip is extracted from the file that holds it, not from the stream.
func TestDLCacheZip(t *testing.T) {
	data := fetchtest.Zip(fetchtest.FakeSDK("go1.22.3", "windows-amd64"))
	m := newMirror(t, []fetchtest.Release{release("go1.22.3", "windows-amd64", data)})
	home := t.TempDir()
	st := store.Open(home)
	win := platform.Platform{OS: "windows", Arch: "amd64"}
	v := gover.MustParse("1.22.3")
	for _, offline := range []bool{false, true} {
		d := m.dl(home)
		d.Cache.Offline = offline
		in := &installer{Store: st, Source: d, Platform: win}
		sdk, _, err := in.Install(context.Background(), gover.Exact{V: v})
		if err != nil {
			t.Fatalf("Install(offline=%v): %v", offline, err)
		}
		if _, err := os.Stat(filepath.Join(sdk.Dir, "VERSION")); err != nil {
			t.Errorf("Install(offline=%v): %v", offline, err)
		}
		if err := st.Uninstall(context.Background(), v, win); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.getsOf("go1.22.3.windows-amd64.zip"); n != 1 {
		t.Errorf("%d downloads, want 1", n)
	}
	assertStoreEmpty(t, st)
}

func TestDLReceiptRedacts(t *testing.T) {
	data := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.3", "linux-amd64"))
	m := newMirror(t, []fetchtest.Release{release("go1.22.3", "linux-amd64", data)})
	home := t.TempDir()
	d := m.dl(home)
	d.BaseURL = strings.Replace(d.BaseURL, "http://", "http://gopher:secret@", 1)
	in := &installer{Store: store.Open(home), Source: d, Platform: linuxAMD64}
	sdk, _, err := in.Install(context.Background(), gover.Exact{V: gover.MustParse("1.22.3")})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(sdk.Dir, layout.ReceiptFile))
	if strings.Contains(string(raw), "secret") || !strings.Contains(receipt(t, sdk).URL, "gopher:xxxxx@") {
		t.Errorf("receipt = %s, want the URL with its password redacted", raw)
	}
}

func TestDLOfflineNotCached(t *testing.T) {
	data := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.3", "linux-amd64"))
	m := newMirror(t, []fetchtest.Release{release("go1.22.3", "linux-amd64", data)})
	home := t.TempDir()
	st := store.Open(home)
	d := m.dl(home)
	if _, err := d.Releases(context.Background()); err != nil { // cache the index
		t.Fatal(err)
	}
	d = m.dl(home)
	d.Cache.Offline = true
	in := &installer{Store: st, Source: d, Platform: linuxAMD64}
	_, _, err := in.Install(context.Background(), gover.Exact{V: gover.MustParse("1.22.3")})
	want := "go1.22.3.linux-amd64.tar.gz is not in the download cache and offline mode is on; run the install again without --offline (or unset GOV_OFFLINE)"
	if err == nil || hint.Message(err) != want {
		t.Errorf("Install(offline) = %v, want %q", err, want)
	}
	assertStoreEmpty(t, st)
}
