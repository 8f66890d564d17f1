package shellenv

import "strings"

var fishShell = &Shell{
	Name:    "fish",
	quote:   fishQuote,
	snippet: fishSnippet,
	set:     func(name, quoted string) string { return "set -gx " + name + " " + quoted },
	unset:   func(name string) string { return "set -e " + name },
	assign:  fishAssign,
	list: func(name string, quoted []string) string {
		return strings.Join(append([]string{"set -g", name}, quoted...), " ")
	},
	key:   fishKey,
	setup: fishSetup,
}

// fishQuote quotes s for fish: inside single quotes only \\ and \' are
// escapes. Newlines stay literal.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// fishAssign sets one of gov's variables; an empty value is the empty
// list, which adds nothing where the variable is expanded.
func fishAssign(name, quoted string) string {
	if quoted == "''" {
		return "set -g " + name
	}
	return "set -g " + name + " " + quoted
}

// fishKey is the hook's key: the directory and each variable, joined by
// the unit separator.
func fishKey(vars []string) string {
	var b strings.Builder
	b.WriteString(`"$PWD"`)
	for _, v := range vars {
		b.WriteString(`\x1f"$` + v + `"`)
	}
	return b.String()
}

// The path function runs before every prompt (the fish_prompt event),
// with builtins only. fish keeps PATH as a list, so directories are
// compared whole, never as patterns. (fish itself writes an empty PATH
// entry as ".".) The directories gov keeps first are, in order, the SDK's
// bin that the prompt hook chose (hook mode), the shims, and $GOV_HOME/bin
// when the running gov is there. In hook mode the hook also runs when
// PWD changes (cd), and after each gov command through the gov function
// (see posixHookFuncs for what it checks).
func fishSnippet(hook bool) string {
	s := `# @CMD@: @CMD@ | source, in ~/.config/fish/config.fish
set -gx GOV_HOME @HOME@
set -g __gov_shims @SHIMS@
@SETBIN@
` + fishPathFunc
	every, done, done2 := "__gov_path", "", ""
	if hook {
		s += fishHookFuncs
		every, done, done2 = "__gov_sync", "\n        __gov_done", "\n    __gov_done"
	} else {
		// No SDK first, and no cd handler, should this shell have run
		// the hook-mode snippet before.
		s += "set -g __gov_sdk\nfunctions -e __gov_cd\n"
	}
	return s + `function __gov_hook --on-event fish_prompt --description 'gov: keep gov first in PATH'
    ` + every + `
end
function gov --description 'gov; gov shell changes this shell'
    if test "$argv[1]" != shell; or contains -- -h $argv; or contains -- --help $argv; or contains -- -help $argv
        command gov $argv` + done + `
        return
    end
    set -l code (command gov shell --emit fish $argv[2..-1])
    or return
    string join \n -- $code | source` + done2 + `
end
__gov_hook
`
}

const fishPathFunc = `function __gov_path --description 'gov: keep gov first in PATH'
    set -l f $__gov_sdk $__gov_shims $__gov_bin
    set -l want $f
    set -l ok 1
    for d in $PATH
        if set -q want[1]
            if test "$d" != "$want[1]"
                set ok 0
                break
            end
            set -e want[1]
        else if contains -- $d $f
            set ok 0
            break
        end
    end
    set -q want[1]; and set ok 0
    if test $ok = 0
        set -l rest
        for d in $PATH
            contains -- $d $f; or set -a rest $d
        end
        set -gx PATH $f $rest
    end
end
`

const fishHookFuncs = `set -q __gov_sdk; or set -g __gov_sdk
set -g __gov_key
set -g __gov_ref
set -g __gov_seen
set -g __gov_none
function __gov_sync
    __gov_fresh; or __gov_refresh
    __gov_path
end
function __gov_fresh
    test "$__gov_key" = @KEY@; and test -n "$__gov_ref"; and test -e "$__gov_ref"; or return 1
    for f in $__gov_none
        test -e "$f"; and return 1
    end
    for f in $__gov_seen
        test -e "$f"; and not test "$f" -nt "$__gov_ref"; or return 1
    end
    return 0
end
function __gov_refresh
    set -l c (command gov hook-env fish $fish_pid)
    and string join \n -- $c | source
    set -g __gov_key @KEY@
end
function __gov_done
    set -l s $status
    __gov_sync
    return $s
end
function __gov_cd --on-variable PWD
    __gov_sync
end
`
