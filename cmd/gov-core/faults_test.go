package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/killpoint"
	"github.com/gov-dev/gov/pkg/layout"
)

// killSeed seeds the schedule of TestInstallKilled; the default is fixed
// so that CI runs the same schedule, -killseed tries others.
var killSeed = flag.Uint64("killseed", 1, "seed of TestInstallKilled's kill schedule")

// TestInstallKilled kills gov install with SIGKILL again and again, at
// seeded random moments and at every named point of the transaction
// (pkg/killpoint), while it downloads and unpacks a release of 1,000
// files (2 MB), while it unpacks one from the download cache, and while it
// replaces an installed SDK (--force). After every kill:
//   - sdk/ holds nothing, or the complete verified SDK (receipt with the
//     index's SHA-256, every file, bin/go runs); a reinstall that was killed
//     leaves the old SDK or the new one, never neither;
//   - gov list --json lists exactly the complete SDKs;
//   - the shim runs the complete SDK, or says it is not installed;
//   - the download cache holds no archive but a verified one;
//
// and the next gov install succeeds and leaves tmp/ empty.
func TestInstallKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the kill test in -short mode")
	}
	bin := builtGov(t)
	rel := newFakeRelease("go1.22.3", 1000, 2048, 1, nil)
	m := newKillMirror(t, rel)
	home := filepath.Join(memTempDir(t), "gov")
	k := &killer{
		t: t, bin: bin, rel: rel, m: m, home: home,
		env:    govEnv(t, home, "GOV_DL_INDEX="+m.indexURL, "GOV_DL_BASE="+m.baseURL),
		phases: map[string]int{},
	}

	// One install that runs to the end, throttled as the killed ones are:
	// it puts the shims in place for the checks, and says how long an
	// install takes here, to spread the timed kills over.
	m.throttle.Store(true)
	start := time.Now()
	k.recover()
	span := time.Since(start)
	m.throttle.Store(false)
	t.Logf("a throttled install of %s (%d entries, %d bytes) took %v here", rel.Filename, rel.Entries, len(rel.Data), span)

	rng := rand.New(rand.NewPCG(*killSeed, 7))
	var plan []kill
	// Every named point, from the network and from the cache, fresh and
	// over an installed SDK.
	for _, point := range []string{"after-extract", "after-cache", "before-commit", "after-commit"} {
		plan = append(plan, kill{point: point})
	}
	for _, point := range []string{"before-commit", "after-commit"} {
		plan = append(plan, kill{point: point, force: true}, kill{point: point, cached: true})
	}
	// At a seeded entry of the archive (the extractor counts all but the
	// top directory), from the network and from the cache.
	for _, kl := range []kill{{}, {cached: true}, {cached: true, force: true}, {force: true}} {
		kl.point = "extract:" + strconv.Itoa(1+rng.IntN(rel.Entries-1))
		plan = append(plan, kl)
	}
	// The server stops at a seeded byte of the archive and the install is
	// killed there: mid-download, mid-extraction (one stream).
	for i := range 8 {
		plan = append(plan, kill{pauseAt: 1 + rng.Int64N(int64(len(rel.Data))-1), force: i%3 == 2})
	}
	// Kills at seeded random moments of throttled installs, wherever they
	// land: index, lock, download, extraction, check, commit, shims. (An
	// install that ends first is not a kill; the 20 above always are.)
	for i := range 8 {
		plan = append(plan, kill{delay: time.Duration(rng.Int64N(int64(span * 9 / 10))), force: i%4 == 3, cached: i%3 == 1})
	}

	for _, kl := range plan {
		k.run(kl)
		if t.Failed() {
			t.Fatalf("after %d kills, stopping at the first failure (seed %d)", k.kills, *killSeed)
		}
	}
	var report []string
	for phase, n := range k.phases {
		report = append(report, fmt.Sprintf("%3d  %s", n, phase))
	}
	slices.Sort(report)
	t.Logf("%d kills (seed %d), %d left leftovers in tmp/ for the next install to clean; by phase:\n%s", k.kills, *killSeed, k.leftovers, strings.Join(report, "\n"))
	if k.kills < 20 {
		t.Errorf("%d kills landed, want at least 20", k.kills)
	}
	if k.leftovers == 0 {
		t.Errorf("no kill left anything in tmp/, so cleaning it was not tested")
	}
	// Nothing else of gov's may pile up: the next install finds the cache
	// and the shims as a clean install leaves them.
	for _, name := range dirNames(t, filepath.Join(home, layout.CacheDir)) {
		if name != rel.SHA256+".tar.gz" && !strings.HasPrefix(name, "index-") || strings.HasPrefix(name, ".") {
			t.Errorf("cache/ holds %s after %d kills, want only the archive and the index", name, k.kills)
		}
	}
	if got, want := dirNames(t, filepath.Join(home, layout.ShimsDir)), []string{".gov-path", ".stamp", "go", "go1.22.3", "gofmt"}; !slices.Equal(got, want) {
		t.Errorf("shims/ holds %q after %d kills, want %q", got, k.kills, want)
	}
}

