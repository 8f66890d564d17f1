package shellenv

import "strings"

var fishShell = &Shell{
	Name:       "fish",
	quote:      fishQuote,
	snippet:    fishSnippet,
	binSnippet: fishBinSnippet,
	set:        func(name, quoted string) string { return "set -gx " + name + " " + quoted },
	unset:      func(name string) string { return "set -e " + name },
	setup:      fishSetup,
}

// fishQuote quotes s for fish: inside single quotes only \\ and \' are
// escapes. Newlines stay literal.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// The path function runs on the fish_prompt event, before every prompt,
// with builtins only. fish keeps PATH as a list, so the shims directory is
// compared whole, never as a pattern. (fish itself writes an empty PATH
// entry as ".".)
// With $GOV_HOME/bin ($__gov_bin, where the running gov is), the shims are
// first and that directory second, each once.
const (
	fishSnippet    = fishHead + fishPathFunc + fishTail
	fishBinSnippet = fishHead + "set -g __gov_bin @BIN@\n" + fishPathBinFunc + fishTail
)

const fishHead = `# gov env fish: gov env fish | source, in ~/.config/fish/config.fish
set -gx GOV_HOME @HOME@
set -g __gov_shims @SHIMS@
`

const fishPathFunc = `function __gov_path --on-event fish_prompt --description 'gov: keep the shims first in PATH'
    test "$PATH[1]" = "$__gov_shims"; and not contains -- $__gov_shims $PATH[2..-1]; and return 0
    set -l rest
    for dir in $PATH
        test "$dir" = "$__gov_shims"; or set -a rest $dir
    end
    set -gx PATH $__gov_shims $rest
end
`

const fishPathBinFunc = `function __gov_path --on-event fish_prompt --description 'gov: keep the shims first in PATH'
    test "$PATH[1]" = "$__gov_shims"; and test "$PATH[2]" = "$__gov_bin"; and not contains -- $__gov_shims $PATH[2..-1]; and not contains -- $__gov_bin $PATH[3..-1]; and return 0
    set -l rest
    for dir in $PATH
        test "$dir" = "$__gov_shims"; or test "$dir" = "$__gov_bin"; or set -a rest $dir
    end
    set -gx PATH $__gov_shims $__gov_bin $rest
end
`

const fishTail = `function gov --description 'gov; gov shell changes this shell'
    if test "$argv[1]" != shell; or contains -- -h $argv; or contains -- --help $argv; or contains -- -help $argv
        command gov $argv
        return
    end
    set -l code (command gov shell --emit fish $argv[2..-1])
    or return
    string join \n -- $code | source
end
__gov_path
`
