package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/shellenv"
)

// Completion: the scripts gov completion prints run
//
//	gov __complete SHELL WORD...
//
// with the words typed after gov, the last one being the word under the
// cursor ("" at the start of a new word). gov prints the candidates that
// start with it, one a line, and never runs the command being typed
// (Main answers __complete before the CLI parses anything). What is
// offered follows from the app's definition, so a new command needs no
// code here: its name and usage, its flags after "-" or "--", nothing for
// a flag's value or after "--" (the shell completes files), and for its
// arguments whatever its BashComplete prints (completeVersions and the
// like), called with a context that holds the flags and arguments typed
// so far. help is never offered: the CLI adds its help commands when it
// runs, and completion answers before that.

// completeCommand is the hidden command the completion scripts call.
const completeCommand = "__complete"

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a completion script: commands, their flags, the versions of the
cached release index for install, and the installed versions for commands that
take one (use, global, shell, exec, uninstall, verify). Completing never runs a command
and never uses the network.

Examples:
   eval "$(gov completion bash)"      in ~/.bashrc
   eval "$(gov completion zsh)"       in ~/.zshrc, after compinit
   gov completion fish | source       in ~/.config/fish/config.fish`,
		Action: runCompletion,
		BashComplete: func(c *cli.Context) {
			if c.NArg() == 0 {
				fmt.Fprintln(c.App.Writer, "bash\nzsh\nfish")
			}
		},
	}
}

func runCompletion(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef(c, "completion takes one shell name: bash, zsh or fish")
	}
	name := c.Args().First()
	script, ok := completionScripts[name]
	if !ok {
		return usagef(c, "unknown shell %q for completion; gov completes in bash, zsh or fish", name)
	}
	_, err := io.WriteString(c.App.Writer, script)
	return err
}

// completionScripts call the gov binary (command gov), not the gov shell
// function, and pass the typed words as they are: nothing is evaluated.
var completionScripts = map[string]string{
	// nosort keeps gov's order (versions newest first) in bash 4.4 and
	// later; older bash (macOS's 3.2) has no compopt and sorts.
	"bash": `# gov completion bash: eval "$(gov completion bash)" in ~/.bashrc
