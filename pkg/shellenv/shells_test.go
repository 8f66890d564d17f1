package shellenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPathFuncInShells runs each snippet's path function in the real shell
// (where it is installed) over PATH values that trip naive code, and checks
// it does what Prepend does: the shims first, once, everything else kept in
// order. GOV_HOME is hostile, and a decoy directory that would match if
// *?[x] were taken as a pattern must stay.
func TestPathFuncInShells(t *testing.T) {
	e := Env{Home: hostileHome}
	s := e.Shims()
	decoy := strings.Replace(s, "*?[x]", "ZZx", 1)
	testPathFunc(t, e, "", []string{
		"",
		"/usr/bin:/bin",
		s,
		s + ":/usr/bin",
		"/usr/bin:" + s,
		s + ":/a:" + s + ":/b:" + s,
		"/a::/b",
		":/a",
		"/a:",
		decoy + ":/a:" + s + "/:" + s,
		s + "X:/a",
		s + ":" + s,
		"/a:" + s + ":" + s + ":/b",
	})
}

// TestPathFuncInShellsBin is TestPathFuncInShells for a gov in
// $GOV_HOME/bin: the shims first, that directory second, each once.
func TestPathFuncInShellsBin(t *testing.T) {
	e := Env{Home: hostileHome, Bin: filepath.Join(hostileHome, "bin")}
	s, b := e.Shims(), e.Bin
	decoy := strings.Replace(b, "*?[x]", "ZZx", 1)
	testPathFunc(t, e, "", []string{
		"",
		"/usr/bin:/bin",
		s,
		b,
		s + ":" + b,
		b + ":" + s,
		s + ":" + b + ":/usr/bin",
		s + ":/usr/bin:" + b,
		b + ":/usr/bin",
		s + ":" + b + ":/a:" + s,
		s + ":" + b + ":/a:" + b,
		s + ":" + b + ":" + b,
		s + ":" + b + ":" + s + ":" + b,
		s + ":" + b + ":",
		":" + s + ":" + b + ":/a",
		"/a::/b",
		decoy + ":/a:" + b + "/:" + b,
		s + ":" + b + "X:/a",
		s + "X:" + b + ":/a",
	})
}

// TestPathFuncInShellsHook is TestPathFuncInShells in hook mode: the SDK's
// bin the hook chose first, then the shims and $GOV_HOME/bin, each once.
func TestPathFuncInShellsHook(t *testing.T) {
	e := Env{Home: hostileHome, Bin: filepath.Join(hostileHome, "bin"), Hook: true}
	s, b := e.Shims(), e.Bin
	sdk := filepath.Join(hostileHome, "sdk", "go1.22.3.linux-amd64", "bin")
	paths := []string{
		"",
		"/usr/bin:/bin",
		s + ":" + b + ":/usr/bin",
		sdk + ":" + s + ":" + b + ":/usr/bin",
		"/opt/homebrew/bin:" + sdk + ":" + s + ":" + b + ":/usr/bin",
		sdk + ":" + s + ":" + b + ":/usr/bin:" + sdk,
		s + ":" + sdk + ":" + b,
		sdk + ":" + s + ":" + b + ":",
		"/a::" + sdk,
	}
	testPathFunc(t, e, sdk, paths)
}

