package fetch

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

// realIndex is go.dev's release index of 2021-11-08.
const realIndex = "../../testdata/go-dl-index-2021-11-08.json"

func readRealIndex(t *testing.T) []Release {
	t.Helper()
	data, err := os.ReadFile(realIndex)
	if err != nil {
		t.Fatal(err)
	}
	rels, err := ParseIndex(data)
	if err != nil {
		t.Fatalf("ParseIndex(%s) = %v", realIndex, err)
	}
	return rels
}

// TestParseRealIndex checks the real index's size and quirks survive parsing.
func TestParseRealIndex(t *testing.T) {
	rels := readRealIndex(t)
	if len(rels) != 202 {
		t.Errorf("ParseIndex(real) = %d releases, want 202", len(rels))
	}
	count := map[string]int{}
	for _, r := range rels {
		if !r.Stable {
			count["unstable"]++
		}
		for _, f := range r.Files {
			count["files"]++
			switch {
			case f.Kind == "source" && f.OS == "" && f.Arch == "":
				count["source"]++
			case f.OS == "linux" && f.Arch == "armv6l":
				count["armv6l"]++
			case f.OS == "linux" && f.Arch == "arm6":
				count["arm6"]++
			case f.OS == "4" && f.Arch == "bootstrap":
				count["bootstrap"]++
			}
			if f.SHA256 == "" {
				count["nosha"]++
			}
			if f.Size == 0 {
				count["size0"]++
			}
			if f.Version != r.Version {
				count["version mismatch"]++
			}
		}
	}
	want := map[string]int{
		"files": 2971, "unstable": 56, "source": 201, "armv6l": 177, "arm6": 1,
		"bootstrap": 2, "nosha": 307, "size0": 234,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("ParseIndex(real): %d %s files, want %d", count[k], k, n)
		}
	}
	if count["version mismatch"] != 0 {
		t.Errorf("ParseIndex(real): %d files name another version than their release", count["version mismatch"])
	}
	if rels[0].Version != "go1.17.3" {
		t.Errorf("ParseIndex(real)[0] = %s, want go1.17.3 (newest first)", rels[0].Version)
	}
}

func TestArchive(t *testing.T) {
	rels := readRealIndex(t)
	tests := []struct {
		version, platform string
		want              string // file name; "" for none
		sha               bool   // whether it has a usable SHA-256
	}{
		{"1.17.3", "linux-amd64", "go1.17.3.linux-amd64.tar.gz", true},
		{"1.17.3", "linux-arm", "go1.17.3.linux-armv6l.tar.gz", true},
		{"1.17.3", "linux-arm64", "go1.17.3.linux-arm64.tar.gz", true},
		{"1.17.3", "darwin-arm64", "go1.17.3.darwin-arm64.tar.gz", true},
		{"1.17.3", "windows-amd64", "go1.17.3.windows-amd64.zip", true}, // no tar.gz: the zip
		{"1.16", "darwin-arm64", "go1.16.darwin-arm64.tar.gz", true},
		{"1.15", "darwin-arm64", "", false}, // Apple silicon came with 1.16
		{"1.9.2rc2", "linux-amd64", "go1.9.2rc2.linux-amd64.tar.gz", true},
		{"1.6beta1", "linux-arm", "go1.6beta1.linux-arm6.tar.gz", false},
		{"1.4", "linux-amd64", "go1.4.linux-amd64.tar.gz", false}, // no sha256, size 0
		{"1.4", "darwin-amd64", "go1.4.darwin-amd64-osx10.6.tar.gz", false},
		{"1.17.3", "linux-mips", "", false},
		{"1.17.4", "linux-amd64", "", false},
		{"1", "linux-amd64", "", false}, // only the bootstrap archives, os "4"
	}
	for _, tt := range tests {
		p, err := platform.Parse(tt.platform)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := Archive(rels, gover.MustParse(tt.version), p)
		if got := map[bool]string{true: f.Filename}[ok]; got != tt.want {
			t.Errorf("Archive(%s, %s) = %q, want %q", tt.version, tt.platform, got, tt.want)
		}
		if ok && validSHA256(f.SHA256) != tt.sha {
			t.Errorf("Archive(%s, %s) has sha256 %q; valid = %v, want %v", tt.version, tt.platform, f.SHA256, !tt.sha, tt.sha)
		}
	}
}

