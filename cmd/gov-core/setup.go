package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/self"
	"github.com/gov-dev/gov/pkg/shellenv"
)

func setupCommand() *cli.Command {
	return &cli.Command{
		Name:      "setup",
		Usage:     "say which line to add to which rc file (edits nothing)",
		ArgsUsage: "[bash|zsh|fish|sh|pwsh]",
		Description: `Prints, for your shell (the one running gov, else $SHELL, unless you name
one), the exact line that enables gov and the file it belongs in, and whether
the file has it already, then the line for completion unless completion is
loaded already (that line, a saved script it sources, or the file the shell
loads by itself). A gov in $GOV_HOME/bin that PATH does not find is named by
its path in the line (eval "$(~/.gov/bin/gov env zsh)"), which then puts it in
PATH. For bash it also checks that login shells (every macOS
Terminal window) read ~/.bashrc. gov never edits a file: add the line
yourself, then open a new shell.

Examples:
   gov setup
   gov setup fish`,
		Action:       runSetup,
		BashComplete: completeShells,
	}
}

func runSetup(c *cli.Context) error {
	if c.NArg() > 1 {
		return usagef(c, "setup takes one shell name: %s", shellenv.NameList())
	}
	sh, from, err := shellArg(c)
	if err != nil {
		return err
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return hint.New("cannot find your home directory", "set HOME")
	}
	st, govFound := setupFor(sh, home)
	file := shellenv.Tilde(st.File, home)

	var b strings.Builder
	how := ""
	switch from {
	case shellenv.FromParent:
		how = " (the shell running gov)"
	case shellenv.FromEnv:
		how = " (from $SHELL)"
	}
	fmt.Fprintf(&b, "gov for %s%s: add this line to %s\n\n    %s\n\n", sh.Name, how, file, st.Line)
	if st.Present > 0 {
		fmt.Fprintf(&b, "%s already runs gov env (line %d): nothing to add.\n", file, st.Present)
	} else {
		fmt.Fprintf(&b, "%s does not have it yet. gov edits no file: add the line, then open a new shell.\n", file)
	}
	for _, n := range st.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if !govFound {
		fmt.Fprintf(&b, "note: gov itself is not on PATH; put its directory in PATH before that line\n")
	}
	switch {
	case st.CompletionAt != "":
		fmt.Fprintf(&b, "\nCompletion is loaded already (%s): nothing to add.\n", st.CompletionAt)
	case st.Completion != "":
		fmt.Fprintf(&b, "\nFor completion, also add:\n\n    %s\n", st.Completion)
	}
	_, err = fmt.Fprint(c.App.Writer, b.String())
	return err
}

// setupFor is sh's Setup for the user whose home directory is home, with
// the line naming the running gov by its path when it is in $GOV_HOME/bin
// and PATH finds no gov there (the line then puts it in PATH). found says
// whether the line's gov will be found: by PATH, or by its path.
func setupFor(sh *shellenv.Shell, home string) (st shellenv.Setup, found bool) {
	st = sh.Setup(home, os.Getenv, runtime.GOOS)
	onPath, err := exec.LookPath("gov")
	found = err == nil
	govHome, err := layout.Home()
	if err != nil {
		return st, found
	}
	bin := shellenv.NewEnv(govHome).Bin
	if bin == "" {
		return st, found
	}
	if found && sameFile(filepath.Dir(onPath), bin) {
		return st, true
	}
	return sh.RunBy(st, filepath.Join(bin, self.Gov), home), true
}

// sameFile reports whether a and b name the same file or directory.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