// A kill is one killed install: at a named point (GOV_TEST_KILL), at a
// byte of the download, or after a delay.
type kill struct {
	point   string        // killpoint name
	pauseAt int64         // > 0: kill when the server has sent this many bytes
	delay   time.Duration // else: kill after this long
	force   bool          // the SDK is installed and gov install --force replaces it
	cached  bool          // the archive is in the download cache: no download
}

func (kl kill) String() string {
	s := ""
	switch {
	case kl.point != "":
		s = killpoint.Var + "=" + kl.point
	case kl.pauseAt > 0:
		s = fmt.Sprintf("at byte %d of the download", kl.pauseAt)
	default:
		s = fmt.Sprintf("after %v", kl.delay)
	}
	if kl.force {
		s += ", replacing an installed SDK"
	}
	if kl.cached {
		s += ", from the cache"
	}
	return s
}

// A killer runs the kills of TestInstallKilled against one GOV_HOME.
type killer struct {
	t         *testing.T
	bin, home string
	env       []string
	rel       *fakeRelease
	m         *killMirror
	kills     int
	leftovers int            // kills that left something in tmp/
	phases    map[string]int // kills by where they landed
}

func (k *killer) sdkDir() string { return filepath.Join(k.home, layout.SDKDir, k.rel.SDKName()) }

func (k *killer) cachedArchive() string {
	return filepath.Join(k.home, layout.CacheDir, k.rel.SHA256+".tar.gz")
}

