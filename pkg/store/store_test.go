package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
)

var (
	linuxAMD64  = platform.Platform{OS: "linux", Arch: "amd64"}
	darwinARM64 = platform.Platform{OS: "darwin", Arch: "arm64"}
	v1223       = gover.MustParse("1.22.3")
)

// writeSDK writes a small fake GOROOT of version (go1.22.3) for plat
// (linux-amd64) into dir.
func writeSDK(t *testing.T, dir, version, plat string) {
	t.Helper()
	if err := fetchtest.WriteGOROOT(dir, version, plat); err != nil {
		t.Fatal(err)
	}
}

// fill returns a FillFunc that writes a fake SDK of version, then calls
// after (if not nil) to spoil it.
func fill(t *testing.T, version string, after func(dir string) error) FillFunc {
	return func(ctx context.Context, dir string, _ func(string) (*os.File, error)) (layout.Receipt, error) {
		writeSDK(t, dir, version, "linux-amd64")
		if after != nil {
			if err := after(dir); err != nil {
				return layout.Receipt{}, err
			}
		}
		return layout.Receipt{Source: "test", URL: "test://" + version, Verified: "unverified"}, nil
	}
}

// snapshot lists every path under the store's sdk/ and tmp/, to compare
// the store before and after a failed change.
func snapshot(t *testing.T, s *Store) []string {
	t.Helper()
	var paths []string
	for _, d := range []string{layout.SDKDir, layout.TmpDir} {
		filepath.WalkDir(s.Path(d), func(path string, e fs.DirEntry, err error) error {
			if err != nil || path == s.Path(d) {
				return nil // an empty tmp/ is as good as none
			}
			rel, _ := filepath.Rel(s.Home, path)
			if e.Name() == layout.ReceiptFile {
				data, _ := os.ReadFile(path)
				rel += " " + string(data)
			}
			paths = append(paths, rel)
			return nil
		})
	}
	return paths
}

