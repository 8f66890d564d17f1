package shellenv

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Setup is how to enable gov in one shell, as gov setup prints it. gov only
// reads the files it names: it never edits them.
type Setup struct {
	Shell        string
	Line         string   // the line to add
	File         string   // the file it belongs in, absolute
	Present      int      // the line of File that already runs gov env; 0 if none
	Completion   string   // an optional line for completion; empty if none
	CompletionAt string   // where completion is loaded already, ready to print; empty if nowhere
	Notes        []string // about other startup files, ready to print
}

// Setup says where the snippet belongs for the user whose home directory is
// home, with getenv for ZDOTDIR, XDG_CONFIG_HOME and ENV, on goos.
func (s *Shell) Setup(home string, getenv func(string) string, goos string) Setup {
	st := s.setup(home, getenv, goos)
	st.Shell = s.Name
	return st
}

// RunBy returns st with its line running the gov at path instead of the
// gov that PATH finds, for a gov in $GOV_HOME/bin that PATH does not find
// yet (the snippet puts that directory in PATH, so later lines can say
// gov): eval "$(~/.gov/bin/gov env zsh)". home is the user's home.
func (s *Shell) RunBy(st Setup, path, home string) Setup {
	st.Line = strings.Replace(st.Line, "gov env", s.command(path, home)+" env", 1)
	return st
}

// command is the program at path as the first word of a command: under
// home and plain, ~/.gov/bin/gov; else quoted (and for PowerShell, run with
// &, which a quoted path needs).
func (s *Shell) command(path, home string) string {
	if s.Name == "pwsh" {
		return "& " + s.quote(path)
	}
	if t := Tilde(path, home); t != path && plain(t[2:]) {
		return t
	}
	return s.quote(path)
}

// plain reports whether path needs no quotes in any shell. (No regexp:
// gov env links this package and must start fast.)
func plain(path string) bool {
	for _, c := range path {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.ContainsRune("._/+-", c):
		default:
			return false
		}
	}
	return path != ""
}

func bashSetup(home string, getenv func(string) string, goos string) Setup {
	rc := filepath.Join(home, ".bashrc")
	st := Setup{
		Line:       `eval "$(gov env bash)"`,
		File:       rc,
		Present:    findLine(rc, runsGovEnv),
		Completion: `eval "$(gov completion bash)"`,
	}
	// bash-completion loads a script of this name when gov is first
	// completed.
	data := getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(data) {
		data = filepath.Join(home, ".local", "share")
	}
	st.CompletionAt = completionAt(rc, home, filepath.Join(data, "bash-completion", "completions", "gov"))
	// A login shell (every macOS Terminal window, an ssh session) reads
	// the first of these instead of ~/.bashrc.
	login := ""
	for _, name := range []string{".bash_profile", ".bash_login", ".profile"} {
		if _, err := os.Stat(filepath.Join(home, name)); err == nil {
			login = filepath.Join(home, name)
			break
		}
	}
	sources := login != "" && findLine(login, sourcesBashrc) > 0
	source := "[ -f ~/.bashrc ] && . ~/.bashrc"
	switch {
	case login == "" && goos == "darwin":
		st.Notes = append(st.Notes, "macOS opens login shells, which read ~/.bash_profile, not ~/.bashrc, and there is no ~/.bash_profile: create it with the line: "+source)
	case login != "" && !sources:
		st.Notes = append(st.Notes, "login shells (macOS Terminal, ssh) read "+Tilde(login, home)+", which does not source ~/.bashrc: add to it the line: "+source)
	case login != "" && goos == "darwin":
		st.Notes = append(st.Notes, Tilde(login, home)+" sources ~/.bashrc, so macOS login shells get the line too")
	}
	if st.Present == 0 && login != "" {
		if n := findLine(login, runsGovEnv); n > 0 {
			st.Notes = append(st.Notes, Tilde(login, home)+":"+strconv.Itoa(n)+" runs gov env, but only login shells read that file: move the line to ~/.bashrc")
		}
	}
	return st
}

func zshSetup(home string, getenv func(string) string, goos string) Setup {
	dir := home
	if z := getenv("ZDOTDIR"); z != "" {
		dir = z
	}
	rc := filepath.Join(dir, ".zshrc")
	st := Setup{
		Line:         `eval "$(gov env zsh)"`,
		File:         rc,
		Present:      findLine(rc, runsGovEnv),
		Completion:   `eval "$(gov completion zsh)"    # after compinit`,
		CompletionAt: completionAt(rc, home),
	}
	// compdef, which the script calls, exists only once compinit ran.
	if n := findLine(rc, loadsCompletion); n > 0 {
		if c := lastLine(rc, runsCompinit); c > n {
			st.Notes = append(st.Notes, Tilde(rc, home)+":"+strconv.Itoa(n)+" loads gov completion before compinit runs (line "+strconv.Itoa(c)+"): move it below")
		}
	}
	return st
}

