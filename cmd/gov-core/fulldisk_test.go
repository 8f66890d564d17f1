package main

import (
	"bytes"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// serveReleases serves rels and their archives from a loopback server for
// the length of the test, and returns GOV_DL_INDEX and GOV_DL_BASE.
func serveReleases(t *testing.T, rels []fetchtest.Release) (indexURL, baseURL string) {
	index := fetchtest.Index(rels)
	files := map[string][]byte{}
	for _, r := range rels {
		for _, f := range r.Files {
			files[f.Filename] = f.Data
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/dl/" {
			w.Write(index)
			return
		}
		data, ok := files[strings.TrimPrefix(r.URL.Path, "/files/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/dl/", srv.URL + "/files/"
}

// TestFullDisk installs into a GOV_HOME on a 1 MB tmpfs: an archive too
// big to download, and one that downloads but is too big to unpack. Each
// fails with the one-line full-disk error and leaves the store unchanged.
// It needs permission to mount (root on Linux) and skips otherwise.
func TestFullDisk(t *testing.T) {
	home := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", home).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root on Linux): %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", home).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", home, err, out)
		}
	})

	random := make([]byte, 2<<20) // does not compress: too big to download
	rand.Read(random)
	zeros := make([]byte, 4<<20) // compresses to a few kB: too big to unpack
	var rels []fetchtest.Release
	for _, x := range []struct {
		version string
		big     []byte
	}{{"go1.22.3", random}, {"go1.21.10", zeros}} {
		entries := append(fetchtest.FakeSDK(x.version, "linux-amd64"), fetchtest.Entry{Name: "go/big", Body: string(x.big), Mode: 0o644})
		data := fetchtest.TarGz(entries)
		name := x.version + ".linux-amd64.tar.gz"
		rels = append(rels, fetchtest.Release{Version: x.version, Files: []fetchtest.File{{Filename: name, Platform: "linux-amd64", Data: data}}})
	}
	indexURL, baseURL := serveReleases(t, rels)
	t.Setenv("GOV_HOME", filepath.Join(home, "gov"))
	t.Setenv("GOV_DL_INDEX", indexURL)
	t.Setenv("GOV_DL_BASE", baseURL)
	t.Setenv("GOV_PLATFORM", "linux-amd64")
	t.Setenv("HOME", t.TempDir())

	want := regexp.MustCompile(`^gov: install go1\.\d+\.\d+ from http://127\.0\.0\.1:\d+/files/go1\.\d+\.\d+\.linux-amd64\.tar\.gz: .*no space left on device; the disk is full: free space where GOV_HOME is and retry \(nothing was installed\)\n$`)
	for _, version := range []string{"1.22.3", "1.21.10"} {
		var stdout, stderr bytes.Buffer
		code := Main([]string{"gov", "install", "--quiet", version}, &stdout, &stderr)
		if code != 1 || !want.MatchString(stderr.String()) {
			t.Errorf("gov install %s on a full disk = exit %d, stderr %q; want exit 1 and one line matching %s", version, code, stderr.String(), want)
		}
		for _, dir := range []string{"sdk", "tmp"} {
			entries, _ := os.ReadDir(filepath.Join(home, "gov", dir))
			if len(entries) != 0 {
				t.Errorf("gov install %s on a full disk left %d entries in %s/, want none", version, len(entries), dir)
			}
		}
		entries, _ := os.ReadDir(filepath.Join(home, "gov", "cache"))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tar.gz") {
				t.Errorf("gov install %s on a full disk cached %s", version, e.Name())
			}
		}
	}
}
