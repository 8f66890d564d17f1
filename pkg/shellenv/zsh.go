package shellenv

var zshShell = &Shell{
	Name:    "zsh",
	quote:   posixQuote,
	snippet: zshSnippet,
	set:     posixSet,
	unset:   posixUnset,
	setup:   zshSetup,
}

// zsh ties the path array to PATH, so one assignment does the work, and
// only when needed: assigning path empties the command hash table. (Ie)
// finds the last exact match. With emulate -L zsh the options are zsh's
// own (no glob_subst, no ksh_arrays) whatever the user set, so
// $__gov_shims in the pattern matches only itself. The hook goes last in precmd_functions, after other hooks, and
// keeps $? for the prompt.
const zshSnippet = `# gov env zsh: eval "$(gov env zsh)" in ~/.zshrc
export GOV_HOME=@HOME@
typeset -g __gov_shims=@SHIMS@
__gov_path() {
  local s=$?
  emulate -L zsh
  if [[ -z ${PATH-} ]]; then
    path=("$__gov_shims")
  elif [[ ${path[1]} != "$__gov_shims" || ${path[(Ie)$__gov_shims]} != 1 ]]; then
    path=("$__gov_shims" "${(@)path:#$__gov_shims}")
  fi
  return $s
}
` + posixGovFunc + `typeset -ga precmd_functions
precmd_functions=(${precmd_functions:#__gov_path} __gov_path)
__gov_path
`