func TestInstall(t *testing.T) {
	ctx := context.Background()
	s := Open(tempHome(t))
	sdk, installed, err := s.Install(ctx, v1223, linuxAMD64, false, fill(t, "go1.22.3", nil))
	if err != nil || !installed {
		t.Fatalf("Install = %v, %v, want installed", installed, err)
	}
	want := s.Path("sdk", "go1.22.3.linux-amd64")
	r, err := ReadReceipt(sdk.Dir)
	if sdk.Dir != want || err != nil || r.Version != "go1.22.3" || r.Platform != "linux-amd64" || r.InstalledAt.IsZero() || r.Source != "test" {
		t.Errorf("Install = %+v, receipt %+v, %v, want go1.22.3 in %s with its receipt", sdk, r, err, want)
	}
	if got, ok := layout.Lookup(s.Home, v1223, linuxAMD64); !ok || got != sdk {
		t.Errorf("Lookup = %+v, %v, want %+v", got, ok, sdk)
	}
	if entries, _ := os.ReadDir(s.Path(layout.TmpDir)); len(entries) != 0 {
		t.Errorf("tmp/ holds %d entries after an install, want 0", len(entries))
	}

	// Installed already: nothing happens, fill is not called.
	_, installed, err = s.Install(ctx, v1223, linuxAMD64, false, func(context.Context, string, func(string) (*os.File, error)) (layout.Receipt, error) {
		t.Error("Install called fill for an installed SDK")
		return layout.Receipt{}, errors.New("no")
	})
	if err != nil || installed {
		t.Errorf("Install(installed) = %v, %v, want false, nil", installed, err)
	}

	// --force replaces the SDK whole: a file only the old one had is gone.
	stale := filepath.Join(want, "stale")
	os.WriteFile(stale, []byte("x"), 0o644)
	_, installed, err = s.Install(ctx, v1223, linuxAMD64, true, fill(t, "go1.22.3", nil))
	if err != nil || !installed {
		t.Errorf("Install(force) = %v, %v, want installed", installed, err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("Install(force) kept %s from the old SDK", stale)
	}
	if entries, _ := os.ReadDir(s.Path(layout.TmpDir)); len(entries) != 0 {
		t.Errorf("tmp/ holds %d entries after a reinstall, want 0", len(entries))
	}
}

// TestInstallFailureLeavesStore checks the transaction: whatever fails,
// sdk/ and tmp/ are as they were, for a new SDK and for a reinstall.
func TestInstallFailureLeavesStore(t *testing.T) {
	failures := []struct {
		name string
		fill func(t *testing.T) FillFunc
		want string
	}{
		{"fill error", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(string) error { return errors.New("network down") })
		}, "network down"},
		{"wrong version", func(t *testing.T) FillFunc { return fill(t, "go1.22.4", nil) },
			"test://go1.22.4 is not a Go SDK: its VERSION file says go1.22.4, not go1.22.3"},
		{"no VERSION", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(dir string) error { return os.Remove(filepath.Join(dir, "VERSION")) })
		}, "is not a Go SDK: it has no VERSION file"},
		{"devel VERSION", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(dir string) error {
				return os.WriteFile(filepath.Join(dir, "VERSION"), []byte("devel go1.23-abcdef\n"), 0o644)
			})
		}, `its VERSION file does not name a Go release ("devel go1.23-abcdef")`},
		{"no bin/go", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(dir string) error { return os.Remove(filepath.Join(dir, "bin", "go")) })
		}, "it has no bin/go"},
		{"bin/go not executable", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(dir string) error { return os.Chmod(filepath.Join(dir, "bin", "go"), 0o644) })
		}, "its bin/go is not an executable file"},
		{"bin/go a directory", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(dir string) error {
				os.Remove(filepath.Join(dir, "bin", "go"))
				return os.Mkdir(filepath.Join(dir, "bin", "go"), 0o755)
			})
		}, "its bin/go is not an executable file"},
		{"no pkg/tool", func(t *testing.T) FillFunc {
			return fill(t, "go1.22.3", func(dir string) error { return os.RemoveAll(filepath.Join(dir, "pkg", "tool")) })
		}, "it has no pkg/tool directory"},
		{"cancelled", func(t *testing.T) FillFunc {
			return func(context.Context, string, func(string) (*os.File, error)) (layout.Receipt, error) {
				return layout.Receipt{}, context.Canceled
			}
		}, "context canceled"},
	}
	for _, f := range failures {
		for _, reinstall := range []bool{false, true} {
			t.Run(f.name+map[bool]string{true: ", reinstall"}[reinstall], func(t *testing.T) {
				ctx := context.Background()
				s := Open(tempHome(t))
				if reinstall {
					if _, _, err := s.Install(ctx, v1223, linuxAMD64, false, fill(t, "go1.22.3", nil)); err != nil {
						t.Fatal(err)
					}
				}
				before := snapshot(t, s)
				_, installed, err := s.Install(ctx, v1223, linuxAMD64, true, f.fill(t))
				if err == nil || installed || !strings.Contains(err.Error(), f.want) {
					t.Errorf("Install(%s) = %v, %v, want false and an error containing %q", f.name, installed, err, f.want)
				}
				if after := snapshot(t, s); !slices.Equal(after, before) {
					t.Errorf("Install(%s) changed the store:\nbefore %q\nafter  %q", f.name, before, after)
				}
			})
		}
	}
}