// testPathFunc runs e's snippets in each shell, then their path function
// with PATH set to each of paths, and compares the result with Prepend's.
// sdk, when set, is the hook's SDK bin.
func testPathFunc(t *testing.T, e Env, sdk string, paths []string) {
	for _, tc := range []struct{ shell, bin string }{
		{"bash", "bash"},
		{"zsh", "zsh"},
		{"sh", "dash"},
		{"fish", "fish"},
	} {
		t.Run(tc.bin, func(t *testing.T) {
			bin, err := exec.LookPath(tc.bin)
			if err != nil {
				t.Skipf("%s is not installed (CI installs it: .ci/run)", tc.bin)
			}
			sh, _ := Lookup(tc.shell)
			var script strings.Builder
			script.WriteString(sh.Snippet(e))
			for _, p := range paths {
				script.WriteString(sh.assignVar("__gov_sdk", sdk) + "\n")
				if tc.shell == "fish" {
					script.WriteString("set PATH")
					if p != "" {
						for _, elem := range strings.Split(p, ":") {
							script.WriteString(" " + sh.Quote(elem))
						}
					}
					script.WriteString("\n__gov_path\nstring join : -- $PATH\necho --end--\n")
				} else {
					script.WriteString("PATH=" + sh.Quote(p) + "\n__gov_path\nprintf '%s\\n--end--\\n' \"$PATH\"\n")
				}
			}
			file := filepath.Join(t.TempDir(), "script")
			if err := os.WriteFile(file, []byte(script.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			args := map[string][]string{"bash": {"--norc", "--noprofile"}, "zsh": {"-f"}, "fish": {"--no-config"}}[tc.bin]
			cmd := exec.Command(bin, append(args, file)...)
			cmd.Dir = t.TempDir()
			cmd.Env = []string{"HOME=" + cmd.Dir, "PATH=/usr/bin:/bin"}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: %v\n%s%s", tc.bin, err, out, stderr.String())
			}
			// In hook mode the snippet's first prompt hook runs gov
			// hook-env, which is not in this PATH: that is all it may say.
			if msg := stderr.String(); msg != "" && (!e.Hook || !strings.Contains(msg, "gov")) {
				t.Errorf("%s wrote to stderr:\n%s", tc.bin, msg)
			}
			got := strings.Split(string(out), "\n--end--\n")
			got = got[:len(got)-1]
			if len(got) != len(paths) {
				t.Fatalf("%s printed %d PATHs for %d cases:\n%s", tc.bin, len(got), len(paths), out)
			}
			for i, p := range paths {
				front := e.first()
				if sdk != "" {
					front = append([]string{sdk}, front...)
				}
				want := Prepend(p, front...)
				if tc.shell == "fish" {
					want = fishDots(want)
				}
				if got[i] != want {
					t.Errorf("%s: __gov_path with PATH=%q\ngot  %q\nwant %q", tc.bin, p, got[i], want)
				}
			}
			if _, err := os.Stat(filepath.Join(cmd.Dir, "pwned")); err == nil {
				t.Errorf("%s ran the command substitution in GOV_HOME", tc.bin)
			}
			if _, err := os.Stat(filepath.Join(cmd.Dir, "pwned2")); err == nil {
				t.Errorf("%s ran the backquotes in GOV_HOME", tc.bin)
			}
		})
	}
}

// fishDots writes empty PATH entries as fish does: ".".
func fishDots(path string) string {
	elems := strings.Split(path, ":")
	for i, e := range elems {
		if e == "" {
			elems[i] = "."
		}
	}
	return strings.Join(elems, ":")
}

// TestHookCodeInShells evaluates what gov hook-env prints in each shell
// and reads the variables back: hostile paths arrive whole, lists keep
// their elements, and GOTOOLCHAIN is exported or unset as asked.
func TestHookCodeInShells(t *testing.T) {
	h := HookState{
		SDKBin:    filepath.Join(hostileHome, "sdk", "go1.22.3.linux-amd64", "bin"),
		Ref:       filepath.Join(hostileHome, "hook", "42"),
		Seen:      []string{filepath.Join(hostileHome, "version"), "/p/a b"},
		None:      []string{"/p/it's/.go-version", "/p/*/go.mod", ""},
		Toolchain: "local",
		Hooked:    "unset",
		Path:      "/usr/bin:/it's a dir:/bin",
	}
	want := strings.Join(append(append([]string{h.SDKBin, h.Ref}, h.Seen...), h.None...), "\n--\n") + "\n--\nlocal/unset//usr/bin:/it's a dir:/bin\n"
	for _, tc := range []struct{ shell, bin, print string }{
		{"bash", "bash", `printf '%s\n--\n' "$__gov_sdk" "$__gov_ref" "${__gov_seen[@]}" "${__gov_none[@]}"; printf '%s/%s/%s\n' "$(printenv GOTOOLCHAIN)" "$(printenv GOV_HOOK_GOTOOLCHAIN)" "$(/usr/bin/printenv PATH)"`},
		{"zsh", "zsh", `printf '%s\n--\n' "$__gov_sdk" "$__gov_ref" "${__gov_seen[@]}" "${__gov_none[@]}"; printf '%s/%s/%s\n' "$(printenv GOTOOLCHAIN)" "$(printenv GOV_HOOK_GOTOOLCHAIN)" "$(/usr/bin/printenv PATH)"`},
		{"fish", "fish", `printf '%s\n--\n' "$__gov_sdk" "$__gov_ref" $__gov_seen $__gov_none; printf '%s/%s/%s\n' (printenv GOTOOLCHAIN) (printenv GOV_HOOK_GOTOOLCHAIN) (/usr/bin/printenv PATH)`},
	} {
		t.Run(tc.bin, func(t *testing.T) {
			bin, err := exec.LookPath(tc.bin)
			if err != nil {
				t.Skipf("%s is not installed (CI installs it: .ci/run)", tc.bin)
			}
			sh, _ := Lookup(tc.shell)
			code := sh.HookCode(h)
			if tc.shell == "fish" {
				// As the snippet reads it: a list of lines, joined again.
				code = "set -l c " + strings.Join(quoteLines(sh, code), " ") + "\nstring join \\n -- $c | source\n"
			}
			file := filepath.Join(t.TempDir(), "script")
			if err := os.WriteFile(file, []byte(code+tc.print+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, file)
			cmd.Dir = t.TempDir()
			cmd.Env = []string{"HOME=" + cmd.Dir, "PATH=/usr/bin:/bin", "GOTOOLCHAIN=auto", "GOV_HOOK_GOTOOLCHAIN=x"}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", tc.bin, err, out)
			}
			if string(out) != want {
				t.Errorf("%s read back\n%q\nwant\n%q", tc.bin, out, want)
			}
		})
	}
}

func quoteLines(sh *Shell, s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		out = append(out, sh.Quote(l))
	}
	return out
}