func TestVersionsRealIndex(t *testing.T) {
	rels := readRealIndex(t)
	tests := []struct {
		platform string
		n        int
		latest   string
		has      []string
	}{
		{"linux-amd64", 201, "1.17.3", []string{"1.9.2rc2", "1.2.2", "1.3rc1"}},
		{"linux-arm", 178, "1.17.3", []string{"1.6beta1"}},
		{"darwin-arm64", 20, "1.17.3", []string{"1.16", "1.16beta1"}},
		{"windows-amd64", 201, "1.17.3", nil},
	}
	for _, tt := range tests {
		p, _ := platform.Parse(tt.platform)
		vs := Versions(rels, p)
		if len(vs) != tt.n {
			t.Errorf("Versions(real, %s) = %d versions, want %d", tt.platform, len(vs), tt.n)
		}
		if v, ok := gover.Select(gover.Latest{}, vs); !ok || v.String() != tt.latest {
			t.Errorf("Select(latest, Versions(real, %s)) = %v, want %s", tt.platform, v, tt.latest)
		}
		for _, h := range tt.has {
			if _, ok := gover.Select(gover.Exact{V: gover.MustParse(h)}, vs); !ok {
				t.Errorf("Versions(real, %s) lacks %s", tt.platform, h)
			}
		}
	}
}

