package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// TestFullDisk installs into a GOV_HOME on a 1 MB tmpfs that already
// holds an SDK and a global default: an archive too big to download, one
// that downloads but is too big to unpack, and the same one unpacked from
// the download cache, where only extraction writes. Each fails with the
// one-line full-disk error and leaves the store as it was (but for lock
// files), the verified archive still in the cache; once there is space,
// the installs succeed, the cached one offline. It needs permission to
// mount (root on Linux) and skips otherwise.
func TestFullDisk(t *testing.T) {
	home := mountTmpfs(t, "1m")

	random := make([]byte, 2<<20) // does not compress: too big to download
	rand.Read(random)
	zeros := make([]byte, 4<<20) // compresses to a few kB: too big to unpack
	rels := []fetchtest.Release{{Version: "go1.20.14", Files: []fetchtest.File{{
		Filename: "go1.20.14.linux-amd64.tar.gz", Platform: "linux-amd64",
		Data: fetchtest.TarGz(fetchtest.FakeSDK("go1.20.14", "linux-amd64")),
	}}}}
	archives := map[string][]byte{}
	for _, x := range []struct {
		version string
		big     []byte
	}{{"go1.22.3", random}, {"go1.21.10", zeros}} {
		entries := append(fetchtest.FakeSDK(x.version, "linux-amd64"), fetchtest.Entry{Name: "go/big", Body: string(x.big), Mode: 0o644})
		data := fetchtest.TarGz(entries)
		name := x.version + ".linux-amd64.tar.gz"
		archives[x.version] = data
		rels = append(rels, fetchtest.Release{Version: x.version, Files: []fetchtest.File{{Filename: name, Platform: "linux-amd64", Data: data}}})
	}
	indexURL, baseURL := serveReleases(t, rels, nil)
	govHome := filepath.Join(home, "gov")
	t.Setenv("GOV_HOME", govHome)
	t.Setenv("GOV_DL_INDEX", indexURL)
	t.Setenv("GOV_DL_BASE", baseURL)
	t.Setenv("GOV_PLATFORM", "linux-amd64")
	t.Setenv("HOME", t.TempDir())
	gov := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := Main(append([]string{"gov"}, args...), &stdout, &stderr)
		return code, stderr.String()
	}
	for _, args := range [][]string{{"install", "--quiet", "1.20.14"}, {"global", "--quiet", "1.20.14"}} {
		if code, stderr := gov(args...); code != 0 {
			t.Fatalf("gov %s = exit %d, %s", strings.Join(args, " "), code, stderr)
		}
	}
	// The store as it was, but for lock files, which an install creates
	// before it starts.
	storeNow := func() []string {
		return slices.DeleteFunc(snapshot(t, govHome), func(line string) bool { return strings.HasPrefix(line, "locks") })
	}
	before := storeNow()

	sum := sha256.Sum256(archives["go1.21.10"])
	cachedZeros := filepath.Join(govHome, "cache", hex.EncodeToString(sum[:])+".tar.gz")
	hint := `: no space left on device; the disk is full: free space where GOV_HOME is and retry \(nothing was installed\)\n$`
	tests := []struct {
		name, version string
		cached        bool   // the archive is in the download cache
		want          string // the error, up to the hint
	}{
		{"too big to download", "1.22.3", false, `^gov: install go1\.22\.3 from http://127\.0\.0\.1:\d+/files/go1\.22\.3\.linux-amd64\.tar\.gz: .*`},
		{"too big to unpack", "1.21.10", false, `^gov: install go1\.21\.10 from http://127\.0\.0\.1:\d+/files/go1\.21\.10\.linux-amd64\.tar\.gz: .*`},
		// Unpacking from the cache writes nothing but the SDK: the disk
		// fills in extraction, and the error names the entry.
		{"too big to unpack from the cache", "1.21.10", true, `^gov: unpack archive: entry "go/big": write`},
	}
	for _, tt := range tests {
		if tt.cached {
			if err := os.WriteFile(cachedZeros, archives["go1.21.10"], 0o644); err != nil {
				t.Fatal(err)
			}
			before = storeNow()
		}
		code, stderr := gov("install", "--quiet", tt.version)
		if want := regexp.MustCompile(tt.want + hint); code != 1 || !want.MatchString(stderr) {
			t.Errorf("gov install %s (%s) on a full disk = exit %d, stderr %q; want exit 1 and one line matching %s", tt.version, tt.name, code, stderr, want)
		}
		if gone, added := diffLines(before, storeNow()); len(gone)+len(added) > 0 {
			t.Errorf("gov install %s (%s) on a full disk changed the store:\ngone:  %q\nadded: %q", tt.version, tt.name, gone, added)
		}
	}

	// Free space, and retry: the cached archive installs offline.
	if out, err := exec.Command("mount", "-o", "remount,size=16m", home).CombinedOutput(); err != nil {
		t.Fatalf("remount %s larger: %v: %s", home, err, out)
	}
	for _, args := range [][]string{{"install", "--quiet", "--offline", "1.21.10"}, {"install", "--quiet", "1.22.3"}} {
		if code, stderr := gov(args...); code != 0 {
			t.Errorf("gov %s after freeing space = exit %d, %s; want success", strings.Join(args, " "), code, stderr)
		}
	}
	if got, want := dirNames(t, filepath.Join(govHome, "sdk")), []string{"go1.20.14.linux-amd64", "go1.21.10.linux-amd64", "go1.22.3.linux-amd64"}; !slices.Equal(got, want) {
		t.Errorf("sdk/ holds %q after freeing space, want %q", got, want)
	}
}
