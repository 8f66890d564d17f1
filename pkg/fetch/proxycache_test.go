package fetch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/module"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

func TestZipCacheName(t *testing.T) {
	h1, err := fetchtest.HashZip(fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.22.3", "linux-amd64")))
	if err != nil {
		t.Fatal(err)
	}
	name, ok := zipCacheName(h1)
	if !ok || !strings.HasPrefix(name, "h1-") || !strings.HasSuffix(name, ".zip") || !isLowerHex(name[3:len(name)-4], 32) {
		t.Fatalf("zipCacheName(%q) = %q, %v, want h1-<64 hex>.zip", h1, name, ok)
	}
	if got, ok := cachedZipH1(name); !ok || got != h1 {
		t.Errorf("cachedZipH1(%q) = %q, %v, want %q", name, got, ok, h1)
	}
	b64 := strings.TrimPrefix(h1, "h1:")
	// The same bytes spelled with a padding bit set: not h1's spelling.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	padBit := b64[:42] + string(alphabet[strings.IndexByte(alphabet, b64[42])^1]) + "="
	for _, bad := range []string{
		"",
		b64,                    // no h1: prefix
		"h2:" + b64,            // another hash
		"h1:" + b64[:40] + "=", // too short
		"h1:" + padBit,
		"h1:" + b64 + "\n",
		"h1:../../etc/passwd",
	} {
		if name, ok := zipCacheName(bad); ok {
			t.Errorf("zipCacheName(%q) = %q, true, want false", bad, name)
		}
	}
	for _, bad := range []string{
		"h1-" + strings.Repeat("A", 64) + ".zip", // upper case
		"h1-" + strings.Repeat("a", 63) + ".zip",
		"h1-" + strings.Repeat("a", 64) + ".json",
		strings.Repeat("a", 64) + ".zip", // a dl archive
	} {
		if h1, ok := cachedZipH1(bad); ok {
			t.Errorf("cachedZipH1(%q) = %q, true, want false", bad, h1)
		}
	}
}

func TestCachedArchives(t *testing.T) {
	dir := t.TempDir()
	sum := strings.Repeat("ab", 32)
	h1, _ := fetchtest.HashZip(fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.22.3", "linux-amd64")))
	zipName, _ := zipCacheName(h1)
	for _, name := range []string{
		sum + ".tar.gz", sum[:62] + "cd.zip", zipName, zipRecordPath(zipName),
		toolchainListFile, "index-0123456789ab.json", "h1-xyz.zip", "notes.txt",
	} {
		write(t, filepath.Join(dir, name), "x")
	}
	got, err := CachedArchives(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []CachedArchive{
		{Path: filepath.Join(dir, sum+".tar.gz"), SHA256: sum, Size: 1},
		{Path: filepath.Join(dir, sum[:62]+"cd.zip"), SHA256: sum[:62] + "cd", Size: 1},
		{Path: filepath.Join(dir, zipName), H1: h1, Size: 1},
	}
	slices.SortFunc(got, func(a, b CachedArchive) int { return strings.Compare(a.Path, b.Path) })
	if !slices.Equal(got, want) {
		t.Fatalf("CachedArchives = %+v\nwant %+v", got, want)
	}
	// Removing a module zip removes its record too.
	if err := want[2].Remove(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{zipName, zipRecordPath(zipName)} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v after Remove, want it gone", name, err)
		}
	}
}

// cachingProxy is the proxy source for the test proxy at url, with a
// download cache in st, counting the zips it downloads.
func cachingProxy(t *testing.T, st *store.Store, p *fetchtest.GoProxy, url string) (src *Proxy, zips func() int) {
	t.Helper()
	_, key, _, _ := fetchtest.SumDBKeys()
	var mu sync.Mutex
	n := 0
	p.OnRequest = func(path string, status int) {
		if strings.HasSuffix(path, ".zip") {
			mu.Lock()
			n++
			mu.Unlock()
		}
	}
	src = proxySource(t, url, key)
	src.CacheDir = st.Path(layout.CacheDir)
	return src, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

// offlineProxy is the proxy source with --offline: GOPROXY=off, and no
// checksum database it could reach.
func offlineProxy(t *testing.T, st *store.Store) *Proxy {
	t.Helper()
	src := proxySource(t, "off", "sum.golang.org")
	src.CacheDir, src.Offline = st.Path(layout.CacheDir), true
	return src
}

func uninstall(t *testing.T, st *store.Store, v string) {
	t.Helper()
	if err := st.Uninstall(context.Background(), gover.MustParse(v), platform.Platform{OS: "linux", Arch: "amd64"}); err != nil {
		t.Fatal(err)
	}
}

// A verified zip is kept in the cache by its h1, with a record; a
// reinstall, online or offline, unpacks it again without a download.
func TestProxyCache(t *testing.T) {
	st := store.Open(t.TempDir())
	p, url := testProxy(t, "go1.22.3", "go1.22.1")
	src, zips := cachingProxy(t, st, p, url)
	sdk, err := install(t, st, src, "1.22.3")
	if err != nil {
		t.Fatal(err)
	}
	first := receipt(t, sdk)
	name, _ := zipCacheName(first.H1)
	zipPath := filepath.Join(st.Path(layout.CacheDir), name)
	rec, err := readZipRecord(zipRecordPath(zipPath))
	if err != nil {
		t.Fatal(err)
	}
	if want := (zipRecord{Module: first.Module, H1: first.H1, SumDB: "sum.gov.test", TreeSize: 1, URL: first.URL}); rec != want {
		t.Errorf("record = %+v, want %+v", rec, want)
	}
	if list, err := os.ReadFile(filepath.Join(st.Path(layout.CacheDir), toolchainListFile)); err != nil || !strings.Contains(string(list), "v0.0.1-go1.22.1.linux-amd64\n") {
		t.Errorf("cached list = %q, %v", list, err)
	}

	// Online: the database vouches again, the cached zip serves.
	uninstall(t, st, "1.22.3")
	var logged []string
	src, zips2 := cachingProxy(t, st, p, url)
	src.Log = func(format string, args ...any) { logged = append(logged, format) }
	sdk, err = install(t, st, src, "1.22.3")
	if err != nil {
		t.Fatal(err)
	}
	if n := zips() + zips2(); n != 1 {
		t.Errorf("%d zip downloads, want 1 (the first install's)", n)
	}
	if got := receipt(t, sdk); !sameReceipt(got, first) {
		t.Errorf("receipt from the cache = %+v, want %+v", got, first)
	}
	if !slices.ContainsFunc(logged, func(s string) bool { return strings.Contains(s, "from the download cache") }) {
		t.Errorf("log = %q, want a note of the download cache", logged)
	}

	// Offline: no proxy, no database; the record vouches.
	uninstall(t, st, "1.22.3")
	sdk, err = install(t, st, offlineProxy(t, st), "1.22.3")
	if err != nil {
		t.Fatal(err)
	}
	if got := receipt(t, sdk); !sameReceipt(got, first) {
		t.Errorf("receipt offline = %+v, want %+v", got, first)
	}
	if _, err := os.Stat(filepath.Join(sdk.Dir, "bin", "go")); err != nil {
		t.Error(err)
	}

	// Offline, a version the cached list has but the cache does not.
	_, err = install(t, st, offlineProxy(t, st), "1.22.1")
	if err == nil || hint.Message(err) != "golang.org/toolchain@v0.0.1-go1.22.1.linux-amd64 is not in the download cache and offline mode is on; run the install again without --offline (or unset GOV_OFFLINE)" {
		t.Errorf("offline install of an uncached zip: %v", hint.Message(err))
	}
	checkUnchanged(t, st, 1)
}

// A cached zip that is not the one the database vouched for is refused
// offline (and removed), and downloaded again online.
func TestProxyCacheTampered(t *testing.T) {
	other := fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.22.1", "linux-amd64"))
	for _, tt := range []struct {
		name   string
		tamper func(t *testing.T, zipPath string)
		want   string // the offline error; "" for not cached
	}{
		{"another zip", func(t *testing.T, zipPath string) { write(t, zipPath, string(other)) }, "got h1:"},
		{"not a zip", func(t *testing.T, zipPath string) { write(t, zipPath, "<html>") }, "got a file that is not a zip"},
		{"record of another module", func(t *testing.T, zipPath string) {
			rec, _ := readZipRecord(zipRecordPath(zipPath))
			rec.Module = strings.Replace(rec.Module, "1.22.3", "1.22.1", 1)
			writeZipRecord(zipRecordPath(zipPath), rec)
		}, ""},
		{"record with another h1", func(t *testing.T, zipPath string) {
			rec, _ := readZipRecord(zipRecordPath(zipPath))
			rec.H1, _ = fetchtest.HashZip(other)
			writeZipRecord(zipRecordPath(zipPath), rec)
		}, ""},
		{"record gone", func(t *testing.T, zipPath string) { os.Remove(zipRecordPath(zipPath)) }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := store.Open(t.TempDir())
			p, url := testProxy(t, "go1.22.3", "go1.22.1")
			src, zips := cachingProxy(t, st, p, url)
			sdk, err := install(t, st, src, "1.22.3")
			if err != nil {
				t.Fatal(err)
			}
			first := receipt(t, sdk)
			name, _ := zipCacheName(first.H1)
			zipPath := filepath.Join(st.Path(layout.CacheDir), name)
			uninstall(t, st, "1.22.3")
			tt.tamper(t, zipPath)

			_, err = install(t, st, offlineProxy(t, st), "1.22.3")
			want := tt.want
			if want == "" {
				want = "is not in the download cache and offline mode is on"
			}
			if err == nil || !strings.Contains(hint.Message(err), want) || strings.Contains(hint.Message(err), "\n") {
				t.Fatalf("offline install of a tampered cache: %v; want one line with %q", err, want)
			}
			var damaged *CachedZipError
			if tt.want != "" {
				if !errors.As(err, &damaged) || !strings.HasSuffix(hint.Message(err), "; gov removed it: run the install again without --offline (or unset GOV_OFFLINE) to download it again") {
					t.Errorf("error %q: want a *CachedZipError with its hint", hint.Message(err))
				}
				for _, f := range []string{zipPath, zipRecordPath(zipPath)} {
					if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("%s: %v, want it removed", f, err)
					}
				}
			}
			checkUnchanged(t, st, 0)

			// Online, the entry is replaced by a download.
			sdk, err = install(t, st, src, "1.22.3")
			if err != nil {
				t.Fatal(err)
			}
			if n := zips(); n != 2 {
				t.Errorf("%d zip downloads, want 2", n)
			}
			if got := receipt(t, sdk); got.H1 != first.H1 || got.Verified != "sumdb sum.gov.test tree 1" {
				t.Errorf("receipt = %+v", got)
			}
			if _, err := checkCachedZip(zipPath, moduleOf(first), first.H1); err != nil {
				t.Errorf("cache after the online install: %v", err)
			}
		})
	}
}

// Offline, the versions are the cached list's and the cached zips'.
func TestProxyOfflineVersions(t *testing.T) {
	pl := platform.Platform{OS: "linux", Arch: "amd64"}
	st := store.Open(t.TempDir())
	_, _, err := offlineProxy(t, st).Versions(context.Background(), pl, false)
	if err == nil || hint.Message(err) != "no cached list of Go toolchains (golang.org/toolchain) and offline mode is on; run: gov list-remote --source proxy once without --offline (or unset GOV_OFFLINE)" {
		t.Errorf("offline Versions with nothing cached: %v", hint.Message(err))
	}

	p, url := testProxy(t, "go1.22.3", "go1.22.1")
	src, _ := cachingProxy(t, st, p, url)
	if _, err := install(t, st, src, "1.22.1"); err != nil {
		t.Fatal(err)
	}
	versions := func() []string {
		t.Helper()
		src := offlineProxy(t, st)
		vs, ok, err := src.Versions(context.Background(), pl, false)
		if err != nil || !ok {
			t.Fatalf("offline Versions: %v, %v", ok, err)
		}
		if _, ok, _ := src.Versions(context.Background(), pl, true); ok {
			t.Errorf("offline Versions with refresh: ok, want nothing to refresh")
		}
		var out []string
		for _, v := range vs {
			out = append(out, v.String())
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	if got, want := versions(), []string{"1.22.1", "1.22.3"}; !slices.Equal(got, want) {
		t.Errorf("offline versions = %q, want %q", got, want)
	}
	// Without the list, the cached zips still count.
	if err := os.Remove(filepath.Join(st.Path(layout.CacheDir), toolchainListFile)); err != nil {
		t.Fatal(err)
	}
	if got, want := versions(), []string{"1.22.1"}; !slices.Equal(got, want) {
		t.Errorf("offline versions without the list = %q, want %q", got, want)
	}
}

// sameReceipt reports whether two receipts say the same but for when.
func sameReceipt(a, b layout.Receipt) bool {
	a.InstalledAt = b.InstalledAt
	return a == b
}

func moduleOf(r layout.Receipt) (m module.Version) {
	m.Path, m.Version, _ = strings.Cut(r.Module, "@")
	return m
}