func TestParseIndexErrors(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"[]", 0, ""},
		{`[{"version":"go1.22.3","files":[]},{"version":"weekly.2012-03-27","files":[]}]`, 1, ""},
		{"<html>Not Found</html>", 0, "release index is not JSON in go.dev's format"},
		{`{"version":"go1.22.3"}`, 0, "release index is not JSON in go.dev's format"},
		{`[{"version":"go1.22.3","files":[{"size":"big"}]}]`, 0, "release index is not JSON"},
		{"", 0, "release index is not JSON"},
	}
	for _, tt := range tests {
		rels, err := ParseIndex([]byte(tt.in))
		switch {
		case tt.want == "" && (err != nil || len(rels) != tt.n):
			t.Errorf("ParseIndex(%q) = %d releases, %v, want %d", tt.in, len(rels), err, tt.n)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("ParseIndex(%q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
}

// TestFetchIndexCache checks the index cache: used while fresh, then
// revalidated with a conditional GET; offline uses whatever is cached.
func TestFetchIndexCache(t *testing.T) {
	index := fetchtest.Index([]fetchtest.Release{{Version: "go1.22.3", Files: []fetchtest.File{{Filename: "go1.22.3.linux-amd64.tar.gz", Platform: "linux-amd64", Data: []byte("x")}}}})
	var body atomic.Value
	body.Store(index)
	var conditional atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Header.Get("If-None-Match") != "" {
			conditional.Add(1)
		}
		data := body.Load().([]byte)
		w.Header().Set("ETag", `"`+strings.Repeat("a", len(data)%7+1)+`"`)
		http.ServeContent(w, r, "index.json", time.Time{}, strings.NewReader(string(data)))
	})
	url := srv.URL + "/dl/?mode=json&include=all"
	cacheDir := filepath.Join(t.TempDir(), "cache")
	c := testClient(t)
	ctx := context.Background()
	fetch := func(ic IndexCache, refresh bool) ([]Release, bool, error) {
		ic.Dir = cacheDir
		return c.FetchIndex(ctx, url, ic, refresh)
	}

	// Offline with nothing cached is a clear error, with no request.
	if _, _, err := fetch(IndexCache{TTL: time.Hour, Offline: true}, false); err == nil || !strings.Contains(hint.Message(err), "no cached release index for "+url+" and offline mode is on; run: gov list-remote once without --offline") {
		t.Errorf("FetchIndex(offline, no cache) = %v, want the offline error", err)
	}
	steps := []struct {
		name            string
		ic              IndexCache
		refresh         bool
		wantNetwork     bool
		wantRequests    int
		wantConditional int32
	}{
		{"first", IndexCache{TTL: time.Hour}, false, true, 1, 0},
		{"fresh cache", IndexCache{TTL: time.Hour}, false, false, 1, 0},
		{"refresh", IndexCache{TTL: time.Hour}, true, true, 2, 1},
		{"ttl 0", IndexCache{TTL: 0}, false, true, 3, 2},
		{"offline", IndexCache{TTL: 0, Offline: true}, false, false, 3, 2},
		{"offline refresh", IndexCache{TTL: 0, Offline: true}, true, false, 3, 2},
	}
	for _, st := range steps {
		rels, network, err := fetch(st.ic, st.refresh)
		n, _ := srv.requests()
		if err != nil || len(rels) != 1 || network != st.wantNetwork || n != st.wantRequests || conditional.Load() != st.wantConditional {
			t.Errorf("FetchIndex(%s) = %d releases, network %v, %v after %d requests (%d conditional), want 1, %v, nil after %d (%d)",
				st.name, len(rels), network, err, n, conditional.Load(), st.wantNetwork, st.wantRequests, st.wantConditional)
		}
	}

	// A changed index replaces the cache.
	body.Store(fetchtest.Index([]fetchtest.Release{
		{Version: "go1.22.4", Files: []fetchtest.File{{Filename: "go1.22.4.linux-amd64.tar.gz", Platform: "linux-amd64", Data: []byte("y")}}},
		{Version: "go1.22.3", Files: []fetchtest.File{{Filename: "go1.22.3.linux-amd64.tar.gz", Platform: "linux-amd64", Data: []byte("x")}}},
	}))
	if rels, _, err := fetch(IndexCache{TTL: time.Hour}, true); err != nil || len(rels) != 2 {
		t.Errorf("FetchIndex(changed) = %d releases, %v, want 2", len(rels), err)
	}
	if rels, network, err := fetch(IndexCache{TTL: time.Hour, Offline: true}, false); err != nil || len(rels) != 2 || network {
		t.Errorf("FetchIndex(offline after change) = %d releases, %v, %v, want 2 from the cache", len(rels), network, err)
	}

	// A damaged cache is fetched again, whatever its age.
	data, _ := IndexCache{Dir: cacheDir}.indexFiles(url)
	if err := os.WriteFile(data, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := srv.requests()
	if rels, network, err := fetch(IndexCache{TTL: time.Hour}, false); err != nil || len(rels) != 2 || !network {
		t.Errorf("FetchIndex(damaged cache) = %d releases, %v, %v, want 2 from the network", len(rels), network, err)
	}
	if n, _ := srv.requests(); n != before+1 {
		t.Errorf("FetchIndex(damaged cache) made %d requests, want 1", n-before)
	}

	// An index that is not JSON is an error and does not replace the cache.
	body.Store([]byte("<html>maintenance</html>"))
	if _, _, err := fetch(IndexCache{TTL: 0}, false); err == nil || !strings.Contains(err.Error(), url+": release index is not JSON in go.dev's format") || !strings.HasSuffix(hint.Message(err), "; check GOV_DL_INDEX") {
		t.Errorf("FetchIndex(not JSON) = %v, want the not-JSON error", err)
	}
	if rels, _, err := fetch(IndexCache{TTL: time.Hour, Offline: true}, false); err != nil || len(rels) != 2 {
		t.Errorf("FetchIndex(offline after a bad index) = %d releases, %v, want the 2 cached", len(rels), err)
	}
}

// TestFetchRealIndexNoSHA checks that a release the real index lists
// without a SHA-256 cannot be installed, and says why, before any download.
func TestFetchRealIndexNoSHA(t *testing.T) {
	abs, err := filepath.Abs(realIndex)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { http.NotFound(w, r) })
	home := t.TempDir()
	d := &DL{
		Client:   testClient(t),
		IndexURL: "file://" + filepath.ToSlash(abs),
		BaseURL:  srv.URL + "/files/",
		Cache:    IndexCache{Dir: filepath.Join(home, "cache"), TTL: time.Hour},
		Limits:   DefaultLimits,
	}
	st := store.Open(home)
	p := platform.Platform{OS: "linux", Arch: "amd64"}
	in := &installer{Store: st, Source: d, Platform: p}
	_, _, err = in.Install(context.Background(), gover.Exact{V: gover.MustParse("1.4")})
	want := "go1.4 for linux-amd64 has no published SHA-256 in the release index, so gov cannot verify it; pick a newer release, or gov import an SDK you trust"
	if err == nil || hint.Message(err) != want {
		t.Errorf("Install(1.4) = %v, want %q", err, want)
	}
	if n, _ := srv.requests(); n != 0 {
		t.Errorf("Install(1.4) made %d requests to the mirror, want 0", n)
	}
	assertStoreEmpty(t, st)
}

// TestFetchIndexRedacts checks that a password in GOV_DL_INDEX appears in
// no error message.
func TestFetchIndexRedacts(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte("<html>")) })
	url := strings.Replace(srv.URL, "http://", "http://gopher:secret@", 1) + "/dl/"
	c := testClient(t)
	dir := t.TempDir()
	for _, ic := range []IndexCache{{Dir: dir}, {Dir: dir, Offline: true}} {
		_, _, err := c.FetchIndex(context.Background(), url, ic, false)
		if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "gopher:xxxxx@") {
			t.Errorf("FetchIndex(%s, offline=%v) = %v, want an error with the password redacted", url, ic.Offline, err)
		}
	}
}

