package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/shellenv"
)

func shellCommand() *cli.Command {
	return &cli.Command{
		Name:      "shell",
		Usage:     "use a Go version in the current shell only (GOV_VERSION)",
		ArgsUsage: "SPEC | --unset",
		Description: `Sets GOV_VERSION in the current shell to the exact version SPEC resolves to
(installing it if needed); --unset clears it. GOV_VERSION wins over every
version file, until the shell exits.

A program cannot change its parent shell: this works through the gov shell
function that gov env defines (gov setup shows the line for your rc file).
Without it, gov shell says how to enable it.

Examples:
   gov shell 1.21
   gov shell --unset`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "unset", Usage: "clear GOV_VERSION"},
			&cli.StringFlag{Name: "emit", Hidden: true, Usage: "print the code for the gov shell function of `SHELL` to eval"},
			platformFlag, offlineFlag, sourceFlag, quietFlag,
		},
		Action:       runShell,
		BashComplete: completeVersions,
	}
}

func runShell(c *cli.Context) error {
	var sh *shellenv.Shell
	if name := c.String("emit"); name != "" {
		var ok bool
		if sh, ok = shellenv.Lookup(name); !ok {
			return usagef(c, "--emit: unknown shell %q; gov supports %s", name, shellenv.NameList())
		}
	}
	if c.Bool("unset") {
		if c.NArg() != 0 {
			return usagef(c, "shell --unset takes no SPEC")
		}
		if sh == nil {
			return shellFunctionMissing()
		}
		fmt.Fprintln(c.App.Writer, sh.Unset("GOV_VERSION"))
		return nil
	}
	if c.NArg() != 1 {
		return usagef(c, "shell takes one SPEC, such as gov shell 1.22, or --unset")
	}
	// A malformed SPEC is a usage error even without the shell function.
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	if sh == nil {
		return shellFunctionMissing()
	}
	sdk, err := runnable(c, specs[0])
	if err != nil {
		return err
	}
	// Versions are plain (1.22.3), but Set quotes anyway: nothing reaches
	// eval unquoted.
	fmt.Fprintln(c.App.Writer, sh.Set("GOV_VERSION", sdk.Version.Pin()))
	return nil
}

// shellFunctionMissing says how to get the gov shell function, with the
// line gov setup would print for this shell.
func shellFunctionMissing() error {
	const msg = "gov shell needs the gov shell function, which gov env defines"
	sh, _, ok := shellenv.Detect()
	home, err := os.UserHomeDir()
	if !ok || err != nil {
		return hint.New(msg, hint.Run("setup")+" to see the line to add to your shell's rc file, then open a new shell")
	}
	st, _ := setupFor(sh, home)
	return hint.New(msg, fmt.Sprintf("add %s to %s (gov setup checks it) and open a new shell", st.Line, shellenv.Tilde(st.File, home)))
}
