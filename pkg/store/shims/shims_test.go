package shims

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// TestSyncConcurrent syncs one home's shims from many goroutines at once,
// as gov processes that install at the same moment do. The shims are
// hard links of the shim binary where they can be, so a sync that wrote
// into a file another sync had linked would write into gov-shim itself:
// the binary and every shim must stay intact, and no temporary file may
// be left.
func TestSyncConcurrent(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "gov-shim")
	body := bytes.Repeat([]byte("gov-shim "), 40_000)
	if err := os.WriteFile(src, body, 0o755); err != nil {
		t.Fatal(err)
	}
	var vs []gover.Version
	for i := range 20 {
		vs = append(vs, gover.MustParse(fmt.Sprintf("1.22.%d", i+1)))
	}
	for round := range 3 {
		home := filepath.Join(dir, fmt.Sprintf("home%d", round))
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := Sync(home, src, "/gov", vs); err != nil {
					t.Errorf("Sync: %v", err)
				}
			}()
		}
		wg.Wait()
		if got, _ := os.ReadFile(src); !bytes.Equal(got, body) {
			t.Fatalf("round %d: after 16 concurrent syncs the shim binary holds %d bytes, want its %d", round, len(got), len(body))
		}
		want := []string{".gov-path", ".stamp", "go", "gofmt"}
		for _, v := range vs {
			want = append(want, v.Toolchain())
		}
		slices.Sort(want)
		entries, err := os.ReadDir(filepath.Join(home, layout.ShimsDir))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
			if e.Name()[0] == '.' {
				continue
			}
			if got, _ := os.ReadFile(filepath.Join(home, layout.ShimsDir, e.Name())); !bytes.Equal(got, body) {
				t.Errorf("round %d: shim %s holds %d bytes, want the shim binary's %d", round, e.Name(), len(got), len(body))
			}
		}
		if !slices.Equal(names, want) {
			t.Errorf("round %d: shims/ holds %q, want %q", round, names, want)
		}
	}
}

// TestKeepRace acts out the race where this gov looks at sdk/ just
// before another gov installs go1.22.3 and syncs its shims: the sync with
// the stale view removes the go1.22.3 shim, so keep must look again.
func TestKeepRace(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "gov-shim")
	if err := os.WriteFile(src, []byte("shim"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	p := platform.Platform{OS: "linux", Arch: "amd64"}
	for _, v := range []string{"1.21.10", "1.22.3"} {
		sdk := filepath.Join(home, layout.SDKDir, layout.SDKName(gover.MustParse(v), p))
		if err := os.MkdirAll(sdk, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sdk, layout.ReceiptFile), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The other gov, which installed go1.22.3, has synced.
	if _, err := Sync(home, src, "/gov", installedVersions(home)); err != nil {
		t.Fatal(err)
	}
	calls := 0
	stale := func(home string) []gover.Version {
		calls++
		if calls == 1 {
			return []gover.Version{gover.MustParse("1.21.10")}
		}
		return installedVersions(home)
	}
	vs, err := keep(home, src, "/gov", stale)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, layout.ShimsDir, "go1.22.3")); err != nil {
		t.Errorf("keep with a stale view of sdk/ left no go1.22.3 shim (%v) for an installed go1.22.3; it returned %v", err, vs)
	}
}

// TestSyncRemovesLeftovers checks that a sync removes the temporary files
// of a sync that was killed (its process is gone), and keeps those of a
// process that runs.
func TestSyncRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "gov-shim")
	if err := os.WriteFile(src, []byte("shim"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	if _, err := Sync(home, src, "/gov", nil); err != nil {
		t.Fatal(err)
	}
	gone := exec.Command(os.Args[0], "-test.run=^$")
	gone.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0") // no second's wait at exit under -race
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead, live := strconv.Itoa(gone.Process.Pid), strconv.Itoa(os.Getppid())
	shims := filepath.Join(home, layout.ShimsDir)
	for _, name := range []string{atomicfile.Prefix + dead + ".1.gov-shim", atomicfile.Prefix + dead + ".1.gov-shim.go", atomicfile.Prefix + live + ".3.gov-shim"} {
		if err := os.WriteFile(filepath.Join(shims, name), []byte("shim"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if changed, err := Sync(home, src, "/gov", nil); err != nil || changed {
		t.Fatalf("Sync = %v, %v, want no change to the shims", changed, err)
	}
	want := []string{".gov-path", ".gov-tmp." + live + ".3.gov-shim", ".stamp", "go", "gofmt"}
	var got []string
	entries, _ := os.ReadDir(shims)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("after a sync, shims/ holds %q, want %q (process %s is gone, %s runs)", got, want, dead, live)
	}
}
