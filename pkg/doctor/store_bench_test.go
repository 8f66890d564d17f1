package doctor

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/store"
)

// BenchmarkStoreFiveSDKs is doctor's store check (store.sdks: receipts,
// VERSION, bin/go, and the quick manifest check, one lstat an entry) on a
// store of five real-size SDKs: five copies of the Go that runs the
// benchmark (15,000 files each), each imported as gov import does. The
// target is under 100 ms; cpu-ms/op is what it costs in CPU time, over
// all cores. Setting up copies 1.3 GB, so it runs only when asked for:
//
//	go test -run - -bench StoreFiveSDKs ./pkg/doctor/
func BenchmarkStoreFiveSDKs(b *testing.B) {
	goroot := benchGOROOT(b)
	home := b.TempDir()
	b.Cleanup(func() { store.RemoveAll(home) })
	st := store.Open(home)
	for i := range 5 {
		// The same tree under five versions: hard links, with a VERSION
		// of its own, imported (copied) into the store.
		src := filepath.Join(b.TempDir(), "go")
		if err := linkTree(goroot, src); err != nil {
			b.Fatal(err)
		}
		version := fmt.Sprintf("go1.99.%d", i+1)
		os.Remove(filepath.Join(src, "VERSION"))
		if err := os.WriteFile(filepath.Join(src, "VERSION"), []byte(version+"\ntime 2026-01-01T00:00:00Z\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		if _, _, err := st.Import(context.Background(), src, false); err != nil {
			b.Fatal(err)
		}
	}
	sys := &System{
		Getenv:   func(k string) string { return map[string]string{"GOV_HOME": home, "HOME": home}[k] },
		Platform: Platform{OS: runtime.GOOS, Arch: runtime.GOARCH},
	}
	health, _, n := sys.sdkHealth()
	if n != 5 || health.Status != OK {
		b.Fatalf("store.sdks = %s %q (%d SDKs), want ok with 5", health.Status, health.Summary, n)
	}
	cpu := processCPU()
	for b.Loop() {
		sys.sdkHealth()
	}
	// On a busy machine the time an op takes says little; its CPU time,
	// spread over the cores, says what it costs.
	if used := processCPU() - cpu; used > 0 {
		b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

func benchGOROOT(b *testing.B) string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Skip("no go command:", err)
	}
	return strings.TrimSpace(string(out))
}

// linkTree makes dst a copy of the tree src made of hard links.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		return os.Link(p, target)
	})
}
