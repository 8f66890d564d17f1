package release

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/minisign"
	"github.com/gov-dev/gov/pkg/minisign/minisigntest"
	"github.com/gov-dev/gov/pkg/platform"
)

func TestParseTag(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"v0.2.0", "v0.2.0"},
		{"0.2.0", "v0.2.0"},
		{"v1.0.0-rc.1", "v1.0.0-rc.1"},
		{"v0.2", ""},
		{"v0.2.0+meta", ""},
		{"latest", ""},
		{"v0.2.0/../x", ""},
		{"", ""},
	} {
		got, err := ParseTag(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ParseTag(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestArchiveName(t *testing.T) {
	if got, want := ArchiveName("v0.2.0", platform.Platform{OS: "darwin", Arch: "arm64"}), "gov_v0.2.0_darwin_arm64.tar.gz"; got != want {
		t.Errorf("ArchiveName = %s, want %s", got, want)
	}
	if got := BaseURL(func(string) string { return "" }); got != DefaultURL {
		t.Errorf("BaseURL() = %s with no %s, want %s", got, EnvURL, DefaultURL)
	}
	if got := BaseURL(func(string) string { return "http://127.0.0.1:9/gov/" }); got != "http://127.0.0.1:9/gov" {
		t.Errorf("BaseURL() = %s, want no final slash", got)
	}
}

func TestParseArchiveName(t *testing.T) {
	for _, p := range []platform.Platform{{OS: "linux", Arch: "amd64"}, {OS: "darwin", Arch: "arm64"}, {OS: "linux", Arch: "arm"}} {
		for _, tag := range []string{"v0.2.0", "v1.0.0-rc.1", "v1.0.0-alpha-2.x"} {
			name := ArchiveName(tag, p)
			if gotTag, gotP, ok := ParseArchiveName(name); !ok || gotTag != tag || gotP != p {
				t.Errorf("ParseArchiveName(%s) = %q, %v, %v, want %q, %v, true", name, gotTag, gotP, ok, tag, p)
			}
		}
	}
	for _, name := range []string{
		"", "gov_v0.2.0_linux_amd64.tar", "gov_v0.2.0_linux.tar.gz", "gov_v0.2.0_linux_amd64_v3.tar.gz",
		"gov_0.2.0_linux_amd64.tar.gz", "gov_v01.2.0_linux_amd64.tar.gz", "gov_v0.2.0_linux_armv6l.tar.gz",
		"gov_v0.2.0_Linux_amd64.tar.gz", "gov__linux_amd64.tar.gz", "x/gov_v0.2.0_linux_amd64.tar.gz", SumsFile,
	} {
		if tag, p, ok := ParseArchiveName(name); ok {
			t.Errorf("ParseArchiveName(%q) = %q, %v, true, want false", name, tag, p)
		}
	}
}

// platformsIn names the platforms of tag's archives, and nothing else
// SHA256SUMS lists.
func TestPlatformsIn(t *testing.T) {
	sums := map[string]string{}
	for _, name := range []string{
		"gov_v0.2.0_linux_amd64.tar.gz", "gov_v0.2.0_darwin_arm64.tar.gz",
		"gov_v0.1.0_linux_arm64.tar.gz",    // another release's
		"gov_v0.2.0_linux.tar.gz",          // no architecture
		"gov_v0.2.0_linux_amd64_v3.tar.gz", // not ArchiveName's
		"gov_v0.2.0_windows_amd64.zip",     // not an archive of ours
	} {
		sums[name] = strings.Repeat("a", 64)
	}
	if got, want := platformsIn(sums, "v0.2.0"), "darwin-arm64, linux-amd64"; got != want {
		t.Errorf("platformsIn = %q, want %q", got, want)
	}
	if got := platformsIn(sums, "v0.3.0"); !strings.HasPrefix(got, "no platform") {
		t.Errorf("platformsIn of a tag with no archive = %q, want no platform", got)
	}
}

func TestTrustedComment(t *testing.T) {
	if got, want := TrustedComment("v0.2.0"), "gov v0.2.0"; got != want {
		t.Errorf("TrustedComment(v0.2.0) = %q, want %q (scripts/release.sh signs with it: change both, and the releases already out)", got, want)
	}
}

func TestParseSums(t *testing.T) {
	a, b := strings.Repeat("a", 64), strings.Repeat("B", 64)
	got, err := ParseSums([]byte(a + "  gov_v0.2.0_darwin_arm64.tar.gz\r\n" + b + " *gov_v0.2.0_linux_amd64.tar.gz\n\n"))
	want := map[string]string{"gov_v0.2.0_darwin_arm64.tar.gz": a, "gov_v0.2.0_linux_amd64.tar.gz": strings.ToLower(b)}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ParseSums = %v, %v, want %v", got, err, want)
	}
	for _, bad := range []string{
		a,
		a[:63] + "  x",
		strings.Repeat("g", 64) + "  x",
		a + "  x\n" + b + "  x\n",
		"<html>not found</html>",
	} {
		if got, err := ParseSums([]byte(bad)); err == nil {
			t.Errorf("ParseSums(%q) = %v, want an error", bad, got)
		}
	}
}

// programs are the contents of a fake release's programs.
func programs(tag string) map[string][]byte {
	files := map[string][]byte{}
	for _, name := range Programs {
		files[name] = []byte("#!/bin/sh\necho " + name + " " + tag + "\n")
	}
	return files
}

// archive packs a release archive of tag, with its programs, LICENSE and
// README.md, then extra entries.
func archive(tag string, extra ...fetchtest.Entry) []byte {
	var entries []fetchtest.Entry
	files := programs(tag)
	for _, name := range Programs {
		entries = append(entries, fetchtest.Entry{Name: name, Body: string(files[name]), Mode: 0o755})
	}
	entries = append(entries, fetchtest.Entry{Name: License, Body: "BSD", Mode: 0o644}, fetchtest.Entry{Name: Readme, Body: "# gov", Mode: 0o644})
	return fetchtest.TarGz(append(entries, extra...))
}

func TestUnpack(t *testing.T) {
	got, err := Unpack(archive("v0.2.0"))
	if err != nil || fmt.Sprint(got) != fmt.Sprint(programs("v0.2.0")) {
		t.Fatalf("Unpack = %q, %v, want the programs", got, err)
	}
	only := func(entries ...fetchtest.Entry) []byte { return fetchtest.TarGz(entries) }
	reg := func(name string) fetchtest.Entry { return fetchtest.Entry{Name: name, Body: "x", Mode: 0o755} }
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"extra file", archive("v0.2.0", reg("gofmt")), `holds "gofmt", which a gov release does not (want exactly gov-shim, gov-core, gov, LICENSE, README.md)`},
		{"path", archive("v0.2.0", reg("bin/gov")), `holds "bin/gov"`},
		{"dot path", archive("v0.2.0", reg("./gov")), `holds "./gov"`},
		{"escape", archive("v0.2.0", reg("../gov")), `holds "../gov"`},
		{"directory", archive("v0.2.0", fetchtest.Entry{Name: "gov/", Mode: fs.ModeDir | 0o755}), `holds "gov/"`},
		{"symlink", only(fetchtest.Entry{Name: "gov", Link: "/bin/sh", Mode: fs.ModeSymlink | 0o777}), "gov is not a regular file"},
		{"hard link", only(fetchtest.Entry{Name: "gov-core", Link: "/etc/passwd", Typeflag: '1'}), "gov-core is not a regular file"},
		{"device", only(fetchtest.Entry{Name: "gov-shim", Mode: fs.ModeDevice | fs.ModeCharDevice | 0o644}), "gov-shim is not a regular file"},
		{"twice", archive("v0.2.0", reg("gov")), "holds gov twice"},
		{"missing", only(reg("gov"), reg("gov-core")), "lacks gov-shim, LICENSE, README.md"},
		{"empty program", only(fetchtest.Entry{Name: "gov", Mode: 0o755}), "gov is empty"},
		{"not gzip", []byte("<html>"), "not a gzip archive"},
		{"cut", archive("v0.2.0")[:100], "read archive"},
	} {
		if got, err := Unpack(tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Unpack = %d files, %v, want an error containing %q", tt.name, len(got), err, tt.want)
		}
	}
}