// TestCachedVersions checks that the cached index is read whatever its
// age, with no request: from its summary, else from the index itself; and
// that a fetched index replaces the summary, and no cache (or a damaged
// one) is an error.
func TestCachedVersions(t *testing.T) {
	real, err := os.ReadFile(realIndex)
	if err != nil {
		t.Fatal(err)
	}
	var body atomic.Value
	body.Store(real)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write(body.Load().([]byte)) })
	url := srv.URL + "/dl/?mode=json&include=all"
	ic := IndexCache{Dir: filepath.Join(t.TempDir(), "cache")}
	data, meta := ic.indexFiles(url)
	summary := ic.summaryFile(url)
	linux := platform.Platform{OS: "linux", Arch: "amd64"}
	darwin := platform.Platform{OS: "darwin", Arch: "arm64"}
	check := func(name string, p platform.Platform, n int, newest string) {
		t.Helper()
		vs, err := ic.CachedVersions(url, p)
		switch {
		case n < 0 && err == nil:
			t.Errorf("CachedVersions(%s, %s) = %d versions, nil, want an error", name, p, len(vs))
		case n >= 0 && (err != nil || len(vs) != n || n > 0 && vs[0].String() != newest):
			t.Errorf("CachedVersions(%s, %s) = %d versions (%v), %v, want %d, %s first", name, p, len(vs), vs, err, n, newest)
		}
	}
	write := func(file, content string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("no cache", linux, -1, "")
	if _, _, err := testClient(t).FetchIndex(context.Background(), url, ic, false); err != nil {
		t.Fatal(err)
	}
	write(meta, `{"fetched":"2001-01-01T00:00:00Z"}`) // stale: the TTL does not apply
	check("summary", linux, 201, "1.17.3")
	check("summary", darwin, 20, "1.17.3")
	if fi, err := os.Stat(summary); err != nil || fi.Size()*3 > int64(len(real)) {
		t.Errorf("summary: %v; want a file under a third of the index's %d bytes", err, len(real))
	}
	write(data, "<html>")
	check("summary, damaged index", linux, 201, "1.17.3")
	write(summary, "<html>")
	check("damaged summary and index", linux, -1, "")
	write(data, string(real))
	check("damaged summary", darwin, 20, "1.17.3")
	os.Remove(summary)
	check("no summary", linux, 201, "1.17.3")
	if n, _ := srv.requests(); n != 1 {
		t.Errorf("CachedVersions made %d requests, want 0", n-1)
	}

	// A changed index gets its own summary; so does an unchanged one that
	// had none.
	body.Store(fetchtest.Index([]fetchtest.Release{
		{Version: "go1.22.4", Files: []fetchtest.File{{Filename: "go1.22.4.linux-amd64.tar.gz", Platform: "linux-amd64", Data: []byte("y")}}},
		{Version: "go1.22.3", Files: []fetchtest.File{{Filename: "go1.22.3.linux-amd64.tar.gz", Platform: "linux-amd64", Data: []byte("x")}}},
	}))
	if _, _, err := testClient(t).FetchIndex(context.Background(), url, ic, true); err != nil {
		t.Fatal(err)
	}
	write(data, "<html>")
	check("changed", linux, 2, "1.22.4")
	check("changed", darwin, 0, "")
}

// BenchmarkCachedVersions is the cost of the versions gov install <Tab>
// offers, from a cache of go.dev's real index (2021, 202 releases): from
// the summary, and from the index itself when there is no summary.
func BenchmarkCachedVersions(b *testing.B) {
	abs, err := filepath.Abs(realIndex)
	if err != nil {
		b.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(abs)
	ic := IndexCache{Dir: b.TempDir()}
	if _, _, err := NewClient().FetchIndex(context.Background(), url, ic, false); err != nil {
		b.Fatal(err)
	}
	p := platform.Platform{OS: "linux", Arch: "amd64"}
	run := func(b *testing.B) {
		for b.Loop() {
			if vs, err := ic.CachedVersions(url, p); err != nil || len(vs) != 201 {
				b.Fatalf("CachedVersions = %d versions, %v", len(vs), err)
			}
		}
	}
	b.Run("summary", run)
	os.Remove(ic.summaryFile(url))
	b.Run("index", run)
}
