package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/layout"
)

// Completion uses urfave/cli's protocol: the shell runs gov with the words
// typed so far and --generate-bash-completion, and gov prints the
// candidates, one a line. Commands that take a version offer the installed
// ones (completeVersions).

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a completion script: commands, flags, and the installed versions for
commands that take one (use, global, shell, exec, uninstall).

Examples:
   eval "$(gov completion bash)"      in ~/.bashrc
   eval "$(gov completion zsh)"       in ~/.zshrc, after compinit
   gov completion fish | source       in ~/.config/fish/config.fish`,
		Action: runCompletion,
	}
}

func runCompletion(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef(c, "completion takes one shell name: bash, zsh or fish")
	}
	w := c.App.Writer
	switch name := c.Args().First(); name {
	case "bash":
		_, err := io.WriteString(w, bashCompletion)
		return err
	case "zsh":
		_, err := io.WriteString(w, zshCompletion)
		return err
	case "fish":
		script, err := c.App.ToFishCompletion()
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, script+fishVersionCompletion)
		return err
	default:
		return usagef(c, "unknown shell %q for completion; gov completes in bash, zsh or fish", name)
	}
}

// The scripts call the gov binary (command gov), not the gov shell
// function, and pass the typed words as they are: nothing is evaluated.
const bashCompletion = `# gov completion bash: eval "$(gov completion bash)" in ~/.bashrc
_gov_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\n'
  local -a args=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
  [[ $cur == -* ]] && args+=("$cur")
  COMPREPLY=($(compgen -W "$(command gov "${args[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o bashdefault -o default -F _gov_complete gov
`

// GOV_COMPLETE=zsh asks for "name:description" lines where there are
// descriptions (commands), which _describe shows beside the names.
const zshCompletion = `#compdef gov
# gov completion zsh: eval "$(gov completion zsh)" in ~/.zshrc, after compinit
_gov() {
  local -a opts args
  local cur=${words[CURRENT]}
  args=("${(@)words[2,CURRENT-1]}")
  [[ $cur == -* ]] && args+=("$cur")
  opts=("${(@f)$(GOV_COMPLETE=zsh command gov "${(@)args}" --generate-bash-completion 2>/dev/null)}")
  if [[ -n ${opts[1]} ]]; then
    _describe 'gov' opts
  else
    _files
  fi
}
compdef _gov gov
`

// urfave/cli writes fish's commands and flags; this adds the versions.
const fishVersionCompletion = `
# Installed versions for the commands that take one.
complete -c gov -n '__fish_seen_subcommand_from use global shell exec uninstall rm' -f -k -a '(command gov (commandline -opc)[2..-1] --generate-bash-completion 2>/dev/null)'
`

// completeApp lists gov's commands; for zsh (GOV_COMPLETE=zsh) each with
// its usage.
func completeApp(c *cli.Context) {
	if strings.HasPrefix(lastTyped(), "-") {
		cli.DefaultAppComplete(c)
		return
	}
	zsh := os.Getenv("GOV_COMPLETE") == "zsh"
	for _, cmd := range c.App.VisibleCommands() {
		for _, name := range cmd.Names() {
			if zsh {
				fmt.Fprintf(c.App.Writer, "%s:%s\n", name, cmd.Usage)
			} else {
				fmt.Fprintln(c.App.Writer, name)
			}
		}
	}
}

// completeVersions offers the installed versions for a command's first
// argument (for the native platform, or --platform's), and the command's
// flags after a "-".
func completeVersions(c *cli.Context) {
	if strings.HasPrefix(lastTyped(), "-") {
		cli.DefaultCompleteWithFlags(c.Command)(c)
		return
	}
	if c.NArg() > 0 {
		return
	}
	home, err := layout.Home()
	if err != nil {
		return
	}
	p, err := targetPlatform(c)
	if err != nil {
		return
	}
	sdks, _ := layout.List(home, p)
	for _, sdk := range sdks {
		fmt.Fprintln(c.App.Writer, sdk.Version)
	}
}

// lastTyped is the word being completed when it was passed (a flag), as
// urfave/cli's own completers read it: the argument before
// --generate-bash-completion.
func lastTyped() string {
	if len(os.Args) > 2 {
		return os.Args[len(os.Args)-2]
	}
	return ""
}