// TestInstallStoppedBeforeCommit checks that an install whose context is
// cancelled (Ctrl-C) once its SDK is staged still stops: the rename into
// sdk/ is the point of no return, and it is not reached.
func TestInstallStoppedBeforeCommit(t *testing.T) {
	for _, reinstall := range []bool{false, true} {
		s := Open(tempHome(t))
		if reinstall {
			if _, _, err := s.Install(context.Background(), v1223, linuxAMD64, false, fill(t, "go1.22.3", nil)); err != nil {
				t.Fatal(err)
			}
		}
		before := snapshot(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		filled := fill(t, "go1.22.3", nil)
		_, installed, err := s.Install(ctx, v1223, linuxAMD64, true, func(ctx context.Context, dir string, temp func(string) (*os.File, error)) (layout.Receipt, error) {
			defer cancel()
			return filled(ctx, dir, temp)
		})
		if !errors.Is(err, context.Canceled) || installed {
			t.Errorf("Install(reinstall %v), cancelled once filled = %v, %v, want false, context.Canceled", reinstall, installed, err)
		}
		if after := snapshot(t, s); !slices.Equal(after, before) {
			t.Errorf("Install(reinstall %v), cancelled once filled, changed the store:\nbefore %q\nafter  %q", reinstall, before, after)
		}
	}
}

// TestNoReceipt checks that a directory in sdk/ without a receipt (an
// install cut short by a crash) does not exist for gov, and is replaced
// by the next install.
func TestNoReceipt(t *testing.T) {
	ctx := context.Background()
	s := Open(tempHome(t))
	dir := s.SDKDir(v1223, linuxAMD64)
	writeSDK(t, dir, "go1.22.3", "linux-amd64")
	os.WriteFile(filepath.Join(dir, "half"), []byte("x"), 0o644)
	if _, ok := layout.Lookup(s.Home, v1223, linuxAMD64); ok {
		t.Errorf("Lookup(no receipt) = installed, want not installed")
	}
	if err := s.Uninstall(ctx, v1223, linuxAMD64); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Uninstall(no receipt) = %v, want ErrNotInstalled", err)
	}
	_, installed, err := s.Install(ctx, v1223, linuxAMD64, false, fill(t, "go1.22.3", nil))
	if err != nil || !installed {
		t.Fatalf("Install(over no receipt) = %v, %v, want installed", installed, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "half")); err == nil {
		t.Errorf("Install(over no receipt) kept the half-installed file")
	}
	if _, ok := layout.Lookup(s.Home, v1223, linuxAMD64); !ok {
		t.Errorf("Lookup(after install) = not installed")
	}
	// A damaged receipt is an error to whoever reads it, on an installed
	// SDK (the shim runs it: a reinstall mends it). The SDK is read-only:
	// writing in it takes its write bit back first.
	if err := os.Chmod(dir, layout.DirMode); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, layout.ReceiptFile))
	os.WriteFile(filepath.Join(dir, layout.ReceiptFile), []byte("{"), 0o644)
	if _, err := ReadReceipt(dir); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadReceipt(damaged receipt) = %v, want a read error", err)
	}
	// An empty receipt (a power cut before its data reached the disk)
	// is no receipt: the SDK is not installed, and the next install
	// replaces it.
	if err := os.WriteFile(filepath.Join(dir, layout.ReceiptFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := layout.Lookup(s.Home, v1223, linuxAMD64); ok {
		t.Errorf("Lookup(empty receipt) = installed, want not installed")
	}
	if _, installed, err := s.Install(ctx, v1223, linuxAMD64, false, fill(t, "go1.22.3", nil)); err != nil || !installed {
		t.Errorf("Install(over an empty receipt) = %v, %v, want installed", installed, err)
	}
}

func TestUninstall(t *testing.T) {
	ctx := context.Background()
	s := Open(tempHome(t))
	if err := s.Uninstall(ctx, v1223, linuxAMD64); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Uninstall(not installed) = %v, want ErrNotInstalled", err)
	}
	for _, p := range []platform.Platform{linuxAMD64, darwinARM64} {
		if _, _, err := s.Install(ctx, v1223, p, false, func(ctx context.Context, dir string, _ func(string) (*os.File, error)) (layout.Receipt, error) {
			writeSDK(t, dir, "go1.22.3", p.String())
			return layout.Receipt{}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Uninstall(ctx, v1223, linuxAMD64); err != nil {
		t.Fatalf("Uninstall = %v", err)
	}
	if _, err := os.Stat(s.SDKDir(v1223, linuxAMD64)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Uninstall left %s: %v", s.SDKDir(v1223, linuxAMD64), err)
	}
	if _, ok := layout.Lookup(s.Home, v1223, darwinARM64); !ok {
		t.Errorf("Uninstall(linux-amd64) removed darwin-arm64 too")
	}
	if entries, _ := os.ReadDir(s.Path(layout.TmpDir)); len(entries) != 0 {
		t.Errorf("tmp/ holds %d entries after an uninstall, want 0", len(entries))
	}
	if err := s.Uninstall(ctx, v1223, linuxAMD64); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Uninstall(twice) = %v, want ErrNotInstalled", err)
	}
}

// TestClean checks that clean removes the leftovers of SDKs whose lock is
// free and keeps those of an SDK being installed.
func TestClean(t *testing.T) {
	ctx := context.Background()
	s := Open(tempHome(t))
	free, busy := "go1.22.3.linux-amd64", "go1.21.10.linux-amd64"
	var leftovers []string
	for _, name := range []string{free, busy} {
		d, err := s.tempDir(name, "stage")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "VERSION"), []byte("go1.22.3"), 0o644)
		f, err := s.tempFile(name, "dl")
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		leftovers = append(leftovers, filepath.Base(d), filepath.Base(f.Name()))
	}
	// Not gov's: no owner in the name.
	os.WriteFile(s.Path(layout.TmpDir, "unrelated"), nil, 0o644)
	unlock, err := s.Lock(ctx, busy)
	if err != nil {
		t.Fatal(err)
	}
	s.clean()
	var got []string
	entries, _ := os.ReadDir(s.Path(layout.TmpDir))
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{leftovers[2], leftovers[3], "unrelated"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Clean with %s locked left %q, want %q", busy, got, want)
	}
	unlock()
	s.clean()
	entries, _ = os.ReadDir(s.Path(layout.TmpDir))
	if len(entries) != 1 {
		t.Errorf("Clean with no lock held left %d entries, want only the unrelated file", len(entries))
	}
}

