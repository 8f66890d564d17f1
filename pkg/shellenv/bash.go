package shellenv

var bashShell = &Shell{
	Name:       "bash",
	quote:      posixQuote,
	snippet:    bashSnippet,
	binSnippet: bashBinSnippet,
	set:        posixSet,
	unset:      posixUnset,
	setup:      bashSetup,
}

// The hook is appended to PROMPT_COMMAND so that it runs after other
// prompt hooks; bash 5.1 and later run every element of a PROMPT_COMMAND
// array, older ones (macOS's 3.2) only a string, where a newline separates
// commands whatever the old value ends with. It keeps $? for the prompt.
const (
	bashSnippet    = bashHead + posixPathFunc + bashTail
	bashBinSnippet = bashHead + "__gov_bin=@BIN@\n" + posixPathBinFunc + bashTail
)

const bashHead = `# gov env bash: eval "$(gov env bash)" in ~/.bashrc
export GOV_HOME=@HOME@
__gov_shims=@SHIMS@
`

const bashTail = `__gov_hook() {
  local s=$?
  __gov_path
  return $s
}
` + posixGovFunc + `case ";${PROMPT_COMMAND[*]-};" in
*__gov_hook*) ;;
*)
  if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501 )); then
    PROMPT_COMMAND+=(__gov_hook)
  else
    PROMPT_COMMAND=${PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}__gov_hook
  fi
  ;;
esac
__gov_path
`