func fishSetup(home string, getenv func(string) string, goos string) Setup {
	rc := filepath.Join(configDir(home, getenv), "fish", "config.fish")
	return Setup{
		Line:       `gov env fish | source`,
		File:       rc,
		Present:    findLine(rc, runsGovEnv),
		Completion: `gov completion fish | source`,
		// fish loads completions/gov.fish when gov is first completed.
		CompletionAt: completionAt(rc, home, filepath.Join(configDir(home, getenv), "fish", "completions", "gov.fish")),
	}
}

func shSetup(home string, getenv func(string) string, goos string) Setup {
	rc := filepath.Join(home, ".profile")
	st := Setup{
		Line:    `eval "$(gov env sh)"`,
		File:    rc,
		Present: findLine(rc, runsGovEnv),
	}
	note := "sh reads ~/.profile in login shells only; interactive shells read the file $ENV names"
	if env := getenv("ENV"); env != "" {
		note += " (" + Tilde(env, home) + "): put the line there too"
	}
	st.Notes = append(st.Notes, note)
	return st
}

func pwshSetup(home string, getenv func(string) string, goos string) Setup {
	rc := filepath.Join(configDir(home, getenv), "powershell", "Microsoft.PowerShell_profile.ps1")
	if goos == "windows" {
		rc = filepath.Join(home, "Documents", "PowerShell", "Microsoft.PowerShell_profile.ps1")
	}
	return Setup{
		Line:    `gov env pwsh | Out-String | Invoke-Expression`,
		File:    rc,
		Present: findLine(rc, runsGovEnv),
		Notes:   []string{"this is the file $PROFILE names; if PowerShell says otherwise, use that one"},
	}
}

// configDir is $XDG_CONFIG_HOME, else ~/.config, as fish and PowerShell
// use it on every system but Windows.
func configDir(home string, getenv func(string) string) string {
	if d := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(home, ".config")
}

// runsGovEnv reports whether an rc file's line runs gov env, however it is
// written (eval "$(gov env zsh)", source <(gov env bash), a full path to gov).
func runsGovEnv(line string) bool { return strings.Contains(line, "gov env") }

func sourcesBashrc(line string) bool { return strings.Contains(line, ".bashrc") }

// loadsCompletion reports whether an rc file's line loads gov's completion
// (eval "$(gov completion zsh)", source <(gov completion bash),
// gov completion fish | source).
func loadsCompletion(line string) bool { return strings.Contains(line, "gov completion") }

// runsCompinit reports whether an rc file's line runs compinit (not only
// autoloads it).
func runsCompinit(line string) bool {
	for _, cmd := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(";&|", r) }) {
		if f := strings.Fields(cmd); len(f) > 0 && f[0] == "compinit" {
			return true
		}
	}
	return false
}

// completionAt says where rc loads gov's completion: a line that runs gov
// completion, or that sources a script gov completion printed (saved to a
// file); else the first of autoload, files the shell loads by itself,
// that exists. It returns "" if there is none.
func completionAt(rc, home string, autoload ...string) string {
	if n := findLine(rc, loadsCompletion); n > 0 {
		return Tilde(rc, home) + ", line " + strconv.Itoa(n)
	}
	file := ""
	n := findLine(rc, func(line string) bool {
		file = sourcedFile(line, home)
		return file != "" && isCompletionScript(file)
	})
	if n > 0 {
		return Tilde(rc, home) + ", line " + strconv.Itoa(n) + " (" + Tilde(file, home) + ")"
	}
	for _, f := range autoload {
		if isCompletionScript(f) {
			return Tilde(f, home)
		}
	}
	return ""
}

// sourcedFile returns the file that line sources (source FILE, . FILE),
// with ~ and $HOME expanded; "" if it sources none.
func sourcedFile(line, home string) string {
	f := strings.Fields(line)
	if len(f) < 2 || (f[0] != "source" && f[0] != ".") {
		return ""
	}
	file := strings.Trim(f[1], `"'`)
	for _, prefix := range []string{"~/", "$HOME/", "${HOME}/"} {
		if rest, ok := strings.CutPrefix(file, prefix); ok {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(file) {
		return file
	}
	return ""
}

// isCompletionScript reports whether file holds a completion script for
// gov (what gov completion prints, for any shell, this gov or an older
// one).
func isCompletionScript(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	for _, mark := range []string{"_gov_complete", "compdef _gov gov", "__gov_complete", "complete -c gov "} {
		if bytes.Contains(head[:n], []byte(mark)) {
			return true
		}
	}
	return false
}

// findLine returns the number of the first line of file, not a comment,
// that match accepts; 0 if there is none or the file cannot be read.
func findLine(file string, match func(string) bool) int {
	return scanLines(file, match, true)
}

// lastLine is findLine's twin: the number of the last such line.
func lastLine(file string, match func(string) bool) int {
	return scanLines(file, match, false)
}

func scanLines(file string, match func(string) bool, first bool) int {
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	found := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "#") && match(line) {
			if first {
				return n
			}
			found = n
		}
	}
	return found
}

// Tilde writes path under home as ~/..., the way rc files are named.
func Tilde(path, home string) string {
	if rel, err := filepath.Rel(home, path); err == nil && filepath.IsLocal(rel) {
		return "~/" + filepath.ToSlash(rel)
	}
	return path
}
