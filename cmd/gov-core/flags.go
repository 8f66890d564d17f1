package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// hoistFlags moves a command's flags that follow its arguments in front of
// them ("gov install 1.22 --force" becomes "gov install --force 1.22"):
// urfave/cli v2 stops parsing flags at the first argument, and users type
// flags last. Everything after "--" stays where it is, and gov exec sees
// its "--" even when it comes first.
func hoistFlags(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	var cmd *cli.Command
	for _, c := range app.Commands {
		if c.HasName(args[1]) {
			cmd = c
		}
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
	for i := 2; i < len(args); i++ {
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
	out := append([]string{args[0], args[1]}, flags...)
	if len(rest) > 0 && rest[0] == "--" && cmd.Name == "exec" {
		// Flag parsing eats a "--" that comes first, and gov exec -- CMD
		// (no SPEC) must not read as gov exec CMD (CMD taken for a SPEC).
		out = append(out, "--")
	}
	return append(out, rest...)
}
