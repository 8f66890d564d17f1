//go:build unix

package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/killpoint"
	"github.com/gov-dev/gov/pkg/layout"
)

// TestInstallInterrupted sends SIGINT (or SIGTERM) to the real gov binary
// (the front door, which execs gov-core in the same process) while it
// installs: mid-download (the mirror has sent half the archive and waits),
// mid-extraction (from the network and from the download cache, paused at
// an archive entry by GOV_TEST_PAUSE) and with the SDK staged, just before
// the commit; and while gov use and gov global install. Each time gov
// must print exactly one line, exit 130 (143 for SIGTERM) and leave the
// store exactly as it was: no new SDK, nothing in tmp/, the lock free, the
// shims, the default and the older SDK untouched, no .go-version written.
// What may be new: the SDK's lock file, which the store keeps (locks/
// holds one per SDK it ever locked), and, once the download is complete
// and verified, the archive in the download cache.
func TestInstallInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the interrupt tests in -short mode")
	}
	bin := builtGov(t)
	gov := filepath.Join(bin, "gov")
	older := newFakeRelease("go1.22.1", 10, 256, 1, nil)
	rel := newFakeRelease("go1.22.3", 200, 1024, 2, nil)
	const nothing = "gov: interrupted; nothing was installed\n"

	tests := []struct {
		name   string
		args   []string
		sig    syscall.Signal
		pause  string // GOV_TEST_PAUSE; "" to interrupt mid-download
		cached bool   // the archive is in the download cache before
		kept   bool   // the archive may be in the download cache after
		stderr string
		code   int
	}{
		{name: "mid-download", args: []string{"install", "-q", "1.22.3"}, sig: syscall.SIGINT, stderr: nothing, code: 130},
		{name: "mid-download, SIGTERM", args: []string{"install", "-q", "1.22.3"}, sig: syscall.SIGTERM, stderr: nothing, code: 143},
		{name: "mid-extraction", args: []string{"install", "-q", "1.22.3"}, sig: syscall.SIGINT, pause: "extract:100", stderr: nothing, code: 130},
		{name: "mid-extraction from the cache", args: []string{"install", "-q", "1.22.3"}, sig: syscall.SIGINT, pause: "extract:100", cached: true, stderr: nothing, code: 130},
		// The archive is downloaded and verified: the cache keeps it for
		// the next install, as it does when an install fails after that.
		{name: "staged, before the commit", args: []string{"install", "-q", "1.22.3"}, sig: syscall.SIGINT, pause: "before-commit", kept: true, stderr: nothing, code: 130},
		// gov use installs too; with go1.22.1 installed it must not fall
		// back to it and pin it.
		{name: "gov use, mid-download", args: []string{"use", "-q", "1.22"}, sig: syscall.SIGINT, stderr: nothing, code: 130},
		{name: "gov global, mid-extraction", args: []string{"global", "-q", "1.22.3"}, sig: syscall.SIGINT, pause: "extract:10", stderr: nothing, code: 130},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newStallMirror(t, older, rel)
			home := filepath.Join(memTempDir(t), "gov")
			env := govEnv(t, home, "GOV_DL_INDEX="+m.indexURL, "GOV_DL_BASE="+m.baseURL)
			if r := runProc(t, env, gov, "global", "-q", "1.22.1"); r.code != 0 {
				t.Fatalf("gov global 1.22.1: %v", r)
			}
			if tt.cached {
				if err := os.WriteFile(filepath.Join(home, layout.CacheDir, rel.SHA256+".tar.gz"), rel.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := storeTree(t, home)

			var stopped <-chan struct{} = m.stalled
			if tt.pause != "" {
				m.stall.Store(false)
				var penv []string
				penv, stopped = pauseAt(t, tt.pause)
				env = append(env, penv...)
			}
			r := interrupt(t, env, stopped, tt.sig, gov, tt.args...)
			if r.stderr != tt.stderr || r.code != tt.code {
				t.Errorf("gov %q, %v at %s: %v; want exit %d, stderr %q", tt.args, tt.sig, tt.name, r, tt.code, tt.stderr)
			}
			checkUnchanged(t, home, before, rel, tt.kept)
			if _, err := os.Stat(filepath.Join(workDir(env), ".go-version")); err == nil {
				t.Errorf("gov %q wrote .go-version", tt.args)
			}
			// The next install finds nothing in its way.
			m.stall.Store(false)
			if r := runProc(t, govEnv(t, home, "GOV_DL_INDEX="+m.indexURL, "GOV_DL_BASE="+m.baseURL), gov, "install", "-q", "1.22.3"); r.code != 0 || r.stderr != "" {
				t.Errorf("gov install 1.22.3 after the interrupt: %v", r)
			}
		})
	}
}

