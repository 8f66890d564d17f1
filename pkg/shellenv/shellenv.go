// Package shellenv writes the shell code that puts gov in a shell: the
// snippet that `gov env SHELL` prints for the user's rc file, the code that
// the gov shell function evals for `gov shell`, and the advice `gov setup`
// gives about where the snippet belongs.
//
// Each shell lives in its own file (bash.go, zsh.go, fish.go, sh.go,
// pwsh.go) as a Shell value: its quoting rules, its snippet and its rc
// file. Every value that reaches a snippet is quoted for its shell, so a
// GOV_HOME holding spaces, quotes, $, backquotes or a newline executes
// nothing. A snippet never exports GOROOT, GOPATH or GOBIN: only the shim
// sets GOROOT, for the go it execs.
//
// What every snippet does:
//   - export GOV_HOME;
//   - put $GOV_HOME/shims first in PATH, once, however often it is
//     evaluated;
//   - when the running gov is in $GOV_HOME/bin (where the install script
//     and gov self update put it), put that directory second, after the
//     shims, so that eval "$(~/.gov/bin/gov env zsh)" is the whole shell
//     setup; a gov that lives elsewhere gets the snippet without it;
//   - keep it first on every prompt (bash PROMPT_COMMAND, zsh precmd, a
//     fish event, the PowerShell prompt), in plain shell code that starts
//     no process, so that a later rc line such as eval "$(brew shellenv)"
//     cannot put another go before gov's;
//   - define the gov shell function: gov shell SPEC evals what
//     `gov shell --emit SHELL SPEC` prints; everything else runs the binary.
package shellenv

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/self"
)

// A Shell is one shell's language.
type Shell struct {
	Name string // bash, zsh, fish, sh, pwsh

	quote   func(s string) string            // s as a literal word
	snippet func(hook bool) string           // with @CMD@, @HOME@, @SHIMS@, @BIN@, @SETBIN@ (filled in quoted), @SHELL@, @KEY@, @EMULATE@
	set     func(name, quoted string) string // sets and exports name
	unset   func(name string) string
	assign  func(name, quoted string) string          // sets one of gov's own shell variables (hook mode)
	list    func(name string, quoted []string) string // sets one of gov's own list variables (hook mode)
	key     func(vars []string) string                // the hook's key as an expression; nil: no hook mode
	setup   func(home string, getenv func(string) string, goos string) Setup
}

// shells lists the supported shells, in the order messages name them.
var shells = []*Shell{bashShell, zshShell, fishShell, shShell, pwshShell}

// Names returns the names of the supported shells.
func Names() []string {
	names := make([]string, len(shells))
	for i, s := range shells {
		names[i] = s.Name
	}
	return names
}

