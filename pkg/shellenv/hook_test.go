package shellenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/layout"
)

// hookHome makes a store with an SDK (a receipt) for each version, a
// global default, and a project pinned to pin, and moves into its sub
// directory. It clears the environment the resolver reads.
func hookHome(t *testing.T, global, pin string, versions ...string) (home, proj string) {
	home = t.TempDir()
	for _, v := range versions {
		dir := filepath.Join(home, layout.SDKDir, "go"+v+".linux-amd64")
		os.MkdirAll(filepath.Join(dir, "bin"), 0o755)
		os.WriteFile(filepath.Join(dir, layout.ReceiptFile), []byte(`{"version":"`+v+`"}`), 0o644)
	}
	os.WriteFile(filepath.Join(home, layout.GlobalFile), []byte(global+"\n"), 0o644)
	proj = filepath.Join(t.TempDir(), "proj")
	os.MkdirAll(filepath.Join(proj, "sub"), 0o755)
	os.WriteFile(filepath.Join(proj, layout.GoVersionFile), []byte(pin+"\n"), 0o644)
	for _, k := range HookVars() {
		t.Setenv(k, "")
	}
	t.Setenv("GOV_PLATFORM", "linux-amd64")
	t.Setenv("GOENV", "off")
	// Written a minute ago: a file written in the very clock tick the
	// hook stamps counts as newer (one more gov hook-env, never a missed
	// change).
	past := time.Now().Add(-time.Minute)
	for _, root := range []string{home, filepath.Dir(proj)} {
		filepath.Walk(root, func(p string, _ os.FileInfo, _ error) error { return os.Chtimes(p, past, past) })
	}
	t.Chdir(filepath.Join(proj, "sub"))
	return home, proj
}

