package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/layout"
)

// TestConcurrentCommands runs, all at once, sixteen gov install processes
// for two versions (eight each), a gov uninstall of one of them, the shim
// for that one in a loop, and gov list --json in a loop. Every command must
// end with the right result or a clear error, each archive must be
// downloaded once in all, and afterwards the store must be consistent:
// every SDK complete and verified, tmp/ empty, a shim for each installed
// version and for nothing else.
func TestConcurrentCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the concurrency test in -short mode")
	}
	bin := builtGov(t)
	gov := filepath.Join(bin, "gov")
	fakego, err := os.ReadFile(filepath.Join(bin, "fakego"))
	if err != nil {
		t.Fatal(err)
	}
	// go1.22.3 is installed, then uninstalled while eight processes
	// install it; go1.21.10 is new.
	a := newFakeRelease("go1.22.3", 300, 1024, 1, fakego)
	b := newFakeRelease("go1.21.10", 300, 1024, 2, fakego)
	var mu sync.Mutex
	gets := map[string]int{}
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{a.release(), b.release()}, func(name string) {
		mu.Lock()
		gets[name]++
		mu.Unlock()
	})
	home := filepath.Join(memTempDir(t), "gov")
	env := govEnv(t, home, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
	if r := runProc(t, env, gov, "install", "-q", "1.22.3"); r.code != 0 {
		t.Fatalf("gov install 1.22.3: %v", r)
	}

	type run struct {
		args []string
		r    result
	}
	var runs []*run
	for i := range 16 {
		v := []string{"1.22.3", "1.21.10"}[i%2]
		runs = append(runs, &run{args: []string{"install", v}})
	}
	uninstall := &run{args: []string{"uninstall", "1.22.3"}}
	runs = append(runs, uninstall)

	var wg sync.WaitGroup
	done := make(chan struct{})
	start := make(chan struct{})
	for _, rn := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rn.r = runProc(t, env, gov, rn.args...)
		}()
	}
	// Readers, until every gov command has ended (and at least a few
	// times): the shim for the version being uninstalled, and gov list.
	var readers sync.WaitGroup
	var shimRuns, lists []result
	readers.Add(2)
	go func() {
		defer readers.Done()
		shimEnv := append(slices.Clip(env), "GOV_VERSION=1.22.3")
		<-start
		for i := 0; ; i++ {
			select {
			case <-done:
				if i >= 5 {
					return
				}
			default:
			}
			shimRuns = append(shimRuns, runProc(t, shimEnv, filepath.Join(home, layout.ShimsDir, "go"), "version"))
		}
	}()
	go func() {
		defer readers.Done()
		<-start
		for i := 0; ; i++ {
			select {
			case <-done:
				if i >= 5 {
					return
				}
			default:
			}
			lists = append(lists, runProc(t, env, gov, "list", "--json"))
		}
	}()
	close(start)
	wg.Wait()
	close(done)
	readers.Wait()

	// Each command: the right result, or a clear error.
	installedA := 0
	for _, rn := range runs[:16] {
		v := rn.args[1]
		lines := strings.Split(strings.TrimSuffix(rn.r.stderr, "\n"), "\n")
		switch r, last := rn.r, lines[len(lines)-1]; {
		case r.code != 0:
			t.Errorf("gov %s: %v, want success", strings.Join(rn.args, " "), r)
		case strings.HasPrefix(last, "installed go"+v+" (linux-amd64) in "):
			if v == "1.22.3" {
				installedA++
			}
		case strings.HasPrefix(last, "go"+v+" (linux-amd64) is already installed in "):
		default:
			t.Errorf("gov %s: %v, want an installed or already-installed note", strings.Join(rn.args, " "), r)
		}
	}
	// go1.22.3 was installed when the uninstall started: it succeeds.
	if r := uninstall.r; r.code != 0 || r.stderr != "uninstalled go1.22.3 (linux-amd64)\n" {
		t.Errorf("gov uninstall 1.22.3 among installs: %v, want it uninstalled", r)
	}
	for _, r := range shimRuns {
		ok := r.code == 0 && r.stdout == "go version go1.22.3 linux/amd64\n" ||
			r.code == 1 && r.stderr == "gov: go1.22.3 is not installed (set by GOV_VERSION); run: gov install 1.22.3\n"
		if !ok {
			t.Errorf("the shim for go1.22.3 while it was uninstalled and reinstalled: %v, want go1.22.3 to run or a not-installed error", r)
		}
	}
	for _, r := range lists {
		var listed []listedSDK
		if err := json.Unmarshal([]byte(r.stdout), &listed); r.code != 0 || err != nil {
			t.Errorf("gov list --json among installs: %v (%v)", r, err)
		}
		for _, l := range listed {
			if l.Toolchain != "go1.22.3" && l.Toolchain != "go1.21.10" || !strings.HasPrefix(l.Verified, "sha256 from ") {
				t.Errorf("gov list --json among installs lists %+v, want go1.22.3 or go1.21.10 verified by sha256", l)
			}
		}
	}
	t.Logf("%d shim runs, %d gov list runs among the installs; go1.22.3 reinstalled %d times after the uninstall", len(shimRuns), len(lists), installedA)

	// The store afterwards.
	want := []string{b.SDKName()}
	if installedA > 0 {
		want = []string{b.SDKName(), a.SDKName()}
	}
	if installedA > 1 {
		t.Errorf("go1.22.3 was installed %d times after one uninstall, want at most once", installedA)
	}
	if got := checkStore(t, home, a, b); !slices.Equal(got, want) {
		t.Errorf("sdk/ holds %q, want %q (go1.22.3 reinstalled %d times)", got, want, installedA)
	}
	if got := dirNames(t, filepath.Join(home, layout.TmpDir)); len(got) != 0 {
		t.Errorf("tmp/ holds %q after every command ended, want nothing", got)
	}
	wantShims := []string{".gov-path", ".stamp", "go", "go1.21.10", "gofmt"}
	if installedA > 0 {
		wantShims = []string{".gov-path", ".stamp", "go", "go1.21.10", "go1.22.3", "gofmt"}
	}
	if got := dirNames(t, filepath.Join(home, layout.ShimsDir)); !slices.Equal(got, wantShims) {
		t.Errorf("shims/ holds %q, want %q", got, wantShims)
	}
	shimBin, _ := os.ReadFile(filepath.Join(bin, "gov-shim"))
	for _, name := range wantShims[2:] {
		if data, err := os.ReadFile(filepath.Join(home, layout.ShimsDir, name)); err != nil || string(data) != string(shimBin) {
			t.Errorf("shims/%s is %d bytes, %v; want a copy of gov-shim (%d bytes)", name, len(data), err, len(shimBin))
		}
	}
	// One download of each archive in all: installs of one version
	// serialize, and a reinstall after the uninstall unpacks the cache.
	for _, rel := range []*fakeRelease{a, b} {
		if gets[rel.Filename] != 1 {
			t.Errorf("%s was downloaded %d times, want once", rel.Filename, gets[rel.Filename])
		}
	}
}
