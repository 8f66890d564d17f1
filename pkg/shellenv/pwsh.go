package shellenv

import "strings"

var pwshShell = &Shell{
	Name:       "pwsh",
	quote:      pwshQuote,
	snippet:    pwshSnippet,
	binSnippet: pwshBinSnippet,
	set:        func(name, quoted string) string { return "$env:" + name + " = " + quoted },
	unset:      func(name string) string { return "Remove-Item Env:" + name + " -ErrorAction SilentlyContinue" },
	setup:      pwshSetup,
}

// pwshQuote quotes s for PowerShell: inside single quotes nothing is
// special but the quote itself, written twice. PowerShell takes the
// typographic single quotes (U+2018 to U+201B) for ' too, so they are
// doubled as well.
func pwshQuote(s string) string {
	return "'" + pwshQuotes.Replace(s) + "'"
}

var pwshQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")

// PowerShell has no prompt hook list: the snippet wraps the prompt
// function once (a prompt set later replaces the wrapper). Comparisons are
// case-insensitive, as paths on Windows are.
// With $GOV_HOME/bin ($__gov_bin, where the running gov is), the shims are
// first and that directory second, each once.
const (
	pwshSnippet    = pwshHead + pwshPathFunc + pwshTail
	pwshBinSnippet = pwshHead + "$global:__gov_bin = @BIN@\n" + pwshPathBinFunc + pwshTail
)

const pwshHead = `# gov env pwsh: gov env pwsh | Out-String | Invoke-Expression, in $PROFILE
$env:GOV_HOME = @HOME@
$global:__gov_shims = @SHIMS@
`

const pwshPathFunc = `function global:__gov_path {
    $shims = $global:__gov_shims
    if ([string]::IsNullOrEmpty($env:PATH)) { $env:PATH = $shims; return }
    $sep = [System.IO.Path]::PathSeparator
    $parts = $env:PATH.Split($sep)
    if ($parts[0] -eq $shims -and @($parts | Where-Object { $_ -eq $shims }).Count -eq 1) { return }
    $env:PATH = (@($shims) + @($parts | Where-Object { $_ -ne $shims })) -join $sep
}
`

const pwshPathBinFunc = `function global:__gov_path {
    $shims = $global:__gov_shims
    $bin = $global:__gov_bin
    $sep = [System.IO.Path]::PathSeparator
    if ([string]::IsNullOrEmpty($env:PATH)) { $env:PATH = $shims + $sep + $bin; return }
    $parts = $env:PATH.Split($sep)
    if ($parts.Count -ge 2 -and $parts[0] -eq $shims -and $parts[1] -eq $bin -and @($parts | Where-Object { $_ -eq $shims -or $_ -eq $bin }).Count -eq 2) { return }
    $env:PATH = (@($shims, $bin) + @($parts | Where-Object { $_ -ne $shims -and $_ -ne $bin })) -join $sep
}
`

const pwshTail = `function global:gov {
    $bin = Get-Command -Name gov -CommandType Application -ErrorAction Stop | Select-Object -First 1
    if ($args.Count -eq 0 -or $args[0] -ne 'shell' -or $args -contains '-h' -or $args -contains '--help' -or $args -contains '-help') {
        & $bin @args
        return
    }
    $rest = @($args | Select-Object -Skip 1)
    $code = & $bin shell --emit pwsh @rest
    if ($LASTEXITCODE -eq 0) { $code | Out-String | Invoke-Expression }
}
if (-not (Test-Path Variable:global:__gov_prompt)) {
    $global:__gov_prompt = $function:prompt
    function global:prompt {
        __gov_path
        if ($global:__gov_prompt) { & $global:__gov_prompt } else { "PS $($executionContext.SessionState.Path.CurrentLocation)> " }
    }
}
__gov_path
`
