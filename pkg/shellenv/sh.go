package shellenv

var shShell = &Shell{
	Name:       "sh",
	quote:      posixQuote,
	snippet:    shSnippet,
	binSnippet: shBinSnippet,
	set:        posixSet,
	unset:      posixUnset,
	setup:      shSetup,
}

// POSIX sh has no prompt hook: the snippet puts the shims first when it is
// evaluated, and a later PATH change in the same shell stays as it is.
const (
	shSnippet    = shHead + posixPathFunc + posixGovFunc + "__gov_path\n"
	shBinSnippet = shHead + "__gov_bin=@BIN@\n" + posixPathBinFunc + posixGovFunc + "__gov_path\n"
)

const shHead = `# gov env sh: eval "$(gov env sh)" in ~/.profile (and in the file $ENV names)
export GOV_HOME=@HOME@
__gov_shims=@SHIMS@
`