// NameList is the supported shells as a phrase for messages:
// "bash, zsh, fish, sh or pwsh".
func NameList() string {
	n := Names()
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// HookNames is the shells with a hook mode, for messages: "bash, zsh,
// fish, pwsh".
func HookNames() string {
	var names []string
	for _, s := range shells {
		if s.Hooks() {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, ", ")
}

// Lookup returns the shell called name. It accepts what a process or
// $SHELL may be called (/bin/zsh, -zsh for a login shell, dash, ksh,
// powershell.exe) as well as the names Names returns.
func Lookup(name string) (*Shell, bool) {
	name = strings.TrimPrefix(filepath.Base(strings.TrimSpace(name)), "-")
	name = strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(name, ".exe"), ".EXE"))
	switch name {
	case "sh", "dash", "ash", "ksh", "ksh93", "mksh", "pdksh", "oksh", "yash", "posh", "busybox":
		name = "sh"
	case "powershell", "pwsh-preview":
		name = "pwsh"
	}
	for _, s := range shells {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// Env is what a snippet sets up.
type Env struct {
	Home string // $GOV_HOME, absolute and clean
	Bin  string // $GOV_HOME/bin when the running gov is there, else ""
	// Hook asks for hook mode (gov env SHELL --hook): the prompt hook
	// also puts the selected SDK's bin first in PATH (hook.go).
	Hook bool
}

// NewEnv returns the Env of gov's home for the running gov: with Bin set
// when that gov is in home's bin directory.
func NewEnv(home string) Env {
	e := Env{Home: home}
	bin := filepath.Join(home, layout.BinDir)
	if exe, err := self.Exe(); err == nil && sameDir(filepath.Dir(exe), bin) {
		e.Bin = bin
	}
	return e
}

// sameDir reports whether a and b are the same directory: by name, else
// by inode (GOV_HOME can be reached through a symbolic link, and the
// running gov's path has its links resolved).
func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// Shims is the directory the snippet puts first in PATH.
func (e Env) Shims() string { return filepath.Join(e.Home, layout.ShimsDir) }

// first is the directories the snippet puts first in PATH, in order.
func (e Env) first() []string {
	if e.Bin == "" {
		return []string{e.Shims()}
	}
	return []string{e.Shims(), e.Bin}
}

// Snippet returns the code that `gov env` prints for the shell to
// evaluate; in hook mode (e.Hook, for a shell that Hooks) it also keeps
// the SDK the directory selects first in PATH.
func (s *Shell) Snippet(e Env) string {
	hook := e.Hook && s.Hooks()
	cmd := "gov env " + s.Name
	if hook {
		cmd += " --hook"
	}
	emulate := ""
	if s.Name == "zsh" {
		emulate = "\n  emulate -L zsh"
	}
	key := ""
	if s.key != nil {
		key = s.key(HookVars())
	}
	return strings.NewReplacer(
		"@CMD@", cmd,
		"@HOME@", s.quote(e.Home),
		"@SHIMS@", s.quote(e.Shims()),
		"@BIN@", s.quote(e.Bin),
		"@SETBIN@", s.assignVar("__gov_bin", e.Bin),
		"@SHELL@", s.Name,
		"@KEY@", key,
		"@EMULATE@", emulate,
	).Replace(s.snippet(hook))
}

// Hooks reports whether the shell has a hook mode: a prompt hook to run
// it from. POSIX sh has none.
func (s *Shell) Hooks() bool { return s.key != nil }

// assignVar sets one of gov's own shell variables to value.
func (s *Shell) assignVar(name, value string) string {
	return s.assign(name, s.quote(value))
}

// withDone fills in the gov function's @DONE@: what runs after a gov
// command (hook mode), or nothing.
func withDone(gov, done string) string { return strings.ReplaceAll(gov, "@DONE@", done) }

// Quote returns str as one literal word of the shell.
func (s *Shell) Quote(str string) string { return s.quote(str) }

// Set returns code that sets and exports the variable name to value.
func (s *Shell) Set(name, value string) string { return s.set(name, s.quote(value)) }

// Unset returns code that removes the variable name from the environment.
func (s *Shell) Unset(name string) string { return s.unset(name) }

// Vars is what `gov env --json` prints: the variables gov wants set and
// the directories it wants first in PATH, for editors and scripts that
// start go without a shell.
type Vars struct {
	Vars        map[string]string `json:"vars"`         // exported as they are
	PathPrepend []string          `json:"path_prepend"` // first in PATH, in this order
	Path        string            `json:"path"`         // PATH as gov wants it: the given one with path_prepend first, once
}

// JSON returns the variables and PATH that the snippet would set, given
// the current PATH.
func (e Env) JSON(path string) Vars {
	return Vars{
		Vars:        map[string]string{"GOV_HOME": e.Home},
		PathPrepend: e.first(),
		Path:        Prepend(path, e.first()...),
	}
}

// Prepend returns the PATH list path with dirs first, in order, and
// nowhere else: what each snippet's path function does, written once in
// Go for JSON and tests. Empty entries (the current directory) are kept.
func Prepend(path string, dirs ...string) string {
	sep := string(os.PathListSeparator)
	if path == "" {
		return strings.Join(dirs, sep)
	}
	out := append([]string{}, dirs...)
	for _, p := range strings.Split(path, sep) {
		if !slices.Contains(dirs, p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