_gov_complete() {
  local IFS=$'\n'
  COMPREPLY=($(command gov __complete bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o bashdefault -o default -F _gov_complete gov
compopt -o nosort gov 2>/dev/null || true
`,
	// Candidates come as "name:description" where there is one; -V keeps
	// gov's order.
	"zsh": `#compdef gov
# gov completion zsh: eval "$(gov completion zsh)" in ~/.zshrc, after compinit
_gov() {
  local -a opts
  opts=("${(@f)$(command gov __complete zsh "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ -n ${opts[1]} ]]; then
    _describe -V gov opts
  else
    _files
  fi
}
compdef _gov gov
`,
	// Candidates come as "name<TAB>description" where there is one; -k
	// keeps gov's order.
	"fish": `# gov completion fish: gov completion fish | source, in ~/.config/fish/config.fish
function __gov_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l out (command gov __complete fish $words[2..-1] $cur 2>/dev/null)
    if set -q out[1]
        printf '%s\n' $out
    else
        __fish_complete_path $cur
    end
end
complete -c gov -e
complete -c gov -f -k -a '(__gov_complete)'
`,
}

// runComplete answers gov __complete SHELL WORD... (args without gov and
// __complete): the candidates for the last word, one a line, on stdout.
func runComplete(app *cli.App, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || completionScripts[args[0]] == "" {
		fmt.Fprintf(stderr, "gov: %s needs a shell (bash, zsh or fish) and the words typed after gov\n", completeCommand)
		return 2
	}
	shell, words := args[0], args[1:]
	cur := ""
	if len(words) > 0 {
		cur, words = words[len(words)-1], words[:len(words)-1]
	}
	w := bufio.NewWriter(stdout)
	for _, c := range candidates(app, words, cur) {
		if !strings.HasPrefix(c.name, cur) {
			continue
		}
		switch {
		case c.desc == "" || shell == "bash":
			fmt.Fprintln(w, c.name)
		case shell == "zsh":
			fmt.Fprintf(w, "%s:%s\n", strings.ReplaceAll(c.name, ":", `\:`), c.desc)
		case shell == "fish":
			fmt.Fprintf(w, "%s\t%s\n", c.name, c.desc)
		}
	}
	w.Flush()
	return 0
}

// A candidate is a word the shell may offer, with what it means.
type candidate struct{ name, desc string }

// candidates lists what may follow words (the words typed after gov) as
// the word cur, which only matters for telling a flag from an argument.
func candidates(app *cli.App, words []string, cur string) []candidate {
	var cmd *cli.Command // nil: gov itself, before a command
	subs, flags := app.Commands, appFlags(app)
	var flagWords, args []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "--":
			// What follows is the user's (gov exec 1.22 -- CMD...): the
			// shell completes files.
			return nil
		case strings.HasPrefix(w, "-") && w != "-":
			f := lookupFlag(flags, w)
			if f == nil {
				continue
			}
			if takesValue(f) && !strings.Contains(w, "=") {
				// bash splits --platform=linux-amd64 into three words.
				if i+1 < len(words) && words[i+1] == "=" {
					i++
				}
				if i+1 == len(words) {
					return nil // cur is the flag's value
				}
				i++
				w += "=" + words[i]
			}
			flagWords = append(flagWords, w)
		case len(args) == 0 && findCommand(subs, w) != nil:
			cmd = findCommand(subs, w)
			subs, flags, flagWords = cmd.Subcommands, commandFlags(cmd), nil
		case cmd == nil:
			return nil // not a command of gov's
		default:
			args = append(args, w)
		}
	}
	if strings.HasPrefix(cur, "-") {
		return flagCandidates(flags, strings.HasPrefix(cur, "--"))
	}
	var out []candidate
	if len(args) == 0 {
		out = commandCandidates(subs)
	}
	if cmd != nil && cmd.BashComplete != nil {
		out = append(out, argCandidates(app, cmd, flagWords, args)...)
	}
	return out
}

// appFlags are gov's own flags, with the two the CLI adds.
func appFlags(app *cli.App) []cli.Flag {
	flags := slices.Clip(app.Flags)
	if !app.HideHelp && cli.HelpFlag != nil {
		flags = append(flags, cli.HelpFlag)
	}
	if !app.HideVersion && cli.VersionFlag != nil {
		flags = append(flags, cli.VersionFlag)
	}
	return flags
}

// commandFlags are cmd's flags, with the --help the CLI adds.
func commandFlags(cmd *cli.Command) []cli.Flag {
	flags := slices.Clip(cmd.Flags)
	if !cmd.HideHelp && cli.HelpFlag != nil && !slices.Contains(flags, cli.HelpFlag) {
		flags = append(flags, cli.HelpFlag)
	}
	return flags
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) && !c.Hidden {
			return c
		}
	}
	return nil
}

// lookupFlag returns the flag that the word -name, --name or --name=value
// sets; nil if none.
func lookupFlag(flags []cli.Flag, word string) cli.Flag {
	name, _, _ := strings.Cut(strings.TrimLeft(word, "-"), "=")
	for _, f := range flags {
		if slices.Contains(f.Names(), name) {
			return f
		}
	}
	return nil
}

func takesValue(f cli.Flag) bool {
	d, ok := f.(cli.DocGenerationFlag)
	return ok && d.TakesValue()
}

// commandCandidates are the names (and aliases) of the visible commands.
func commandCandidates(cmds []*cli.Command) []candidate {
	var out []candidate
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		for _, name := range c.Names() {
			out = append(out, candidate{name, c.Usage})
		}
	}
	return out
}

// flagCandidates are the visible flags: their long names, and their short
// ones too unless the word starts with "--".
func flagCandidates(flags []cli.Flag, long bool) []candidate {
	var out []candidate
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		usage := ""
		if d, ok := f.(cli.DocGenerationFlag); ok {
			usage = strings.ReplaceAll(d.GetUsage(), "`", "")
		}
		for _, name := range f.Names() {
			switch {
			case len(name) > 1:
				out = append(out, candidate{"--" + name, usage})
			case !long:
				out = append(out, candidate{"-" + name, usage})
			}
		}
	}
	return out
}