// server serves a release layout of tags, signed by key, for p; change
// edits a file of the layout before it is served (by path under the base,
// such as "v0.2.0/SHA256SUMS").
func server(t *testing.T, key *minisigntest.Key, p platform.Platform, latest string, tags ...string) (*Server, map[string][]byte) {
	t.Helper()
	files := map[string][]byte{LatestFile: []byte(latest + "\n")}
	for _, tag := range tags {
		name := ArchiveName(tag, p)
		data := archive(tag)
		sum := sha256.Sum256(data)
		sums := []byte(hex.EncodeToString(sum[:]) + "  " + name + "\n")
		files[tag+"/"+name] = data
		files[tag+"/"+SumsFile] = sums
		files[tag+"/"+SigFile] = key.Sign(sums, TrustedComment(tag))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[strings.TrimPrefix(r.URL.Path, "/gov/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	pub, err := minisign.ParsePublicKey(key.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	c := fetch.NewClient()
	c.Retries = 0
	return &Server{URL: srv.URL + "/gov", Client: c, Key: pub}, files
}

func TestServer(t *testing.T) {
	ctx := context.Background()
	key := minisigntest.NewKey()
	p := platform.Platform{OS: "linux", Arch: "amd64"}
	s, files := server(t, key, p, "v0.2.0", "v0.1.0", "v0.2.0")
	if tag, err := s.Latest(ctx); err != nil || tag != "v0.2.0" {
		t.Errorf("Latest = %q, %v, want v0.2.0", tag, err)
	}
	got, err := s.Programs(ctx, "v0.2.0", p)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(programs("v0.2.0")) {
		t.Fatalf("Programs(v0.2.0) = %q, %v, want its programs", got, err)
	}

	other := minisigntest.NewKey()
	otherPub, _ := minisign.ParsePublicKey(other.PublicKey())
	archiveName := "v0.2.0/" + ArchiveName("v0.2.0", p)
	tests := []struct {
		name  string
		tag   string
		p     platform.Platform
		edit  func()
		want  string
		check func(error) bool
	}{
		{"signed by another key", "v0.2.0", p, func() { files["v0.2.0/"+SigFile] = other.Sign(files["v0.2.0/"+SumsFile], "gov v0.2.0") },
			"signed by key " + otherPub.ID.String() + ", not by the trusted key " + s.Key.ID.String(), nil},
		{"sums changed", "v0.2.0", p, func() { files["v0.2.0/"+SumsFile] = append(files["v0.2.0/"+SumsFile], ' ') }, "the signature does not match", nil},
		{"another release's signed sums", "v0.2.0", p, func() {
			files["v0.2.0/"+SumsFile] = files["v0.1.0/"+SumsFile]
			files["v0.2.0/"+SigFile] = files["v0.1.0/"+SigFile]
		}, `its trusted comment is "gov v0.1.0", not "gov v0.2.0"`, nil},
		// The trusted comment must be TrustedComment(tag) exactly, not
		// any that names the tag.
		{"trusted comment with more words", "v0.2.0", p, func() { files["v0.2.0/"+SigFile] = key.Sign(files["v0.2.0/"+SumsFile], "gov v0.2.0 (test build)") },
			`its trusted comment is "gov v0.2.0 (test build)", not "gov v0.2.0"`, nil},
		{"trusted comment of the tag alone", "v0.2.0", p, func() { files["v0.2.0/"+SigFile] = key.Sign(files["v0.2.0/"+SumsFile], "v0.2.0") },
			`its trusted comment is "v0.2.0", not "gov v0.2.0"`, nil},
		{"no signature", "v0.2.0", p, func() { delete(files, "v0.2.0/"+SigFile) }, "404 Not Found", nil},
		{"archive changed", "v0.2.0", p, func() { files[archiveName] = append(files[archiveName], 0) }, "checksum mismatch for",
			func(err error) bool {
				return fetch.Refused(err) && strings.Contains(hint.Of(err), "nothing was changed")
			}},
		{"no build for the platform", "v0.2.0", platform.Platform{OS: "plan9", Arch: "386"}, nil,
			"gov v0.2.0 has no build for plan9-386 (SHA256SUMS lists no gov_v0.2.0_plan9_386.tar.gz)", nil},
		{"no such release", "v0.3.0", p, nil, "404 Not Found", func(err error) bool { return strings.Contains(hint.Of(err), "no such release") }},
	}
	for _, tt := range tests {
		saved := map[string][]byte{}
		for k, v := range files {
			saved[k] = v
		}
		if tt.edit != nil {
			tt.edit()
		}
		got, err := s.Programs(ctx, tt.tag, tt.p)
		if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.check != nil && !tt.check(err)) {
			t.Errorf("%s: Programs = %d files, %v (hint %q), want an error containing %q", tt.name, len(got), err, hint.Of(err), tt.want)
		}
		clear(files)
		for k, v := range saved {
			files[k] = v
		}
	}

	files[LatestFile] = []byte("<html>\n")
	if tag, err := s.Latest(ctx); err == nil {
		t.Errorf("Latest with a latest file of HTML = %q, want an error", tag)
	}
}

func TestStageCommit(t *testing.T) {
	dir := t.TempDir()
	old := programs("v0.1.0")
	for name, data := range old {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Stage(dir, programs("v0.2.0"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	checkDir(t, dir, programs("v0.2.0"))
}

// TestCommitRollsBack makes the rename of each program fail in turn: the
// ones renamed before it get their old programs back, and nothing of the
// update is left in the directory.
func TestCommitRollsBack(t *testing.T) {
	for fail := range Programs {
		t.Run(Programs[fail], func(t *testing.T) {
			dir := t.TempDir()
			old := programs("v0.1.0")
			for name, data := range old {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			n := 0
			rename = func(from, to string) error {
				if n++; n > fail {
					return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("injected failure")}
				}
				return os.Rename(from, to)
			}
			defer func() { rename = os.Rename }()
			s, err := Stage(dir, programs("v0.2.0"))
			if err != nil {
				t.Fatal(err)
			}
			err = s.Commit()
			if err == nil || !strings.Contains(err.Error(), "put the new "+Programs[fail]+" in place") || !strings.Contains(hint.Of(err), "nothing was changed") {
				t.Errorf("Commit with the rename of %s failing = %v (hint %q)", Programs[fail], err, hint.Of(err))
			}
			checkDir(t, dir, old)
		})
	}
}

// TestCommitNoOld puts programs where there were none (a directory gov's
// programs were never in).
func TestCommitNoOld(t *testing.T) {
	dir := t.TempDir()
	rename = func(from, to string) error {
		if filepath.Base(to) == Programs[len(Programs)-1] {
			return errors.New("injected failure")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	s, err := Stage(dir, programs("v0.2.0"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err == nil {
		t.Fatal("Commit succeeded with a failing rename")
	}
	checkDir(t, dir, nil)
}

// checkDir checks that dir holds exactly want, as executables.
func checkDir(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		fi, _ := os.Stat(path)
		if err != nil || string(data) != string(want[e.Name()]) || fi.Mode().Perm() != 0o755 {
			t.Errorf("%s holds %q (mode %v), want %q (0755)", e.Name(), data, fi.Mode(), want[e.Name()])
		}
	}
	var wantNames []string
	for name := range want {
		wantNames = append(wantNames, name)
	}
	slices.Sort(wantNames)
	if !slices.Equal(names, wantNames) {
		t.Errorf("%s holds %q, want %q", dir, names, wantNames)
	}
}
