package main

// What the fault tests (faults_test.go, concurrency_test.go,
// mirrorfaults_test.go, readonly_test.go) share: gov's three programs
// built once as real binaries, so that they can be killed and run by the
// dozen; fake releases padded to a realistic number of files, with the
// manifest to check an installed SDK against; and the check that a store
// holds only complete, verified SDKs.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/manifest"
	"github.com/gov-dev/gov/pkg/store"
)

var (
	buildOnce sync.Once
	buildDir  string // removed when the test binary exits (cleanupM)
	buildErr  error
)

// builtGov builds gov, gov-core, gov-shim and testdata/fakego without the
// race detector, once per test binary, and returns their directory.
func builtGov(t *testing.T) string {
	t.Helper()
	if err := buildGov(); err != nil {
		t.Fatalf("cannot build gov for the fault tests: %v", err)
	}
	return buildDir
}

// buildGov builds the binaries builtGov returns, once.
func buildGov() error {
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "gov-bin-"); buildErr != nil {
			return
		}
		cmd := exec.Command(goCommand(), "build", "-o", buildDir+string(filepath.Separator), "github.com/gov-dev/gov/cmd/...", "./testdata/fakego")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	return buildErr
}

// goCommand is the go command that runs the tests, whatever PATH holds.
func goCommand() string {
	gocmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gocmd); err != nil {
		return "go"
	}
	return gocmd
}

// buildCleanup removes the binaries builtGov built; TestMain calls it.
func buildCleanup() {
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
}

// memTempDir returns a temporary directory in memory (/dev/shm) where the
// machine has one, else t.TempDir(). The fault tests install thousands of
// files dozens of times and test gov, not the disk: on the machine this
// was written on, unpacking 2,000 files takes 650 ms on disk and 50 ms in
// memory.
func memTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "gov-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// A fakeRelease is a fake Go SDK for linux-amd64 packed as go.dev packs
// releases, with the list of files an installed copy must hold.
type fakeRelease struct {
	Version  string // go1.22.3
	Filename string // go1.22.3.linux-amd64.tar.gz
	Data     []byte
	SHA256   string
	Files    map[string]string // GOROOT-relative slash path -> content, regular files only
	Entries  int               // archive entries
}