// TestInstallInterruptedTooLate interrupts gov install once its SDK is in
// sdk/: it is too late to stop, and gov says what it did, as usual.
func TestInstallInterruptedTooLate(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the interrupt tests in -short mode")
	}
	bin := builtGov(t)
	rel := newFakeRelease("go1.22.3", 10, 256, 2, nil)
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{rel.release()}, nil)
	home := filepath.Join(memTempDir(t), "gov")
	env, paused := pauseAt(t, "after-commit")
	env = append(govEnv(t, home, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL), env...)

	r := interrupt(t, env, paused, syscall.SIGINT, filepath.Join(bin, "gov"), "install", "1.22.3")
	if want := "installed go1.22.3 (linux-amd64) in " + filepath.Join(home, layout.SDKDir, rel.SDKName()) + "\n"; !strings.HasSuffix(r.stderr, want) || r.code != 0 {
		t.Errorf("gov install 1.22.3, interrupted after the commit: %v; want exit 0, stderr ending %q", r, want)
	}
	if got, want := checkStore(t, home, rel), []string{rel.SDKName()}; !slices.Equal(got, want) {
		t.Errorf("sdk/ holds %q, want %q", got, want)
	}
}

// TestInstallSeveralInterrupted interrupts gov install go1.21.0 go1.22.3
// while it downloads the second: go1.21.0 stays installed, and the line
// says so instead of claiming that nothing was installed.
func TestInstallSeveralInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the interrupt tests in -short mode")
	}
	bin := builtGov(t)
	first := newFakeRelease("go1.21.0", 10, 256, 1, nil)
	rel := newFakeRelease("go1.22.3", 200, 1024, 2, nil)
	m := newStallMirror(t, first, rel)
	home := filepath.Join(memTempDir(t), "gov")
	env := govEnv(t, home, "GOV_DL_INDEX="+m.indexURL, "GOV_DL_BASE="+m.baseURL)

	r := interrupt(t, env, m.stalled, syscall.SIGINT, filepath.Join(bin, "gov"), "install", "-q", "1.21.0", "1.22.3")
	if want := "gov: interrupted; only go1.21.0 was installed\n"; r.stderr != want || r.code != 130 {
		t.Errorf("gov install 1.21.0 1.22.3, interrupted in the second: %v; want exit 130, stderr %q", r, want)
	}
	if got, want := checkStore(t, home, first, rel), []string{first.SDKName()}; !slices.Equal(got, want) {
		t.Errorf("sdk/ holds %q, want %q", got, want)
	}
	if got := dirNames(t, filepath.Join(home, layout.TmpDir)); len(got) != 0 {
		t.Errorf("tmp/ holds %q, want nothing", got)
	}
	checkLockFree(t, home, rel)
}

// TestCommandInterrupted interrupts a command that installs nothing
// (gov list-remote, waiting for the release index): the line is just
// "gov: interrupted".
func TestCommandInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the interrupt tests in -short mode")
	}
	bin := builtGov(t)
	asked := make(chan struct{})
	var once sync.Once
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(asked) })
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	home := filepath.Join(memTempDir(t), "gov")
	env := govEnv(t, home, "GOV_DL_INDEX="+srv.URL+"/dl/")

	r := interrupt(t, env, asked, syscall.SIGINT, filepath.Join(bin, "gov"), "list-remote")
	if want := "gov: interrupted\n"; r.stderr != want || r.code != 130 || r.stdout != "" {
		t.Errorf("gov list-remote, interrupted: %v; want exit 130, stderr %q", r, want)
	}
}

