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

// posixPathFunc is __gov_path for sh and bash: it puts $__gov_shims first
// in PATH and removes it from everywhere else, with parameter expansion
// only (no sed, no subshell). When the shims are already first and only
// there, as on almost every prompt, it is one case statement. The shims directory is quoted in every
// pattern, so *, ? and [ in GOV_HOME match only themselves. Empty entries
// (the current directory) are kept.
const posixPathFunc = `__gov_path() {
  case ":${PATH-}:" in
  ":$__gov_shims:$__gov_shims:"* | ":$__gov_shims:"*":$__gov_shims:"*) ;;
  ":$__gov_shims:"*) return 0 ;;
  esac
  __gov_p=":${PATH-}:"
  while :; do
    case $__gov_p in
    *":$__gov_shims:"*) __gov_p=${__gov_p%%":$__gov_shims:"*}:${__gov_p#*":$__gov_shims:"} ;;
    *) break ;;
    esac
  done
  __gov_p=${__gov_p#:}
  __gov_p=${__gov_p%:}
  PATH=$__gov_shims${__gov_p:+:$__gov_p}
  export PATH
  unset __gov_p
}
`

// posixPathBinFunc is __gov_path when the running gov is in
// $GOV_HOME/bin ($__gov_bin): the shims first, that directory second, each
// once. The usual case is still cheap: the PATH starts with both, and what
// follows them (one parameter expansion) holds neither.
const posixPathBinFunc = `__gov_path() {
  case ":${PATH-}:" in
  ":$__gov_shims:$__gov_bin:"*)
    case ${PATH#"$__gov_shims:$__gov_bin"}: in
    *":$__gov_shims:"* | *":$__gov_bin:"*) ;;
    *) return 0 ;;
    esac
    ;;
  esac
  __gov_p=":${PATH-}:"
  while :; do
    case $__gov_p in
    *":$__gov_shims:"*) __gov_p=${__gov_p%%":$__gov_shims:"*}:${__gov_p#*":$__gov_shims:"} ;;
    *":$__gov_bin:"*) __gov_p=${__gov_p%%":$__gov_bin:"*}:${__gov_p#*":$__gov_bin:"} ;;
    *) break ;;
    esac
  done
  __gov_p=${__gov_p#:}
  __gov_p=${__gov_p%:}
  PATH=$__gov_shims:$__gov_bin${__gov_p:+:$__gov_p}
  export PATH
  unset __gov_p
}
`

// posixGovFunc is the gov shell function for sh, bash and zsh (@SHELL@ is
// the shell's name). A program cannot change its parent shell, so gov shell runs
// the binary with --emit and evals what it prints, only on success. Help
// goes straight to the binary: it is text, not code. Everything else is
// the binary's, untouched.
const posixGovFunc = `gov() {
  if [ "${1-}" != shell ]; then
    command gov "$@"
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
    unset __gov_code
  else
    set -- "$?"
    unset __gov_code
    return "$1"
  fi
}
`
