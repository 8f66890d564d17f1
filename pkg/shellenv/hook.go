package shellenv

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
)

// Hook mode (gov env SHELL --hook) keeps the SDK the directory selects
// directly before the shims in PATH, so that go typed at the prompt is the
// real binary. The snippet's prompt hook decides in shell code alone, with
// no process, whether what gov last answered still holds (see
// posixHookFuncs); when it does not, it runs gov hook-env SHELL PID, which
// answers with Hook and prints HookCode. Every rule of which version runs
// stays in the shim's resolver: the shell only compares a key and checks
// the paths that resolver reported reading.
//
// The paths are checked by their modification times against a stamp file,
// $GOV_HOME/hook/PID, because the one test every shell has without a
// process is -nt. The stamp's time is just before the start of the second
// in which gov began to read, by the kernel's clock (the time it wrote the
// stamp, down to the second, less a nanosecond): whatever changes after
// that is newer than the stamp, even for a -nt that compares whole seconds
// (macOS's bash 3.2) or a file system that keeps seconds; a file written
// in that same second before the reads costs a few more hook-env runs
// within the second, never a missed change. A file dated in the future
// (a skewed clock) is newer at every prompt until its time comes: a
// hook-env each prompt, again never a missed change. A file moved over a
// watched one with an older time (mv, cp -p, tar) is not seen until the
// next change; git checkout writes the current time.

// HookVars names the variables the hook's key holds besides the working
// directory: those a selection depends on.
func HookVars() []string { return shim.EnvVars }

// A HookState is what gov hook-env tells the prompt hook.
type HookState struct {
	SDKBin    string   // the SDK's bin to put first; "" to leave the shims first
	Ref       string   // the stamp file; "" when none could be written (the hook then asks at every prompt)
	Seen      []string // watched paths that were there: changed if newer than Ref, or gone
	None      []string // watched paths that were not there: changed if there
	Toolchain string   // GOTOOLCHAIN to export; "" to unset it
	Hooked    string   // goenv.HookVar to export; "" to unset it
	// Path is PATH without the bins of the store's SDKs (the one the hook
	// put there before, or one a parent shell's hook did), which the
	// snippet's path function then puts SDKBin before; "" when PATH holds
	// none.
	Path string
}

// HookCode returns the code that sets h in the shell.
func (s *Shell) HookCode(h HookState) string {
	var b strings.Builder
	add := func(line string) {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	add(s.assignVar("__gov_sdk", h.SDKBin))
	add(s.assignVar("__gov_ref", h.Ref))
	add(s.list("__gov_seen", s.quoteAll(h.Seen)))
	add(s.list("__gov_none", s.quoteAll(h.None)))
	for _, v := range []struct{ name, value string }{{"GOTOOLCHAIN", h.Toolchain}, {goenv.HookVar, h.Hooked}} {
		if v.value == "" {
			add(s.Unset(v.name))
		} else {
			add(s.Set(v.name, v.value))
		}
	}
	if h.Path != "" {
		add(s.Set("PATH", h.Path))
	}
	return b.String()
}

func (s *Shell) quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = s.quote(v)
	}
	return out
}

// Hook answers the prompt hook of the shell with process id pid, for the
// working directory and this process's environment: the SDK the shim
// would run here (its own resolver, shim.Local), what the real go gets
// for GOTOOLCHAIN (shim.Toolchain), and every path the answer depends on.
// A selection that fails, or names an SDK that is not installed, leaves
// the shims first: the shim then says what is wrong, or installs it
// (GOV_AUTO_INSTALL).
func Hook(home, pid string) HookState {
	var h HookState
	ref, stamp, refErr := startRef(home, pid)
	var watched []string
	seen := map[string]bool{}
	watch := func(path string) {
		if !seen[path] {
			seen[path] = true
			watched = append(watched, path)
		}
	}
	user := goenv.Unhook(os.Getenv, "GOTOOLCHAIN")
	h.Toolchain = user
	if sel, err := hookSelect(home, watch); err == nil && sel.Installed() {
		h.SDKBin = filepath.Join(sel.SDK.Dir, layout.BinDir)
		if want := shim.Toolchain(user, sel.Local); want != user {
			h.Toolchain, h.Hooked = want, user
			if user == "" {
				h.Hooked = goenv.HookUnset
			}
		}
	}
	h.Path = withoutSDKBins(home, os.Getenv("PATH"))
	for _, p := range watched {
		if _, err := os.Stat(p); err != nil {
			h.None = append(h.None, p)
		} else {
			h.Seen = append(h.Seen, p)
		}
	}
	if refErr == nil {
		t := stamp.Truncate(time.Second).Add(-time.Nanosecond)
		if os.Chtimes(ref, t, t) == nil {
			h.Ref = ref
		}
	}
	return h
}

// withoutSDKBins returns path without the bin directories of home's SDKs,
// or "" when it holds none.
func withoutSDKBins(home, path string) string {
	dirs := filepath.SplitList(path)
	kept := slices.DeleteFunc(slices.Clone(dirs), func(d string) bool {
		_, ok := layout.SDKOfBin(home, d)
		return ok
	})
	if len(kept) == len(dirs) {
		return ""
	}
	if len(kept) == 0 {
		kept = []string{filepath.Join(home, layout.ShimsDir)} // not empty, which would read as unset
	}
	return strings.Join(kept, string(os.PathListSeparator))
}

// hookSelect is the shim's selection for the working directory.
func hookSelect(home string, watch func(string)) (*shim.Selection, error) {
	p, err := platform.Current()
	if err != nil {
		return nil, err
	}
	wd, err := shim.Getwd()
	if err != nil {
		return nil, err
	}
	return shim.Local(home, p, watch).Resolve(wd)
}

// startRef writes the shell's stamp file, $GOV_HOME/hook/PID, and returns
// its name and the time the kernel gave the write. A new stamp (a new
// shell) first clears the stamps of shells that have exited.
func startRef(home, pid string) (string, time.Time, error) {
	if _, err := strconv.ParseUint(pid, 10, 32); err != nil {
		return "", time.Time{}, errors.New("not a process id: " + pid)
	}
	dir := filepath.Join(home, layout.HookDir)
	name := filepath.Join(dir, pid)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, layout.DirMode); err == nil {
			sweepRefs(dir)
			f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		}
	}
	if err != nil {
		return "", time.Time{}, err
	}
	defer f.Close()
	if _, err := f.WriteString(pid + "\n"); err != nil {
		return "", time.Time{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		return "", time.Time{}, err
	}
	return name, fi.ModTime(), nil
}

// sweepRefs removes the stamps of shells that are gone.
func sweepRefs(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !alive(pid, e) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