// interrupt starts name with env, sends it sig once stopped is closed,
// and reports how it ended. It fails the test if the command ends before
// it gets there.
func interrupt(t *testing.T, env []string, stopped <-chan struct{}, sig syscall.Signal, name string, args ...string) result {
	t.Helper()
	cmd, stdout, stderr := command(env, name, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan result, 1)
	go func() { exited <- finish(t, cmd, stdout, stderr) }()
	select {
	case <-stopped:
	case r := <-exited:
		t.Fatalf("gov %q ended before the point to interrupt it: %v", args, r)
	}
	// gov, the front door, has exec'd gov-core in its place: the signal
	// goes to gov-core itself.
	if exe, err := os.Readlink("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/exe"); err == nil && filepath.Base(exe) != "gov-core" {
		t.Errorf("process %d runs %s, want gov-core", cmd.Process.Pid, exe)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	return <-exited
}

// workDir is the directory command runs env's commands in: its HOME.
func workDir(env []string) string {
	for _, kv := range env {
		if home, ok := strings.CutPrefix(kv, "HOME="); ok {
			return home
		}
	}
	return ""
}

// A stallMirror serves releases; while stall is set, each request for the
// archive of the last one gets half of it, then nothing until the client
// goes away (stalled is closed when the first half has been sent).
type stallMirror struct {
	indexURL, baseURL string
	stall             atomic.Bool
	stalled           chan struct{}
}

func newStallMirror(t *testing.T, rels ...*fakeRelease) *stallMirror {
	m := &stallMirror{stalled: make(chan struct{})}
	m.stall.Store(true)
	var frels []fetchtest.Release
	for _, r := range rels {
		frels = append(frels, r.release())
	}
	last := rels[len(rels)-1].Filename
	var once sync.Once
	release := make(chan struct{})
	m.indexURL, m.baseURL = serveMirror(t, frels, func(w http.ResponseWriter, r *http.Request, name string, data []byte) {
		if name != last || !m.stall.Load() {
			w.Write(data)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		once.Do(func() { close(m.stalled) })
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // before the server closes
	return m
}

// pauseAt returns the environment that makes gov pause at the named point
// (package killpoint), and a channel closed when it has.
func pauseAt(t *testing.T, point string) (env []string, paused <-chan struct{}) {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "paused")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// Read and write: the open does not wait for gov, and the read waits
	// until gov writes. Closing the file ends a read that never returned.
	f, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	ch := make(chan struct{})
	go func() {
		var buf [64]byte
		if _, err := f.Read(buf[:]); err == nil {
			close(ch)
		}
	}()
	return []string{killpoint.PauseVar + "=" + point, killpoint.PausedVar + "=" + fifo}, ch
}

// storeTree describes everything under home: each path with its type and
// mode, and for a file its size and modification time, for a link its
// target. (A directory's own modification time changes when an entry
// comes and goes, as in tmp/, so it is left out.)
func storeTree(t *testing.T, home string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(home, path)
		desc := fi.Mode().String()
		switch {
		case fi.Mode().IsRegular():
			desc += fmt.Sprintf(" %d bytes, modified %v", fi.Size(), fi.ModTime().UnixNano())
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(path)
			desc += " -> " + target
		}
		tree[filepath.ToSlash(rel)] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// checkUnchanged checks that home is as before, but for the lock file of
// rel, which may be new and must be free, and, if kept is set, rel's
// archive, which the download cache may have gained.
func checkUnchanged(t *testing.T, home string, before map[string]string, rel *fakeRelease, kept bool) {
	t.Helper()
	after := storeTree(t, home)
	lock := layout.LocksDir + "/" + rel.SDKName() + ".lock"
	if _, ok := before[lock]; !ok {
		delete(after, lock)
	}
	archive := layout.CacheDir + "/" + rel.SHA256 + ".tar.gz"
	if _, ok := before[archive]; !ok && kept {
		if data, err := os.ReadFile(filepath.Join(home, filepath.FromSlash(archive))); err == nil && !bytes.Equal(data, rel.Data) {
			t.Errorf("the download cache holds %d bytes that are not the archive", len(data))
		}
		delete(after, archive)
	}
	for path, desc := range after {
		if was, ok := before[path]; !ok {
			t.Errorf("the store holds a new %s (%s)", path, desc)
		} else if was != desc {
			t.Errorf("%s changed: %s, was %s", path, desc, was)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			t.Errorf("%s is gone", path)
		}
	}
	checkLockFree(t, home, rel)
}

// checkLockFree checks that no process holds the lock of rel's SDK.
func checkLockFree(t *testing.T, home string, rel *fakeRelease) {
	t.Helper()
	f, err := os.Open(filepath.Join(home, layout.LocksDir, rel.SDKName()+".lock"))
	if err != nil {
		return // never taken
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Errorf("the lock of %s is held: %v", rel.SDKName(), err)
	}
}