// newFakeRelease returns fetchtest's fake SDK for version padded with pad
// files of size seeded random bytes (so the archive is about pad*size
// bytes), and with goBin as its bin/go if it is not nil.
func newFakeRelease(version string, pad, size int, seed uint64, goBin []byte) *fakeRelease {
	entries := fetchtest.FakeSDK(version, "linux-amd64")
	if goBin != nil {
		for i := range entries {
			if entries[i].Name == "go/bin/go" {
				entries[i].Body = string(goBin)
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	body := make([]byte, size)
	for i := range pad {
		if i%100 == 0 {
			entries = append(entries, fetchtest.Entry{Name: fmt.Sprintf("go/src/pad/%02d/", i/100), Mode: fs.ModeDir | 0o755})
		}
		for j := range body {
			body[j] = byte(rng.Uint32())
		}
		entries = append(entries, fetchtest.Entry{Name: fmt.Sprintf("go/src/pad/%02d/f%04d.go", i/100, i), Body: string(body), Mode: 0o644})
	}
	r := &fakeRelease{Version: version, Filename: version + ".linux-amd64.tar.gz", Files: map[string]string{}, Entries: len(entries)}
	for _, e := range entries {
		if e.Mode.IsRegular() {
			r.Files[strings.TrimPrefix(e.Name, "go/")] = e.Body
		}
	}
	var buf bytes.Buffer
	// Level 1, as mkmirror packs real SDKs: the tests are about gov.
	if err := fetchtest.WriteTarGz(&buf, entries, 1); err != nil {
		panic(err)
	}
	r.Data = buf.Bytes()
	sum := sha256.Sum256(r.Data)
	r.SHA256 = hex.EncodeToString(sum[:])
	return r
}

func (r *fakeRelease) release() fetchtest.Release {
	return fetchtest.Release{Version: r.Version, Files: []fetchtest.File{{Filename: r.Filename, Platform: "linux-amd64", Data: r.Data}}}
}

// SDKName is the release's directory name in sdk/.
func (r *fakeRelease) SDKName() string { return r.Version + ".linux-amd64" }

// govEnv returns an environment for gov's binaries that depends on
// nothing of the machine's: its own HOME and GOV_HOME, the system's basic
// tools in PATH, and no colour.
//
// The end of the test removes home, read-only SDKs and all (the
// t.TempDir it is in could not, unless the test runs as root).
func govEnv(t *testing.T, home string, extra ...string) []string {
	t.Helper()
	t.Cleanup(func() { store.RemoveAll(home) })
	h := t.TempDir()
	return append([]string{
		"PATH=/usr/bin:/bin",
		"HOME=" + h,
		"XDG_CONFIG_HOME=" + filepath.Join(h, ".config"),
		"GOV_HOME=" + home,
		"GOV_PLATFORM=linux-amd64",
		"NO_COLOR=1",
		"TMPDIR=" + os.TempDir(),
		// GOV_SOURCE=auto falls back to the module proxy: never the
		// real one. Tests that want a proxy serve one.
		"GOPROXY=http://127.0.0.1:1", // a closed port
	}, extra...)
}

// A result is how a command ended.
type result struct {
	stdout, stderr string
	code           int            // exit status, -1 if a signal ended it, -2 if it could not run
	signal         syscall.Signal // the signal that ended it, if any
}

func (r result) String() string {
	if r.code < 0 {
		return fmt.Sprintf("killed by %v, stdout %q, stderr %q", r.signal, r.stdout, r.stderr)
	}
	return fmt.Sprintf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
}

// command returns a command for name with env, its output collected for
// finish. It runs in env's HOME, away from this module's go.mod.
func command(env []string, name string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	for _, kv := range env {
		if home, ok := strings.CutPrefix(kv, "HOME="); ok {
			cmd.Dir = home
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// finish waits for a started command and reports how it ended. Like
// runProc, it may be called from any goroutine: a command that cannot be
// run is an error of the test, and code -2.
func finish(t *testing.T, cmd *exec.Cmd, stdout, stderr *bytes.Buffer) result {
	t.Helper()
	err := cmd.Wait()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		r.code = exitErr.ExitCode()
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.code, r.signal = -1, ws.Signal()
		}
	default:
		t.Errorf("%s: %v", cmd, err)
		r.code = -2
	}
	return r
}

// runCmd runs name with env and reports how it ended.
func runProc(t *testing.T, env []string, name string, args ...string) result {
	t.Helper()
	cmd, stdout, stderr := command(env, name, args...)
	if err := cmd.Start(); err != nil {
		t.Errorf("%s: %v", cmd, err)
		return result{code: -2}
	}
	return finish(t, cmd, stdout, stderr)
}

// checkSDK checks that the SDK directory dir is a complete, verified
// install of rel: its receipt names rel's archive by its SHA-256 and says
// how it was verified, it holds exactly rel's files with their contents
// (and nothing else but the receipt and the manifest, which lists those
// files as they are), it is read-only (0555 directories and executables,
// 0444 other files), and its bin/go runs and reports rel's version.
func checkSDK(t *testing.T, dir string, rel *fakeRelease) error {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, layout.ReceiptFile))
	if err != nil {
		return fmt.Errorf("no receipt: %v", err)
	}
	var rc layout.Receipt
	if err := json.Unmarshal(data, &rc); err != nil {
		return fmt.Errorf("receipt %s: %v", data, err)
	}
	if rc.SHA256 != rel.SHA256 || rc.Source != "dl" || !strings.HasPrefix(rc.Verified, "sha256 from http://127.0.0.1:") || rc.Version != rel.Version {
		return fmt.Errorf("receipt says %s %s from %s, sha256 %s, verified %q; want %s, sha256 %s, verified by the index", rc.Version, rc.Source, rc.URL, rc.SHA256, rc.Verified, rel.Version, rel.SHA256)
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name, _ := filepath.Rel(dir, path)
		name = filepath.ToSlash(name)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if want := readOnlyMode(info.Mode()); info.Mode() != want {
			return fmt.Errorf("%s has mode %v, want %v", name, info.Mode(), want)
		}
		if d.IsDir() || name == layout.ReceiptFile || name == layout.ManifestFile {
			return nil
		}
		if _, ok := rel.Files[name]; !ok {
			return fmt.Errorf("holds %s, which the archive does not", name)
		}
		files = append(files, name)
		return nil
	})
	if err != nil {
		return err
	}
	if len(files) != len(rel.Files) {
		return fmt.Errorf("holds %d of the archive's %d files", len(files), len(rel.Files))
	}
	if err := checkManifest(dir, len(files)); err != nil {
		return err
	}
	// Compare the contents on every core: this check runs after each of
	// dozens of kills.
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for w := range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(files); i += runtime.GOMAXPROCS(0) {
				got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(files[i])))
				if want := rel.Files[files[i]]; err == nil && string(got) != want {
					err = fmt.Errorf("%s holds %d bytes that are not the archive's %d", files[i], len(got), len(want))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	goBin := exec.Command(filepath.Join(dir, "bin", "go"), "version")
	goBin.Env = []string{"GOROOT=" + dir, "PATH=/usr/bin:/bin"}
	out, err := goBin.Output()
	if want := "go version " + rel.Version + " linux/amd64\n"; err != nil || string(out) != want {
		return fmt.Errorf("bin/go version = %q, %v; want %q", out, err, want)
	}
	return nil
}

// checkManifest checks that the SDK in dir has a manifest that lists its
// n files, each as a stat finds it.
func checkManifest(dir string, n int) error {
	m, err := manifest.Read(dir)
	if err != nil {
		return err
	}
	listed := 0
	for _, e := range m.Entries {
		if e.Kind == manifest.File {
			listed++
		}
	}
	if listed != n {
		return fmt.Errorf("its manifest lists %d files, not its %d", listed, n)
	}
	r, err := manifest.Check(dir, m, false)
	if err == nil && len(r.Changes) > 0 {
		err = fmt.Errorf("it differs from its manifest: %v", r.Changes[0])
	}
	return err
}

// checkStore checks that every entry of home's sdk/ is a complete,
// verified install of one of rels, and returns their names, sorted.
func checkStore(t *testing.T, home string, rels ...*fakeRelease) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(home, layout.SDKDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		i := slices.IndexFunc(rels, func(r *fakeRelease) bool { return r.SDKName() == e.Name() })
		if i < 0 {
			t.Errorf("sdk/%s: not an SDK of this test", e.Name())
			continue
		}
		if err := checkSDK(t, filepath.Join(home, layout.SDKDir, e.Name()), rels[i]); err != nil {
			t.Errorf("sdk/%s is not a complete, verified SDK: %v", e.Name(), err)
		}
	}
	return names
}