// TestFreshInShells runs each shell's __gov_fresh, the check every prompt
// makes without a process, against real files: fresh while nothing
// changed; stale once the stamp is gone (zsh's -nt alone would call that
// fresh), a path that was absent appears, a path that was there is written
// or removed.
func TestFreshInShells(t *testing.T) {
	for _, tc := range []struct{ shell, bin string }{{"bash", "bash"}, {"zsh", "zsh"}, {"fish", "fish"}} {
		t.Run(tc.bin, func(t *testing.T) {
			bin, err := exec.LookPath(tc.bin)
			if err != nil {
				t.Skipf("%s is not installed (CI installs it: .ci/run)", tc.bin)
			}
			sh, _ := Lookup(tc.shell)
			dir := t.TempDir()
			seen, none, ref := filepath.Join(dir, "it's seen"), filepath.Join(dir, "none $x"), filepath.Join(dir, "ref")
			past := time.Now().Add(-time.Minute)
			for _, f := range []string{seen, ref} {
				os.WriteFile(f, nil, 0o644)
				os.Chtimes(f, past, past)
			}
			state := sh.HookCode(HookState{Ref: ref, Seen: []string{seen}, None: []string{none}})
			check := "__gov_fresh; and echo fresh; or echo stale\n"
			if tc.shell != "fish" {
				check = "__gov_fresh && echo fresh || echo stale\n"
			}
			at := func(f string, d time.Duration) string { // touch -d @EPOCH: f's time set to past+d
				return "touch -d @" + strconv.FormatInt(past.Add(d).Unix(), 10) + " " + sh.Quote(f) + "\n"
			}
			var script strings.Builder
			script.WriteString(sh.Snippet(Env{Home: t.TempDir(), Hook: true}) + state + check)
			script.WriteString("rm " + sh.Quote(ref) + "\n" + check)
			script.WriteString(state + at(ref, 30*time.Second) + check)
			script.WriteString("touch " + sh.Quote(none) + "\n" + check + "rm " + sh.Quote(none) + "\n" + check)
			script.WriteString("touch " + sh.Quote(seen) + "\n" + check)
			script.WriteString(at(ref, time.Hour) + check + "rm " + sh.Quote(seen) + "\n" + check)
			file := filepath.Join(t.TempDir(), "script")
			os.WriteFile(file, []byte(script.String()), 0o644)
			cmd := exec.Command(bin, file)
			cmd.Dir = dir
			cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin"}
			out, _ := cmd.Output() // the snippet's first hook finds no gov: stderr
			want := "fresh\nstale\nfresh\nstale\nfresh\nstale\nfresh\nstale\n"
			if string(out) != want {
				t.Errorf("%s: __gov_fresh said\n%s\nwant\n%s", tc.bin, out, want)
			}
		})
	}
}
