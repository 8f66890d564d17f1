package main

import (
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/front"
	"github.com/gov-dev/gov/pkg/shellenv"
)

func envCommand() *cli.Command {
	return &cli.Command{
		Name:      "env",
		Usage:     "print the shell code that puts gov's go first in PATH",
		ArgsUsage: "[bash|zsh|fish|sh|pwsh] [--hook]",
		Description: `Prints code for your shell to evaluate at start-up; gov never edits a file.
It exports GOV_HOME, puts $GOV_HOME/shims first in PATH (once, however often it
runs), keeps it first before every prompt (bash, zsh, fish, PowerShell) so that
a later rc line such as eval "$(brew shellenv)" cannot put another go before
gov's, and defines the gov shell function that lets gov shell change the
current shell. It never sets GOROOT, GOPATH or GOBIN. It also keeps the shims
current. When gov itself is in $GOV_HOME/bin (where the install script and gov
self update put it), that directory goes second in PATH, after the shims, so the
line can name gov by its path: eval "$(~/.gov/bin/gov env zsh)".

With no shell named, gov env uses the shell that runs it (else $SHELL).
gov setup says which file the line belongs in.

--hook (bash, zsh, fish, pwsh) adds hook mode: before each prompt, and after
cd in zsh and fish, the SDK this directory selects (the shim's answer) goes
directly before the shims in PATH, and GOTOOLCHAIN=local is exported unless
you set it, so go typed at the prompt is the real binary at its own speed and
which go names it. A prompt where nothing changed starts no process; after a
change (cd, an edited .go-version, gov use) the hook runs gov hook-env once.
Scripts started from the shell inherit its go even if they cd elsewhere: keep
editors, scripts and CI on the shims. A version that is not installed leaves
the shims in front, with their usual message and GOV_AUTO_INSTALL.

Examples:
   eval "$(gov env zsh)"                             in ~/.zshrc
   eval "$(gov env bash)"                            in ~/.bashrc
   gov env fish | source                             in ~/.config/fish/config.fish
   gov env pwsh | Out-String | Invoke-Expression     in $PROFILE
   eval "$(gov env zsh --hook)"                      hook mode, in ~/.zshrc
   gov env --json      {"vars": {"GOV_HOME"}, "path_prepend": [...], "path"}`,
		Flags:        []cli.Flag{jsonFlag, quietFlag, &cli.BoolFlag{Name: "hook", Usage: "hook mode: keep the selected SDK's bin first in PATH at each prompt"}},
		Action:       runEnv,
		BashComplete: completeShells,
	}
}

func runEnv(c *cli.Context) error {
	asJSON := c.Bool("json")
	switch {
	case c.NArg() > 1:
		return usagef(c, "env takes one shell name: %s", shellenv.NameList())
	case asJSON && c.NArg() == 1:
		return usagef(c, "env --json is the same for every shell; drop %q", c.Args().First())
	case asJSON && c.Bool("hook"):
		return usagef(c, "env --json describes the shims, not a prompt hook; drop --hook")
	}
	var sh *shellenv.Shell
	if !asJSON {
		var err error
		if sh, _, err = shellArg(c); err != nil {
			return err
		}
		if c.Bool("hook") && !sh.Hooks() {
			return usagef(c, "%s has no prompt hook, so no hook mode; use gov env %s (the shims), or --hook with a shell that has one", sh.Name, sh.Name)
		}
	}
	notes := c.App.ErrWriter
	if c.Bool("quiet") {
		notes = io.Discard
	}
	home, err := front.Prepare(notes)
	if err != nil {
		return err
	}
	e := shellenv.NewEnv(home)
	e.Hook = c.Bool("hook")
	if sh == nil {
		return writeJSON(c.App.Writer, e.JSON(os.Getenv("PATH")))
	}
	_, err = io.WriteString(c.App.Writer, sh.Snippet(e))
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

// hookEnvCommand is what the prompt hook of hook mode runs. The gov binary
// (package front) answers it before gov-core starts; gov-core sees it only
// when it is called wrongly, and says how it is called.
func hookEnvCommand() *cli.Command {
	return &cli.Command{
		Name:      "hook-env",
		Hidden:    true,
		Usage:     "answer hook mode's prompt hook (gov env SHELL --hook runs it)",
		ArgsUsage: "SHELL PID",
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef(c, "hook-env takes the shell and its process id, as the hook runs it: gov hook-env bash $$")
			}
			args := append([]string{"gov", "hook-env"}, c.Args().Slice()...)
			if code, _ := front.Env(args, c.App.Writer, c.App.ErrWriter); code != 0 {
				return cli.Exit("", code)
			}
			return nil
		},
	}
}
