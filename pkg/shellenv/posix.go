package shellenv

import "strings"

// posixQuote quotes s for sh, bash and zsh: inside single quotes nothing is
// special, and a single quote is written as '\” (close, escaped quote,
// reopen). Newlines stay literal.
func posixQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// posixSet uses export, which is global even inside the gov function (in
// zsh too, where export means typeset -gx).
func posixSet(name, quoted string) string { return "export " + name + "=" + quoted }

func posixUnset(name string) string { return "unset " + name }

// posixAssign sets a shell variable of gov's own (never exported). In bash
// and zsh an assignment inside a function sets the global unless the
// function declared it local, which gov's functions never do.
func posixAssign(name, quoted string) string { return name + "=" + quoted }

// posixList sets an array (bash and zsh).
func posixList(name string, quoted []string) string {
	return name + "=(" + strings.Join(quoted, " ") + ")"
}

// posixKey is the hook's key in bash and zsh: the working directory and
// each variable, joined by the unit separator (which no path or version
// holds).
func posixKey(vars []string) string {
	var b strings.Builder
	b.WriteString(`"$PWD"`)
	for _, v := range vars {
		b.WriteString(`$'\037'"${` + v + `-}"`)
	}
	return b.String()
}

// posixPathFunc is __gov_path for sh and bash: it puts gov's directories
// first in PATH, in order, and removes them from everywhere else, with
// parameter expansion only (no sed, no subshell). They are the SDK's bin
// that the prompt hook chose ($__gov_sdk, hook mode only), the shims, and
// $GOV_HOME/bin when the running gov is there ($__gov_bin). When PATH
// already starts with them and holds them nowhere else, as on almost
// every prompt, it is two case statements. Every directory is quoted in
// its pattern, so *, ? and [ in GOV_HOME match only themselves. Empty
// entries (the current directory) are kept.
const posixPathFunc = `__gov_path() {
  __gov_f=${__gov_sdk:+$__gov_sdk:}$__gov_shims${__gov_bin:+:$__gov_bin}
  case ":${PATH-}:" in
  ":$__gov_f:"*)
    case ${PATH#"$__gov_f"}: in
    *":$__gov_shims:"* | *":${__gov_bin:-$__gov_shims}:"* | *":${__gov_sdk:-$__gov_shims}:"*) ;;
    *)
      unset __gov_f
      return 0
      ;;
    esac
    ;;
  esac
  __gov_p=":${PATH-}:"
  for __gov_d in "$__gov_shims" "${__gov_bin-}" "${__gov_sdk-}"; do
    while [ -n "$__gov_d" ]; do
      case $__gov_p in
      *":$__gov_d:"*) __gov_p=${__gov_p%%":$__gov_d:"*}:${__gov_p#*":$__gov_d:"} ;;
      *) break ;;
      esac
    done
  done
  __gov_p=${__gov_p#:}
  __gov_p=${__gov_p%:}
  PATH=$__gov_f${__gov_p:+:$__gov_p}
  export PATH
  unset __gov_p __gov_d __gov_f
}
`

// posixHookFuncs are the prompt hook's functions in bash and zsh (@EMULATE@
// is zsh's emulate -L zsh line, so that the user's options change
// nothing). __gov_fresh answers, with builtins only, whether what the
// hook last asked gov still holds: the key (@KEY@: the directory and the
// variables a selection depends on) is the same, the stamp $__gov_ref
// that gov wrote as it answered is there (zsh's -nt is false against a
// missing file), no path that was absent is there, and every path that
// was there still is and is not newer than the stamp. Only when it does not
// hold does __gov_refresh run gov hook-env, the one process, and evaluate
// what it prints: $__gov_sdk, the stamp and the paths to watch,
// GOTOOLCHAIN, and PATH without the SDK bins it put there before (which
// __gov_path then completes). __gov_done runs after each gov command through the gov
// function, so gov use, gov global or gov install take effect before the
// next command.
const posixHookFuncs = `__gov_sync() {
  __gov_fresh || __gov_refresh
  __gov_path
}
__gov_fresh() {@EMULATE@
  [[ ${__gov_key-} == @KEY@ && -n $__gov_ref && -e $__gov_ref ]] || return 1
  local f
  for f in ${__gov_none[@]+"${__gov_none[@]}"}; do
    [[ -e $f ]] && return 1
  done
  for f in ${__gov_seen[@]+"${__gov_seen[@]}"}; do
    [[ -e $f && ! $f -nt $__gov_ref ]] || return 1
  done
  return 0
}
__gov_refresh() {@EMULATE@
  local c
  if c=$(command gov hook-env @SHELL@ "$$"); then
    eval "$c"
  fi
  __gov_key=@KEY@
}
__gov_done() {
  local s=$?
  __gov_sync
  return $s
}
`

// posixGovFunc is the gov shell function for sh, bash and zsh (@SHELL@ is
// the shell's name). A program cannot change its parent shell, so gov shell runs
// the binary with --emit and evals what it prints, only on success. Help
// goes straight to the binary: it is text, not code. Everything else is
// the binary's, untouched. In hook mode (@DONE@), the hook's view is
// brought up to date after each command.
const posixGovFunc = `gov() {
  if [ "${1-}" != shell ]; then
    command gov "$@"@DONE@
    return
  fi
  for __gov_arg in "$@"; do
    case $__gov_arg in
    -h | -help | --help)
      unset __gov_arg
      command gov "$@"
      return
      ;;
    esac
  done
  unset __gov_arg
  shift
  if __gov_code=$(command gov shell --emit @SHELL@ "$@"); then
    eval "$__gov_code"
    unset __gov_code@DONE@
  else
    set -- "$?"
    unset __gov_code
    return "$1"
  fi
}
`

// posixDone is what @DONE@ stands for in hook mode.
const posixDone = "\n    __gov_done"