// TestLock checks that holders of one SDK's lock never overlap, and that
// another SDK's lock is independent.
func TestLock(t *testing.T) {
	ctx := context.Background()
	s := Open(tempHome(t))
	var inside, overlaps atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := s.Lock(ctx, "go1.22.3.linux-amd64")
			if err != nil {
				t.Error(err)
				return
			}
			if inside.Add(1) != 1 {
				overlaps.Add(1)
			}
			time.Sleep(2 * time.Millisecond)
			inside.Add(-1)
			unlock()
		}()
	}
	wg.Wait()
	if n := overlaps.Load(); n != 0 {
		t.Errorf("Lock let %d holders overlap, want 0", n)
	}

	unlock, err := s.Lock(ctx, "go1.22.3.linux-amd64")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	other, err := s.Lock(ctx, "go1.21.10.linux-amd64")
	if err != nil {
		t.Fatalf("Lock(another SDK) = %v while one is held", err)
	}
	other()
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.Lock(cctx, "go1.22.3.linux-amd64"); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting for another gov to finish with go1.22.3.linux-amd64") {
		t.Errorf("Lock(held, deadline) = %v, want a wait error", err)
	}
}

// TestInstallConcurrent checks that installs of one SDK at once fill it once.
func TestInstallConcurrent(t *testing.T) {
	ctx := context.Background()
	s := Open(tempHome(t))
	var fills atomic.Int32
	var wg sync.WaitGroup
	installed := make(chan bool, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, ok, err := s.Install(ctx, v1223, linuxAMD64, false, func(ctx context.Context, dir string, temp func(string) (*os.File, error)) (layout.Receipt, error) {
				fills.Add(1)
				return fill(t, "go1.22.3", nil)(ctx, dir, temp)
			})
			if err != nil {
				t.Error(err)
			}
			installed <- ok
		}()
	}
	wg.Wait()
	close(installed)
	n := 0
	for ok := range installed {
		if ok {
			n++
		}
	}
	if fills.Load() != 1 || n != 1 {
		t.Errorf("8 concurrent installs filled %d times and installed %d times, want 1 and 1", fills.Load(), n)
	}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // platform, or part of the error
	}{
		{"native", func(t *testing.T, dir string) { writeSDK(t, dir, "go1.22.3", platform.Native().String()) }, platform.Native().String()},
		{"darwin-arm64", func(t *testing.T, dir string) { writeSDK(t, dir, "go1.22.3", "darwin-arm64") }, "darwin-arm64"},
		{"linux-arm", func(t *testing.T, dir string) { writeSDK(t, dir, "go1.22.3", "linux-armv6l") }, "linux-arm"},
		{"cross tools: native wins", func(t *testing.T, dir string) {
			writeSDK(t, dir, "go1.22.3", platform.Native().String())
			os.MkdirAll(filepath.Join(dir, "pkg", "tool", "aaa_bbb"), 0o755)
			os.MkdirAll(filepath.Join(dir, "pkg", "tool", "linux_amd64_race"), 0o755)
		}, platform.Native().String()},
		{"no VERSION", func(t *testing.T, dir string) {
			writeSDK(t, dir, "go1.22.3", "linux-amd64")
			os.Remove(filepath.Join(dir, "VERSION"))
		}, "is not a Go SDK: it has no VERSION file"},
		{"no pkg/tool", func(t *testing.T, dir string) {
			writeSDK(t, dir, "go1.22.3", "linux-amd64")
			os.RemoveAll(filepath.Join(dir, "pkg", "tool"))
		}, "is not a Go SDK: it has no pkg/tool directory"},
		{"empty pkg/tool", func(t *testing.T, dir string) {
			writeSDK(t, dir, "go1.22.3", "linux-amd64")
			os.RemoveAll(filepath.Join(dir, "pkg", "tool", "linux_amd64"))
		}, "is not a Go SDK: pkg/tool has no <goos>_<goarch> directory"},
		{"missing", func(t *testing.T, dir string) { os.RemoveAll(dir) }, "is not a Go SDK: it has no VERSION file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "goroot")
			os.Mkdir(src, 0o755)
			tt.setup(t, src)
			s := Open(tempHome(t))
			sdk, installed, err := s.Import(ctx, src, false)
			if _, perr := platform.Parse(tt.want); perr != nil {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), src+" ") {
					t.Errorf("Import(%s) = %v, want an error naming %s and containing %q", tt.name, err, src, tt.want)
				}
				if entries, _ := os.ReadDir(s.Path(layout.SDKDir)); len(entries) != 0 {
					t.Errorf("Import(%s) failed but left %d entries in sdk/", tt.name, len(entries))
				}
				return
			}
			if err != nil || !installed || sdk.Platform.String() != tt.want || sdk.Version != v1223 {
				t.Fatalf("Import(%s) = %v %v, %v, %v, want go1.22.3 %s", tt.name, sdk.Version, sdk.Platform, installed, err, tt.want)
			}
			if r, _ := ReadReceipt(sdk.Dir); r.Source != "import" || r.URL != src || r.Verified != "imported from "+src+" (not verified)" {
				t.Errorf("Import(%s) receipt = %+v, want an import receipt", tt.name, r)
			}
			if fi, err := os.Stat(filepath.Join(sdk.Dir, "bin", "go")); err != nil || fi.Mode().Perm()&0o111 == 0 {
				t.Errorf("Import(%s): bin/go = %v, %v, want an executable copy", tt.name, fi, err)
			}
			if _, err := os.Stat(filepath.Join(src, layout.ReceiptFile)); err == nil {
				t.Errorf("Import(%s) wrote a receipt into the source", tt.name)
			}
			// Again: already installed; with force: replaced.
			if _, installed, err := s.Import(ctx, src, false); err != nil || installed {
				t.Errorf("Import(%s) again = %v, %v, want already installed", tt.name, installed, err)
			}
			if _, installed, err := s.Import(ctx, src, true); err != nil || !installed {
				t.Errorf("Import(%s, force) = %v, %v, want installed", tt.name, installed, err)
			}
		})
	}
}

