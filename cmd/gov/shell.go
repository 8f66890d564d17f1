package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
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
function that eval "$(gov env)" defines. Without it, gov shell says how to
enable it.

Examples:
   gov shell 1.21
   gov shell --unset`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "unset", Usage: "clear GOV_VERSION"},
			&cli.StringFlag{Name: "emit", Hidden: true, Usage: "print the code for the gov shell function of `SHELL` to eval"},
			platformFlag, offlineFlag, sourceFlag, quietFlag,
		},
		Action: runShell,
	}
}

func runShell(c *cli.Context) error {
	emit := c.String("emit")
	if c.Bool("unset") {
		if c.NArg() != 0 {
			return usagef(c, "shell --unset takes no SPEC")
		}
		if emit == "" {
			return shellFunctionMissing()
		}
		fmt.Fprintln(c.App.Writer, unsetCode(emit))
		return nil
	}
	if c.NArg() != 1 {
		return usagef(c, "shell takes one SPEC, such as gov shell 1.22, or --unset")
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	if emit == "" {
		return shellFunctionMissing()
	}
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	sdk, err := ensureLocal(c, in, specs[0], out)
	if err != nil {
		return err
	}
	syncShims(in.Store, out)
	fmt.Fprintln(c.App.Writer, setCode(emit, "GOV_VERSION", sdk.Version.String()))
	return nil
}

func shellFunctionMissing() error {
	return fmt.Errorf("gov shell needs the gov shell function; add eval \"$(gov env)\" to your shell's rc file (gov setup says which) and open a new shell")
}

// setCode and unsetCode print what the shell function evals. Versions are
// plain (1.22.3), but quote anyway: nothing reaches eval unquoted.
func setCode(shell, name, value string) string {
	q := "'" + strings.ReplaceAll(value, "'", `'\''`) + "'"
	switch shell {
	case "fish":
		return "set -gx " + name + " " + q
	case "pwsh", "powershell":
		return "$env:" + name + " = '" + strings.ReplaceAll(value, "'", "''") + "'"
	}
	return "export " + name + "=" + q
}

func unsetCode(shell string) string {
	switch shell {
	case "fish":
		return "set -e GOV_VERSION"
	case "pwsh", "powershell":
		return "Remove-Item Env:GOV_VERSION -ErrorAction SilentlyContinue"
	}
	return "unset GOV_VERSION"
}
