package shellenv

var zshShell = &Shell{
	Name:    "zsh",
	quote:   posixQuote,
	snippet: zshSnippet,
	set:     posixSet,
	unset:   posixUnset,
	assign:  posixAssign,
	list:    posixList,
	key:     posixKey,
	setup:   zshSetup,
}

// zsh ties the path array to PATH, so one assignment does the work, and
// only when needed: assigning path empties the command hash table. (Ie)
// finds the last exact match. With emulate -L zsh the options are zsh's
// own (no glob_subst, no ksh_arrays) whatever the user set, so a directory
// in a pattern matches only itself. The hook goes last in
// precmd_functions, after other hooks, and keeps $? for the prompt.
//
// The directories gov keeps first are, in order, the SDK's bin that the
// prompt hook chose (hook mode), the shims, and $GOV_HOME/bin when the
// running gov is there ($__gov_bin). In hook mode the hook also runs on cd
// (chpwd), so that cd dir && go version runs the directory's go.
func zshSnippet(hook bool) string {
	s := `# @CMD@: eval "$(@CMD@)" in ~/.zshrc
export GOV_HOME=@HOME@
typeset -g __gov_shims=@SHIMS@ __gov_bin=@BIN@
` + zshPathFunc
	every, chpwd := "__gov_path", ""
	gov := posixGovFunc
	if hook {
		s += `typeset -g __gov_sdk=${__gov_sdk-} __gov_ref= __gov_key=
typeset -ga __gov_seen __gov_none
__gov_seen=()
__gov_none=()
` + posixHookFuncs
		every, chpwd = "__gov_sync", " __gov_hook"
		gov = withDone(gov, posixDone)
	} else {
		// No SDK first, should this shell have run the hook-mode
		// snippet before.
		s += "typeset -g __gov_sdk=\n"
		gov = withDone(gov, "")
	}
	return s + `__gov_hook() {
  local s=$?
  ` + every + `
  return $s
}
` + gov + `() {
  emulate -L zsh
  typeset -ga precmd_functions chpwd_functions
  precmd_functions=(${${precmd_functions:#__gov_path}:#__gov_hook} __gov_hook)
  chpwd_functions=(${chpwd_functions:#__gov_hook}` + chpwd + `)
}
__gov_hook
`
}

const zshPathFunc = `__gov_path() {
  local s=$? d n=0 ok=1
  emulate -L zsh
  local -a f
  f=(${__gov_sdk:+"$__gov_sdk"} "$__gov_shims" ${__gov_bin:+"$__gov_bin"})
  [[ -z ${PATH-} ]] && path=()
  for d in "${f[@]}"; do
    (( ++n ))
    [[ ${path[n]-} == "$d" && ${path[(Ie)$d]} == $n ]] || ok=0
  done
  if (( ! ok )); then
    for d in "${f[@]}"; do
      path=("${(@)path:#$d}")
    done
    path=("${f[@]}" "${(@)path}")
  fi
  return $s
}
`
