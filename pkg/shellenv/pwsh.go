package shellenv

import "strings"

var pwshShell = &Shell{
	Name:    "pwsh",
	quote:   pwshQuote,
	snippet: pwshSnippet,
	set:     func(name, quoted string) string { return "$env:" + name + " = " + quoted },
	unset:   func(name string) string { return "Remove-Item Env:" + name + " -ErrorAction SilentlyContinue" },
	assign:  func(name, quoted string) string { return "$global:" + name + " = " + quoted },
	list: func(name string, quoted []string) string {
		return "$global:" + name + " = @(" + strings.Join(quoted, ", ") + ")"
	},
	key:   pwshKey,
	setup: pwshSetup,
}

// pwshQuote quotes s for PowerShell: inside single quotes nothing is
// special but the quote itself, written twice. PowerShell takes the
// typographic single quotes (U+2018 to U+201B) for ' too, so they are
// doubled as well.
func pwshQuote(s string) string {
	return "'" + pwshQuotes.Replace(s) + "'"
}

var pwshQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")

// pwshKey is the hook's key: the location and each variable, joined by
// the unit separator.
func pwshKey(vars []string) string {
	parts := []string{"$PWD.Path"}
	for _, v := range vars {
		parts = append(parts, "$env:"+v)
	}
	return "(@(" + strings.Join(parts, ", ") + ") -join [char]31)"
}

// PowerShell has no prompt hook list: the snippet wraps the prompt
// function once (a prompt set later replaces the wrapper). Comparisons are
// case-insensitive, as paths on Windows are. The directories gov keeps
// first are, in order, the SDK's bin that the prompt hook chose (hook
// mode), the shims, and $GOV_HOME/bin when the running gov is there.
// In hook mode the checks of posixHookFuncs run in-process (Test-Path,
// Get-Item), and $LASTEXITCODE is kept for the prompt and the caller.
func pwshSnippet(hook bool) string {
	s := `# @CMD@: @CMD@ | Out-String | Invoke-Expression, in $PROFILE
$env:GOV_HOME = @HOME@
$global:__gov_shims = @SHIMS@
$global:__gov_bin = @BIN@
` + pwshPathFunc
	every, done, done2 := "__gov_path", "", ""
	if !hook {
		// No SDK first, should this session have run the hook-mode
		// snippet before.
		s += "$global:__gov_sdk = $null\n"
	} else {
		s += pwshHookFuncs
		every, done, done2 = "__gov_sync", "\n        __gov_done", "\n    if ($LASTEXITCODE -eq 0) { __gov_done }"
	}
	return s + `function global:__gov_hook {
    $c = $global:LASTEXITCODE
    ` + every + `
    $global:LASTEXITCODE = $c
}
function global:gov {
    $bin = Get-Command -Name gov -CommandType Application -ErrorAction Stop | Select-Object -First 1
    if ($args.Count -eq 0 -or $args[0] -ne 'shell' -or $args -contains '-h' -or $args -contains '--help' -or $args -contains '-help') {
        & $bin @args` + done + `
        return
    }
    $rest = @($args | Select-Object -Skip 1)
    $code = & $bin shell --emit pwsh @rest
    if ($LASTEXITCODE -eq 0) { $code | Out-String | Invoke-Expression }` + done2 + `
}
if (-not (Test-Path Variable:global:__gov_prompt)) {
    $global:__gov_prompt = $function:prompt
    function global:prompt {
        __gov_hook
        if ($global:__gov_prompt) { & $global:__gov_prompt } else { "PS $($executionContext.SessionState.Path.CurrentLocation)> " }
    }
}
__gov_hook
`
}

const pwshPathFunc = `function global:__gov_path {
    $f = @(@($global:__gov_sdk, $global:__gov_shims, $global:__gov_bin) | Where-Object { $_ })
    $sep = [System.IO.Path]::PathSeparator
    $parts = @()
    if (-not [string]::IsNullOrEmpty($env:PATH)) { $parts = $env:PATH.Split($sep) }
    $ok = $parts.Count -ge $f.Count
    for ($i = 0; $ok -and $i -lt $f.Count; $i++) { if ($parts[$i] -ne $f[$i]) { $ok = $false } }
    if ($ok -and @($parts | Select-Object -Skip $f.Count | Where-Object { $f -contains $_ }).Count -gt 0) { $ok = $false }
    if ($ok) { return }
    $env:PATH = (@($f) + @($parts | Where-Object { $f -notcontains $_ })) -join $sep
}
`

const pwshHookFuncs = `if (-not (Test-Path Variable:global:__gov_sdk)) { $global:__gov_sdk = $null }
$global:__gov_key = $null
$global:__gov_ref = $null
$global:__gov_seen = @()
$global:__gov_none = @()
function global:__gov_sync {
    if (-not (__gov_fresh)) { __gov_refresh }
    __gov_path
}
function global:__gov_fresh {
    if ($global:__gov_key -cne @KEY@) { return $false }
    foreach ($f in $global:__gov_none) { if (Test-Path -LiteralPath $f) { return $false } }
    if (-not $global:__gov_ref) { return $false }
    $ref = Get-Item -LiteralPath $global:__gov_ref -Force -ErrorAction SilentlyContinue
    if (-not $ref) { return $false }
    foreach ($f in $global:__gov_seen) {
        $i = Get-Item -LiteralPath $f -Force -ErrorAction SilentlyContinue
        if (-not $i -or $i.LastWriteTimeUtc -gt $ref.LastWriteTimeUtc) { return $false }
    }
    return $true
}
function global:__gov_refresh {
    $bin = Get-Command -Name gov -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($bin) {
        $code = & $bin hook-env pwsh $PID
        if ($LASTEXITCODE -eq 0) { $code | Out-String | Invoke-Expression }
    }
    $global:__gov_key = @KEY@
}
function global:__gov_done {
    $c = $global:LASTEXITCODE
    __gov_sync
    $global:LASTEXITCODE = $c
}
`