// TestGlobal checks that what SetGlobal writes is what the shim reads,
// and that current points at the default's GOROOT, relative to the home,
// replaced in one rename.
func TestGlobal(t *testing.T) {
	s := Open(filepath.Join(tempHome(t), "home"))
	if g, err := shim.ReadGlobal(s.Home); g != nil || err != nil {
		t.Errorf("ReadGlobal(unset) = %v, %v, want none", g, err)
	}
	p := platform.Platform{OS: "linux", Arch: "amd64"}
	for _, v := range []gover.Version{v1223, gover.MustParse("1.21.10")} {
		sdk := layout.SDK{Version: v, Platform: p, Dir: s.SDKDir(v, p)}
		if err := s.SetGlobal(v, p); err != nil {
			t.Fatal(err)
		}
		if g, err := shim.ReadGlobal(s.Home); err != nil || g.Raw != v.Pin() {
			t.Errorf("Global() = %v, %v, want %s", g, err, v)
		}
		want := filepath.Join("sdk", sdk.Name())
		if got, err := os.Readlink(s.Path(layout.CurrentLink)); err != nil || got != want {
			t.Errorf("current -> %q, %v, want %q", got, err, want)
		}
	}
	if entries, _ := os.ReadDir(s.Home); len(entries) != 2 {
		t.Errorf("home holds %d entries, want version and current: %v", len(entries), entries)
	}
}

// tempHome is a fresh directory for a store that the end of the test
// removes, read-only SDKs and all: t.TempDir's own removal cannot empty
// a directory without its write bit unless the test runs as root.
func tempHome(t testing.TB) string {
	dir := t.TempDir()
	t.Cleanup(func() { RemoveAll(dir) })
	return dir
}
