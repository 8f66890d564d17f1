package shellenv

var zshShell = &Shell{
	Name:       "zsh",
	quote:      posixQuote,
	snippet:    zshSnippet,
	binSnippet: zshBinSnippet,
	set:        posixSet,
	unset:      posixUnset,
	setup:      zshSetup,
}

// zsh ties the path array to PATH, so one assignment does the work, and
// only when needed: assigning path empties the command hash table. (Ie)
// finds the last exact match. With emulate -L zsh the options are zsh's
// own (no glob_subst, no ksh_arrays) whatever the user set, so
// $__gov_shims in the pattern matches only itself. The hook goes last in precmd_functions, after other hooks, and
// keeps $? for the prompt.
//
// With $GOV_HOME/bin ($__gov_bin, where the running gov is), the shims are
// first and that directory second, each once.
const (
	zshSnippet    = zshHead + zshPathFunc + posixGovFunc + zshTail
	zshBinSnippet = zshHead + "typeset -g __gov_bin=@BIN@\n" + zshPathBinFunc + posixGovFunc + zshTail
)

const zshHead = `# gov env zsh: eval "$(gov env zsh)" in ~/.zshrc
export GOV_HOME=@HOME@
typeset -g __gov_shims=@SHIMS@
`

const zshPathFunc = `__gov_path() {
  local s=$?
  emulate -L zsh
  if [[ -z ${PATH-} ]]; then
    path=("$__gov_shims")
  elif [[ ${path[1]} != "$__gov_shims" || ${path[(Ie)$__gov_shims]} != 1 ]]; then
    path=("$__gov_shims" "${(@)path:#$__gov_shims}")
  fi
  return $s
}
`

const zshPathBinFunc = `__gov_path() {
  local s=$?
  emulate -L zsh
  if [[ -z ${PATH-} ]]; then
    path=("$__gov_shims" "$__gov_bin")
  elif [[ ${path[1]} != "$__gov_shims" || ${path[2]} != "$__gov_bin" || ${path[(Ie)$__gov_shims]} != 1 || ${path[(Ie)$__gov_bin]} != 2 ]]; then
    path=("$__gov_shims" "$__gov_bin" "${(@)${(@)path:#$__gov_shims}:#$__gov_bin}")
  fi
  return $s
}
`

const zshTail = `typeset -ga precmd_functions
precmd_functions=(${precmd_functions:#__gov_path} __gov_path)
__gov_path
`
