package shellenv

var shShell = &Shell{
	Name:    "sh",
	quote:   posixQuote,
	snippet: shSnippet,
	set:     posixSet,
	unset:   posixUnset,
	assign:  posixAssign,
	setup:   shSetup,
}

// POSIX sh has no prompt hook: the snippet puts the shims first when it is
// evaluated, and a later PATH change in the same shell stays as it is.
// For the same reason it has no hook mode (Hooks is false).
func shSnippet(bool) string {
	return `# @CMD@: eval "$(@CMD@)" in ~/.profile (and in the file $ENV names)
export GOV_HOME=@HOME@
__gov_shims=@SHIMS@
__gov_bin=@BIN@
` + posixPathFunc + withDone(posixGovFunc, "") + "__gov_path\n"
}
