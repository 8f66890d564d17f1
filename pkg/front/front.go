// Package front is the gov command's front door, the gov binary itself.
//
// Every new shell runs gov env (eval "$(gov env zsh)" in an rc file), so
// that command must start as fast as a Go program can: front answers it
// with the few light packages it needs (shellenv, shims) and links nothing
// else — no CLI framework, no HTTP, TLS or archive code, whose package
// initialisation alone costs several milliseconds. Every other command,
// and every other form of env, runs in gov-core, the full command line,
// which front execs from the directory it sits in (the way gov finds
// gov-shim).
package front

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/self"
	"github.com/gov-dev/gov/pkg/shellenv"
	"github.com/gov-dev/gov/pkg/store/shims"
)

// Main is the gov binary's main function.
func Main() {
	if code, ok := Env(os.Args, os.Stdout, os.Stderr); ok {
		os.Exit(code)
	}
	err := runCore(os.Args)
	os.Stderr.WriteString("gov: " + hint.Message(err) + "\n")
	os.Exit(1)
}

// Env runs the forms of gov env that rc files use, "gov env" and
// "gov env SHELL", each with or without --hook, and gov hook-env, which
// the prompt hook of hook mode runs, and reports whether it did. It
// declines anything else (other flags, help, a name it does not know, a
// shell it cannot detect, sh --hook), which gov-core then runs, with the
// same results and its usage errors.
func Env(args []string, stdout, stderr io.Writer) (code int, ok bool) {
	if len(args) == 4 && args[1] == "hook-env" {
		return hookEnv(args[2], args[3], stdout, stderr)
	}
	if len(args) < 2 || args[1] != "env" {
		return 0, false
	}
	rest := args[2:]
	hook := false
	if i := slices.Index(rest, "--hook"); i >= 0 {
		hook = true
		rest = slices.Delete(slices.Clone(rest), i, i+1)
	}
	if len(rest) > 1 {
		return 0, false
	}
	var sh *shellenv.Shell
	if len(rest) == 1 {
		sh, ok = shellenv.Lookup(rest[0])
	} else {
		sh, _, ok = shellenv.Detect()
	}
	if !ok || hook && !sh.Hooks() {
		return 0, false
	}
	home, err := Prepare(stderr)
	if err == nil {
		e := shellenv.NewEnv(home)
		e.Hook = hook
		_, err = io.WriteString(stdout, sh.Snippet(e))
	}
	return report(err, stderr), true
}

// hookEnv runs gov hook-env SHELL PID: the prompt hook's question, what
// the directory selects now (shellenv.Hook). It writes nothing but the
// shell's stamp: no shims kept, no notes, as it runs at prompts.
func hookEnv(name, pid string, stdout, stderr io.Writer) (int, bool) {
	sh, ok := shellenv.Lookup(name)
	if !ok || !sh.Hooks() {
		io.WriteString(stderr, "gov: hook-env: no hook mode for shell "+hint.Quote(name)+"; gov env --hook supports "+shellenv.HookNames()+"\n")
		return 2, true
	}
	home, err := layout.Home()
	if err == nil {
		_, err = io.WriteString(stdout, sh.HookCode(shellenv.Hook(home, pid)))
	}
	return report(err, stderr), true
}

// report prints err, if any, as gov's one line, and returns the exit code.
func report(err error, stderr io.Writer) int {
	if err != nil {
		io.WriteString(stderr, "gov: "+hint.Message(err)+"\n")
		return 1
	}
	return 0
}

// Prepare does what gov env does before it prints: find gov's home, check
// that PATH can hold it, keep the shims current, and, when there is no
// version yet, say on stderr how to install one. That note is for a person
// opening a shell, so it needs stderr to be a terminal: a script or CI job
// that runs eval "$(gov env bash)" and then gov install gets no note that
// reads like an error.
func Prepare(stderr io.Writer) (home string, err error) {
	if home, err = layout.Home(); err != nil {
		return "", err
	}
	if strings.ContainsRune(home, os.PathListSeparator) {
		return "", hint.New("GOV_HOME "+home+" holds "+strconv.QuoteRune(os.PathListSeparator)+", which PATH cannot", "choose another GOV_HOME")
	}
	vs, err := shims.Keep(home)
	if err != nil {
		io.WriteString(stderr, "note: "+hint.Message(err)+"\n")
	}
	if len(vs) == 0 && isTerminal(stderr) {
		io.WriteString(stderr, "note: no Go is installed in "+home+" yet; "+hint.Run("install latest && gov global latest")+"\n")
	}
	return home, nil
}

// isTerminal reports whether w is a terminal, by the file's mode alone
// (a character device: the null device counts too, which does no harm),
// so that gov env links no terminal package.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// corePath returns gov-core's path: beside the running gov.
func corePath() (string, error) {
	exe, err := self.Exe()
	if err != nil {
		return "", errors.New("cannot find the gov binary: " + err.Error())
	}
	core := filepath.Join(filepath.Dir(exe), self.Core)
	if _, err := os.Stat(core); err != nil {
		return "", hint.New(self.Core+" is missing next to "+exe, "build gov's binaries together: go build -o DIR ./cmd/... (or go install ./cmd/...)")
	}
	return core, nil
}