// argCandidates are what cmd's BashComplete prints for its next argument,
// given the flags and arguments typed so far; it reads them from its
// context as an action would (c.NArg, c.String("platform")).
func argCandidates(app *cli.App, cmd *cli.Command, flagWords, args []string) []candidate {
	set := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	set.SetOutput(io.Discard)
	for _, f := range cmd.Flags {
		f.Apply(set)
	}
	if set.Parse(append(slices.Clip(flagWords), append([]string{"--"}, args...)...)) != nil {
		set.Parse(append([]string{"--"}, args...)) // a bad flag value: ignore the flags
	}
	ctx := cli.NewContext(app, set, nil)
	ctx.Command = cmd
	var buf bytes.Buffer
	w := app.Writer
	app.Writer = &buf
	cmd.BashComplete(ctx)
	app.Writer = w
	var out []candidate
	for _, line := range strings.Split(buf.String(), "\n") {
		if line != "" {
			out = append(out, candidate{name: line})
		}
	}
	return out
}

// completeVersions offers the installed versions (for the native platform,
// or --platform's), newest first, for a command's one argument (use,
// global, shell, exec).
func completeVersions(c *cli.Context) {
	if c.NArg() == 0 {
		printVersions(c, installedVersions(c))
	}
}

// completeInstalled offers, for each argument, the installed versions not
// named yet (uninstall).
func completeInstalled(c *cli.Context) {
	printVersions(c, installedVersions(c))
}

// completeReleases offers, for each argument, latest and the versions of
// the cached release index, newest first (install). It never asks a
// server: with no cached index, it offers latest alone.
func completeReleases(c *cli.Context) {
	vs := []string{"latest"}
	home, err := layout.Home()
	if err != nil {
		return
	}
	p, err := targetPlatform(c)
	if err != nil {
		return
	}
	ic := fetch.IndexCache{Dir: filepath.Join(home, layout.CacheDir)}
	rels, _ := ic.CachedVersions(envOr("GOV_DL_INDEX", fetch.DefaultIndexURL), p)
	slices.SortStableFunc(rels, func(v, w gover.Version) int { return gover.Compare(w, v) })
	for _, v := range rels {
		vs = append(vs, v.Pin())
	}
	printVersions(c, vs)
}

// completeShells offers the shells gov knows for a command's one argument
// (env, setup).
func completeShells(c *cli.Context) {
	if c.NArg() == 0 {
		for _, name := range shellenv.Names() {
			fmt.Fprintln(c.App.Writer, name)
		}
	}
}

// installedVersions lists the installed versions for the native platform,
// or --platform's, newest first, as exact specs.
func installedVersions(c *cli.Context) []string {
	home, err := layout.Home()
	if err != nil {
		return nil
	}
	p, err := targetPlatform(c)
	if err != nil {
		return nil
	}
	sdks, _ := layout.List(home, p)
	var vs []string
	for _, sdk := range sdks {
		vs = append(vs, sdk.Version.Pin())
	}
	return vs
}

// printVersions prints vs, but not those the arguments already name.
func printVersions(c *cli.Context, vs []string) {
	typed := c.Args().Slice()
	for _, v := range vs {
		if !slices.ContainsFunc(typed, func(t string) bool { return sameVersion(t, v) }) {
			fmt.Fprintln(c.App.Writer, v)
		}
	}
}

// sameVersion reports whether the typed argument names the version v
// exactly (1.22.3 and go1.22.3 are one).
func sameVersion(typed, v string) bool {
	if typed == v {
		return true
	}
	t, err1 := gover.Parse(typed)
	w, err2 := gover.Parse(v)
	return err1 == nil && err2 == nil && gover.Compare(t, w) == 0
}
