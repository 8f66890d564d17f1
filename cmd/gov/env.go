package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/shellenv"
	"github.com/gov-dev/gov/pkg/store"
)

func envCommand() *cli.Command {
	return &cli.Command{
		Name:      "env",
		Usage:     "print the shell code that puts gov's go first in PATH",
		ArgsUsage: "[bash|zsh|fish|sh|pwsh]",
		Description: `Prints code for your shell to evaluate at start-up; gov never edits a file.
It exports GOV_HOME, puts $GOV_HOME/shims first in PATH (once, however often it
runs), keeps it first before every prompt (bash, zsh, fish, PowerShell) so that
a later rc line such as eval "$(brew shellenv)" cannot put another go before
gov's, and defines the gov shell function that lets gov shell change the
current shell. It never sets GOROOT, GOPATH or GOBIN. It also keeps the shims
current.

With no shell named, gov env uses the shell that runs it (else $SHELL).
gov setup says which file the line belongs in.

Examples:
   eval "$(gov env zsh)"                             in ~/.zshrc
   eval "$(gov env bash)"                            in ~/.bashrc
   gov env fish | source                             in ~/.config/fish/config.fish
   gov env pwsh | Out-String | Invoke-Expression     in $PROFILE
   gov env --json      {"vars": {"GOV_HOME"}, "path_prepend": [...], "path"}`,
		Flags:  []cli.Flag{jsonFlag, quietFlag},
		Action: runEnv,
	}
}

func runEnv(c *cli.Context) error {
	asJSON := c.Bool("json")
	switch {
	case c.NArg() > 1:
		return usagef(c, "env takes one shell name: %s", shellenv.NameList())
	case asJSON && c.NArg() == 1:
		return usagef(c, "env --json is the same for every shell; drop %q", c.Args().First())
	}
	var sh *shellenv.Shell
	if !asJSON {
		var err error
		if sh, _, err = shellArg(c); err != nil {
			return err
		}
	}
	return writeEnv(c.App.Writer, sh, newOutput(c))
}

// envFast runs the forms of gov env that rc files use, gov env and gov env
// SHELL, without the CLI framework and the signal handling every other
// command sets up (which starts an OS thread): gov env runs at every shell
// start. It declines anything else (flags, help, a name it
// does not know, a shell it cannot detect), which Main then runs the usual
// way, with the same results.
func envFast(args []string, stdout, stderr io.Writer) (code int, ok bool) {
	if len(args) < 2 || len(args) > 3 || args[1] != "env" {
		return 0, false
	}
	var sh *shellenv.Shell
	if len(args) == 3 {
		sh, ok = shellenv.Lookup(args[2])
	} else {
		sh, _, ok = shellenv.Detect()
	}
	if !ok || strings.HasPrefix(args[len(args)-1], "-") {
		return 0, false
	}
	if err := writeEnv(stdout, sh, &output{stdout: stdout, stderr: stderr}); err != nil {
		fmt.Fprintln(stderr, "gov: "+oneLine(describe(err)))
		return 1, true
	}
	return 0, true
}

// writeEnv keeps the shims current and prints sh's snippet, or the JSON
// for a nil sh.
func writeEnv(w io.Writer, sh *shellenv.Shell, out *output) error {
	home, err := layout.Home()
	if err != nil {
		return err
	}
	if strings.ContainsRune(home, os.PathListSeparator) {
		return fmt.Errorf("GOV_HOME %s holds %q, which PATH cannot; choose another GOV_HOME", home, os.PathListSeparator)
	}
	if vs := syncShims(store.Open(home), out); len(vs) == 0 {
		out.notef("note: no Go is installed in %s yet; run: gov install latest && gov global latest", home)
	}
	e := shellenv.Env{Home: home}
	if sh == nil {
		return writeJSON(w, e.JSON(os.Getenv("PATH")))
	}
	_, err = io.WriteString(w, sh.Snippet(e))
	return err
}

// shellArg is the shell named by the command's argument, else the one gov
// runs under, and how it was found.
func shellArg(c *cli.Context) (*shellenv.Shell, string, error) {
	if c.NArg() > 0 {
		name := c.Args().First()
		sh, ok := shellenv.Lookup(name)
		if !ok {
			return nil, "", usagef(c, "unknown shell %q; gov supports %s", name, shellenv.NameList())
		}
		return sh, shellenv.FromArg, nil
	}
	sh, from, ok := shellenv.Detect()
	if !ok {
		return nil, "", usagef(c, "cannot tell which shell this is; name it: gov %s %s", c.Command.Name, strings.Join(shellenv.Names(), "|"))
	}
	return sh, from, nil
}