// run sets the store up for kl, runs gov install, kills it, and checks
// what it left; then the next install must succeed.
func (k *killer) run(kl kill) {
	t := k.t
	t.Helper()
	// The state before: installed or not, cached or not.
	if _, err := os.Stat(k.sdkDir()); (err == nil) != kl.force {
		if kl.force {
			k.recover()
		} else if r := runProc(t, k.env, k.gov(), "uninstall", "-q", "1.22.3"); r.code != 0 {
			t.Fatalf("gov uninstall 1.22.3: %v", r)
		}
	}
	if kl.cached {
		if err := os.WriteFile(k.cachedArchive(), k.rel.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		os.Remove(k.cachedArchive())
	}
	before, _ := os.Stat(k.sdkDir())

	env := k.env
	args := []string{"install", "--quiet", "1.22.3"}
	if kl.force {
		args = []string{"install", "--quiet", "--force", "1.22.3"}
	}
	if kl.point != "" {
		env = append(slices.Clip(env), killpoint.Var+"="+kl.point)
	}
	paused := k.m.reset(kl.pauseAt, kl.delay > 0)
	cmd, stdout, stderr := command(env, k.gov(), args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan result, 1)
	var r result
	switch {
	case kl.point != "":
		r = finish(t, cmd, stdout, stderr) // it kills itself
	case kl.pauseAt > 0:
		go func() { exited <- finish(t, cmd, stdout, stderr) }()
		select {
		case <-paused:
			cmd.Process.Signal(syscall.SIGKILL)
			r = <-exited
		case r = <-exited:
		case <-time.After(time.Minute):
			cmd.Process.Signal(syscall.SIGKILL)
			t.Fatalf("kill %v: gov install never reached byte %d of the download in a minute: %v", kl, kl.pauseAt, <-exited)
		}
	default:
		time.Sleep(kl.delay)
		cmd.Process.Signal(syscall.SIGKILL)
		r = finish(t, cmd, stdout, stderr)
	}
	sent := k.m.sent.Load()
	k.m.reset(0, false) // let a paused handler go

	if r.code == 0 && kl.delay > 0 {
		k.phases["(finished before the timed kill: not counted)"]++
		k.recover()
		return
	}
	if r.signal != syscall.SIGKILL {
		t.Fatalf("kill %v: gov install %v, want it killed by SIGKILL", kl, r)
	}
	k.kills++
	phase := k.phase(kl, before, sent)
	k.phases[phase]++
	k.check(kl, phase, before != nil)
	if len(dirNames(t, filepath.Join(k.home, layout.TmpDir))) > 0 {
		k.leftovers++
	}
	k.recover()
}

// phase says where a kill landed, from how it was made, what the server
// sent and what the store holds.
func (k *killer) phase(kl kill, before os.FileInfo, sent int64) string {
	switch {
	case strings.HasPrefix(kl.point, "extract:") && kl.cached:
		return "extracting from the cache (extract:N)"
	case strings.HasPrefix(kl.point, "extract:"):
		return "downloading and extracting (extract:N)"
	case kl.point != "":
		return "at " + kl.point
	case kl.pauseAt > 0:
		return "downloading and extracting (at a byte of the download)"
	}
	var how string
	after, err := os.Stat(k.sdkDir())
	stages, _ := filepath.Glob(filepath.Join(k.home, layout.TmpDir, k.rel.SDKName()+"~stage~*"))
	var staged, extracted bool
	for _, s := range stages {
		if _, err := os.Stat(filepath.Join(s, layout.ReceiptFile)); err == nil {
			staged = true
		}
		if entries, _ := os.ReadDir(s); len(entries) > 0 {
			extracted = true
		}
	}
	switch {
	case err == nil && (before == nil || !os.SameFile(before, after)):
		how = "after the commit"
	case staged:
		how = "staged, before the commit"
	case kl.cached && extracted:
		how = "extracting from the cache"
	case !kl.cached && sent > 0 && sent < int64(len(k.rel.Data)):
		how = "downloading and extracting"
	case !kl.cached && sent > 0:
		how = "downloaded, finishing extraction or checks"
	case extracted:
		how = "extracting"
	default:
		how = "starting: index, lock, clean-up"
	}
	return how + " (timed)"
}

// check asserts what must hold after a kill.
func (k *killer) check(kl kill, phase string, wasInstalled bool) {
	t := k.t
	t.Helper()
	fail := func(format string, args ...any) {
		t.Errorf("kill %v (%s): %s", kl, phase, fmt.Sprintf(format, args...))
	}
	sdks := checkStore(t, k.home, k.rel)
	installed := len(sdks) == 1
	if wasInstalled && !installed {
		fail("sdk/ holds %q: the installed SDK is gone, want the old or the new one", sdks)
	}

	r := runProc(t, k.env, k.gov(), "list", "--json")
	var listed []listedSDK
	if err := json.Unmarshal([]byte(r.stdout), &listed); r.code != 0 || err != nil {
		fail("gov list --json: %v (%v)", r, err)
	}
	var dirs []string
	for _, l := range listed {
		dirs = append(dirs, l.Dir)
	}
	var want []string
	if installed {
		want = []string{k.sdkDir()}
	}
	if !slices.Equal(dirs, want) {
		fail("gov list --json lists %q, want %q", dirs, want)
	}

	shimEnv := append(slices.Clip(k.env), "GOV_VERSION=1.22.3")
	r = runProc(t, shimEnv, filepath.Join(k.home, layout.ShimsDir, "go"), "version")
	switch {
	case installed && (r.code != 0 || r.stdout != "go version go1.22.3 linux/amd64\n"):
		fail("the shim %v; want it to run the installed go1.22.3", r)
	case !installed && (r.code != 1 || r.stderr != "gov: go1.22.3 is not installed (set by GOV_VERSION); run: gov install 1.22.3\n"):
		fail("the shim %v; want it to say go1.22.3 is not installed", r)
	}

	if data, err := os.ReadFile(k.cachedArchive()); err == nil && string(data) != string(k.rel.Data) {
		fail("the download cache holds %d bytes that are not the archive", len(data))
	}
}

// recover runs gov install to the end: it must succeed and leave a
// complete SDK, the shims for it, and nothing in tmp/.
func (k *killer) recover() {
	t := k.t
	t.Helper()
	r := runProc(t, k.env, k.gov(), "install", "1.22.3")
	if r.code != 0 || !strings.Contains(r.stderr, "go1.22.3 (linux-amd64)") && !strings.Contains(r.stderr, "installed go1.22.3 ") {
		t.Fatalf("gov install 1.22.3 after a kill: %v", r)
	}
	// (An SDK that was already installed was checked after the kill.)
	if strings.HasPrefix(r.stderr, "installed ") {
		if got := checkStore(t, k.home, k.rel); !slices.Equal(got, []string{k.rel.SDKName()}) {
			t.Errorf("gov install 1.22.3 after a kill: sdk/ holds %q, want %s", got, k.rel.SDKName())
		}
	}
	if got := dirNames(t, filepath.Join(k.home, layout.TmpDir)); len(got) != 0 {
		t.Errorf("gov install 1.22.3 after a kill left %q in tmp/, want nothing", got)
	}
	if _, err := os.Stat(filepath.Join(k.home, layout.ShimsDir, "go1.22.3")); err != nil {
		t.Errorf("gov install 1.22.3 after a kill: no go1.22.3 shim: %v", err)
	}
}

func (k *killer) gov() string { return filepath.Join(k.bin, "gov") }

// A killMirror serves one release. Its archive is sent in 16 kB chunks,
// with a pause between chunks when throttled (so that timed kills land
// mid-stream), or up to a given byte, where it stops and reports that it
// got there.
type killMirror struct {
	indexURL, baseURL string
	throttle          atomic.Bool
	sent              atomic.Int64 // bytes of the archive sent since reset

	mu      sync.Mutex
	pauseAt int64
	paused  chan struct{} // closed when the server has sent pauseAt bytes
	release chan struct{} // closed by reset: a paused handler returns
}

func newKillMirror(t *testing.T, rel *fakeRelease) *killMirror {
	m := &killMirror{release: make(chan struct{})}
	m.indexURL, m.baseURL = serveMirror(t, []fetchtest.Release{rel.release()}, func(w http.ResponseWriter, r *http.Request, _ string, _ []byte) {
		m.mu.Lock()
		pauseAt, paused, release := m.pauseAt, m.paused, m.release
		m.mu.Unlock()
		w.Header().Set("Content-Length", strconv.Itoa(len(rel.Data)))
		for off := 0; off < len(rel.Data); {
			end := min(off+16<<10, len(rel.Data))
			if pauseAt > 0 && int64(off) < pauseAt && pauseAt <= int64(end) {
				end = int(pauseAt)
			}
			n, err := w.Write(rel.Data[off:end])
			m.sent.Add(int64(n))
			off += n
			if err != nil {
				return
			}
			w.(http.Flusher).Flush()
			if int64(off) == pauseAt {
				close(paused)
				select {
				case <-release:
				case <-r.Context().Done():
				}
				return
			}
			if m.throttle.Load() {
				time.Sleep(time.Millisecond)
			}
		}
	})
	t.Cleanup(func() { m.reset(0, false) }) // before the server closes: a paused handler returns
	return m
}

// reset starts a new kill: the byte to pause at (0: none) and whether to
// throttle. It lets a paused handler return, and returns the channel that
// is closed when the server pauses.
func (m *killMirror) reset(pauseAt int64, throttle bool) <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	close(m.release)
	m.release = make(chan struct{})
	m.pauseAt, m.paused = pauseAt, make(chan struct{})
	m.throttle.Store(throttle)
	m.sent.Store(0)
	return m.paused
}
