package shellenv

var bashShell = &Shell{
	Name:    "bash",
	quote:   posixQuote,
	snippet: bashSnippet,
	set:     posixSet,
	unset:   posixUnset,
	assign:  posixAssign,
	list:    posixList,
	key:     posixKey,
	setup:   bashSetup,
}

// The hook is appended to PROMPT_COMMAND so that it runs after other
// prompt hooks; bash 5.1 and later run every element of a PROMPT_COMMAND
// array, older ones (macOS's 3.2) only a string, where a newline separates
// commands whatever the old value ends with. It keeps $? for the prompt.
// In hook mode it also keeps the SDK the directory selects first in PATH
// (posixHookFuncs); bash has no hook for cd, so that happens at the next
// prompt, or after a gov command.
func bashSnippet(hook bool) string {
	s := `# @CMD@: eval "$(@CMD@)" in ~/.bashrc
export GOV_HOME=@HOME@
__gov_shims=@SHIMS@
__gov_bin=@BIN@
` + posixPathFunc
	every := "__gov_path"
	gov := posixGovFunc
	if hook {
		s += `__gov_sdk=${__gov_sdk-}
__gov_ref=
__gov_key=
__gov_seen=()
__gov_none=()
` + posixHookFuncs
		every = "__gov_sync"
		gov = withDone(gov, posixDone)
	} else {
		// No SDK first, should this shell have run the hook-mode
		// snippet before.
		s += "__gov_sdk=\n"
		gov = withDone(gov, "")
	}
	return s + `__gov_hook() {
  local s=$?
  ` + every + `
  return $s
}
` + gov + `case ";${PROMPT_COMMAND[*]-};" in
*__gov_hook*) ;;
*)
  if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then
    PROMPT_COMMAND+=(__gov_hook)
  else
    PROMPT_COMMAND=${PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}__gov_hook
  fi
  ;;
esac
__gov_hook
`
}
