package main

import (
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// hoistFlags moves a command's (or subcommand's) flags that follow its
// arguments in front of them ("gov install 1.22 --force" becomes "gov
// install --force 1.22", "gov self update v0.2.0 --force" "gov self update
// --force v0.2.0"):
// urfave/cli v2 stops parsing flags at the first argument, and users type
// flags last. Everything after "--" stays where it is, and gov exec sees
// its "--" even when it comes first.
func hoistFlags(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	// The command, and its subcommand if it has them.
	var cmd *cli.Command
	n := 1 // args before the command's own
	for cmds := app.Commands; n < len(args); {
		i := slices.IndexFunc(cmds, func(c *cli.Command) bool { return c.HasName(args[n]) })
		if i < 0 {
			break
		}
		cmd, cmds = cmds[i], cmds[i].Subcommands
		n++
	}
	if cmd == nil || cmd.SkipFlagParsing {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, rest []string
	for i := n; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		value, known := takesValue[name]
		if !strings.HasPrefix(a, "-") || a == "-" || !known {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		if value && !hasValue && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	out := append(slices.Clone(args[:n]), flags...)
	if len(rest) > 0 && rest[0] == "--" && cmd.Name == "exec" {
		// Flag parsing eats a "--" that comes first, and gov exec -- CMD
		// (no SPEC) must not read as gov exec CMD (CMD taken for a SPEC).
		out = append(out, "--")
	}
	return append(out, rest...)
}