// dirNames lists the names in dir (none if it does not exist).
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// serveMirror serves the index of rels at /dl/ from a loopback server
// for the length of the test, and hands each request for one of their
// archives (/files/NAME) to archive; other paths are not found. It
// returns GOV_DL_INDEX and GOV_DL_BASE.
func serveMirror(t *testing.T, rels []fetchtest.Release, archive func(w http.ResponseWriter, r *http.Request, name string, data []byte)) (indexURL, baseURL string) {
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
		name, ok := strings.CutPrefix(r.URL.Path, "/files/")
		data, known := files[name]
		if !ok || !known {
			http.NotFound(w, r)
			return
		}
		archive(w, r, name, data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/dl/", srv.URL + "/files/"
}

// serveReleases serves rels and their archives (see serveMirror). When
// seen is not nil, it is called with the name of every archive asked for.
func serveReleases(t *testing.T, rels []fetchtest.Release, seen func(name string)) (indexURL, baseURL string) {
	return serveMirror(t, rels, func(w http.ResponseWriter, r *http.Request, name string, data []byte) {
		if seen != nil {
			seen(name)
		}
		w.Write(data)
	})
}

// mountTmpfs mounts a tmpfs of size (mount's -o size=) on a new temporary
// directory for the length of the test, and returns the directory. It
// skips the test where mounting is not allowed (it needs root on Linux).
func mountTmpfs(t *testing.T, size string) string {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root on Linux): %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// readOnlyMode is the mode a file of mode m has in a committed SDK:
// directories and files with an execute bit 0555, other files 0444.
func readOnlyMode(m fs.FileMode) fs.FileMode {
	if m.IsDir() || m&0o111 != 0 {
		return m.Type() | 0o555
	}
	return m.Type() | 0o444
}