func TestHook(t *testing.T) {
	home, proj := hookHome(t, "1.22.3", "1.21.10", "1.22.3", "1.21.10")
	h := Hook(home, "4242")
	if want := filepath.Join(home, "sdk", "go1.21.10.linux-amd64", "bin"); h.SDKBin != want {
		t.Errorf("SDKBin = %q, want %q", h.SDKBin, want)
	}
	if h.Toolchain != "local" || h.Hooked != goenv.HookUnset {
		t.Errorf("Toolchain, Hooked = %q, %q; want local, %s (the user set none)", h.Toolchain, h.Hooked, goenv.HookUnset)
	}
	pin := filepath.Join(proj, layout.GoVersionFile)
	for _, p := range []string{pin, filepath.Join(home, layout.SDKDir)} {
		if !slices.Contains(h.Seen, p) {
			t.Errorf("Seen lacks %s: %q", p, h.Seen)
		}
	}
	for _, p := range []string{filepath.Join(proj, "sub", layout.GoVersionFile), filepath.Join(proj, "sub", layout.ToolVersionsFile)} {
		if !slices.Contains(h.None, p) {
			t.Errorf("None lacks %s: %q", p, h.None)
		}
	}
	if h.Ref != filepath.Join(home, layout.HookDir, "4242") {
		t.Fatalf("Ref = %q", h.Ref)
	}
	// Nothing watched is newer than the stamp; a write after it is. The
	// stamp is just before a whole second, so that a -nt of whole seconds
	// (macOS's bash 3.2) sees a write in the second gov answered in.
	ref := mtime(t, h.Ref)
	if ref.Nanosecond() != 999999999 {
		t.Errorf("stamp time %v is not a nanosecond before a whole second", ref)
	}
	for _, p := range h.Seen {
		if mtime(t, p).After(ref) {
			t.Errorf("%s is newer than the stamp at once", p)
		}
	}
	if err := os.WriteFile(pin, []byte("1.22.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !mtime(t, pin).After(ref) {
		t.Errorf("%s written after the stamp is not newer than it (%v, stamp %v)", pin, mtime(t, pin), ref)
	}

	// PATH loses the bins of the store's SDKs (the path function then
	// puts SDKBin first); a PATH without one is left alone.
	other := filepath.Join(home, "sdk", "go1.22.3.linux-amd64", "bin")
	t.Setenv("PATH", other+":/usr/bin:"+h.SDKBin+":"+filepath.Join(home, "sdk", "not-an-sdk", "bin"))
	if got, want := Hook(home, "4242").Path, "/usr/bin:"+filepath.Join(home, "sdk", "not-an-sdk", "bin"); got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
	t.Setenv("PATH", "/usr/bin:/bin")
	if got := Hook(home, "4242").Path; got != "" {
		t.Errorf("Path = %q for a PATH with no SDK bin, want none (no change)", got)
	}

	// The answer is a fixed point: with GOTOOLCHAIN and GOV_HOOK_GOTOOLCHAIN
	// as the hook exported them, it is the same (so is the hook's key).
	t.Setenv("GOTOOLCHAIN", h.Toolchain)
	t.Setenv(goenv.HookVar, h.Hooked)
	again := Hook(home, "4242")
	if again.Toolchain != h.Toolchain || again.Hooked != h.Hooked {
		t.Errorf("second answer Toolchain, Hooked = %q, %q; first %q, %q", again.Toolchain, again.Hooked, h.Toolchain, h.Hooked)
	}
	if want := filepath.Join(home, "sdk", "go1.22.3.linux-amd64", "bin"); again.SDKBin != want {
		t.Errorf("after the edit SDKBin = %q, want %q", again.SDKBin, want)
	}

	// A GOTOOLCHAIN the user sets is theirs.
	t.Setenv("GOTOOLCHAIN", "go1.21.10+auto")
	if u := Hook(home, "4242"); u.Toolchain != "go1.21.10+auto" || u.Hooked != "" {
		t.Errorf("with the user's GOTOOLCHAIN: Toolchain, Hooked = %q, %q", u.Toolchain, u.Hooked)
	}
}

// TestHookNotInstalled: a version that is not installed, or a broken
// version file, leaves the shims first and the user's GOTOOLCHAIN as it
// was, and still watches the files, so that fixing them is seen.
func TestHookNotInstalled(t *testing.T) {
	for _, pin := range []string{"1.20.14", "not-a-version"} {
		home, proj := hookHome(t, "1.22.3", pin, "1.22.3")
		t.Setenv("GOTOOLCHAIN", "local")
		t.Setenv(goenv.HookVar, goenv.HookUnset)
		h := Hook(home, "1")
		if h.SDKBin != "" || h.Toolchain != "" || h.Hooked != "" {
			t.Errorf("pin %s: SDKBin, Toolchain, Hooked = %q, %q, %q; want none (shims first, GOTOOLCHAIN unset again)", pin, h.SDKBin, h.Toolchain, h.Hooked)
		}
		if !slices.Contains(h.Seen, filepath.Join(proj, layout.GoVersionFile)) {
			t.Errorf("pin %s: the version file is not watched: %q", pin, h.Seen)
		}
	}
}

// TestHookSweep: a new shell's stamp clears those of shells that are gone.
func TestHookSweep(t *testing.T) {
	home, _ := hookHome(t, "1.22.3", "1.22.3", "1.22.3")
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	dead := strconv.Itoa(cmd.Process.Pid)
	live := strconv.Itoa(os.Getpid())
	dir := filepath.Join(home, layout.HookDir)
	os.MkdirAll(dir, 0o755)
	for _, n := range []string{dead, live, "junk"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	Hook(home, "77")
	for n, want := range map[string]bool{dead: false, "junk": false, live: true, "77": true} {
		if _, err := os.Stat(filepath.Join(dir, n)); (err == nil) != want {
			t.Errorf("stamp %s there: %v, want %v", n, err == nil, want)
		}
	}
}

func mtime(t *testing.T, p string) time.Time {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.ModTime()
}
