package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// checkShell finds the user's shell and the running one, their start-up
// files, and whether the gov env line sits in a file that the shell reads
// both for login sessions (macOS terminals, ssh) and for interactive ones
// (most Linux terminals). The classic trap: the line is in ~/.bash_profile
// and the shell is zsh.
func checkShell(ctx context.Context, sys *System) []Result {
	login := sys.Getenv("SHELL")
	kind := shellKind(login)
	running := shellKind(sys.Parent)
	r := Result{ID: "shell", Status: OK}
	switch {
	case login == "":
		r.Status, r.Summary = Warn, "SHELL is not set, so gov cannot tell which start-up files your shell reads"
		r.Fix = "export SHELL=$(command -v zsh)   # or bash, fish: your login shell"
	case kind == "":
		r.Status, r.Summary = Warn, fmt.Sprintf("your shell is %s, which gov env has no code for", filepath.Base(login))
		r.Detail = "gov env supports bash, zsh, fish, sh (dash, ksh) and pwsh"
		r.Fix = "chsh -s " + sys.shellBinary("zsh")
	default:
		r.Summary = "your shell is " + kind + " (SHELL=" + login + ")"
	}
	if running != "" && running != kind {
		r.Summary += "; this terminal runs " + running
	}
	results := []Result{r}
	if kind != "" {
		// (For a login shell gov does not know, the line above says what
		// to do; there are no start-up files to judge.)
		results = append(results, sys.startupResult("shell.startup", kind, sys.startupFiles(kind), Fail))
	}
	switch {
	case running != "" && running != kind:
		// A shell started by hand: worth knowing, not a broken setup.
		results = append(results, sys.startupResult("shell.running", running, sys.startupFiles(running), Warn))
	case running != "":
		results = append(results, Result{ID: "shell.running", Status: OK, Summary: "this terminal runs your login shell, " + running})
	case login != "" && programName(sys.Parent) == programName(login):
		// A shell gov has no code for (the line above says so) is still
		// a shell.
		results = append(results, Result{ID: "shell.running", Status: OK, Summary: "this terminal runs your login shell, " + programName(login)})
	case sys.Parent != "":
		results = append(results, Result{ID: "shell.running", Status: OK, Summary: "gov doctor was started by " + sys.Parent + ", not by a shell"})
	default:
		results = append(results, Result{ID: "shell.running", Status: OK, Summary: "the shell that started gov doctor is unknown"})
	}
	if sys.inPath(sys.shimsDir()) >= 0 {
		// (Without the shims in PATH there is no mode: PATH's line says
		// what to do.)
		results = append(results, sys.modeResult())
	}
	return results
}

// modeResult says which mode the shell that runs gov doctor uses: hook
// mode (gov env SHELL --hook), where the prompt hook puts the selected
// SDK's bin before the shims, or shim mode, where every go goes through
// gov's shim. Either is right: this line only informs, and says which
// mode the start-up line gives new shells.
func (sys *System) modeResult() Result {
	kind := sys.thisShell()
	r := Result{ID: "shell.mode", Status: OK}
	var details []string
	if h := sys.hookMode(); h != nil {
		r.Summary = "hook mode: the prompt hook puts the selected SDK's bin before the shims (" + sys.hookCommand() + ")"
		details = append(details, fmt.Sprintf("PATH entry %d is %s, the bin of %s in gov's store, and entry %d gov's shims: go at the prompt is that SDK's own, not the shim", h.entry+1, sys.tilde(h.dir), h.version.Toolchain(), h.shims+1))
	} else {
		r.Summary = "shim mode: every go goes through gov's shim"
		details = append(details, "no SDK's bin from gov's store comes before gov's shims in PATH")
	}
	if kind != "" {
		for _, f := range sys.startupFiles(kind) {
			if !f.read() || len(f.lines) == 0 {
				continue
			}
			line := strings.Split(string(f.data), "\n")[f.lines[0]-1]
			if strings.Contains(line, "--hook") {
				details = append(details, fmt.Sprintf("new %s shells start in hook mode (%s has --hook)", kind, f.where(sys)))
			} else {
				details = append(details, fmt.Sprintf("new %s shells start in shim mode (%s has no --hook)", kind, f.where(sys)))
			}
			break
		}
	}
	r.Detail = strings.Join(details, "\n")
	return r
}

// shellKind names the gov env code a shell needs: zsh, bash, fish, sh or
// pwsh; "" for shells gov has no code for.
func shellKind(name string) string {
	name = programName(name)
	switch name {
	case "zsh", "bash", "fish":
		return name
	case "sh", "dash", "ash", "ksh", "mksh", "yash", "posh":
		return "sh"
	case "pwsh", "powershell":
		return "pwsh"
	}
	return ""
}

// programName is a shell's name as a process or a path names it: tcsh for
// /bin/tcsh and -tcsh (a login shell).
func programName(name string) string {
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), "-"), ".exe")
}

// An rcFile is a start-up file and which sessions of its shell read it.
type rcFile struct {
	path               string
	login, interactive bool   // read by login / interactive non-login sessions
	note               string // why it is (not) read
	exists             bool
	lines              []int    // lines with a gov env line
	args               []string // the shell each of them asks for ("" for none)
	data               []byte
}

func (f *rcFile) read() bool { return f.login || f.interactive }

func (f *rcFile) where(sys *System) string {
	if len(f.lines) == 0 {
		return sys.tilde(f.path)
	}
	return sys.tilde(f.path) + ":" + strconv.Itoa(f.lines[0])
}

// govEnvLine is the line gov env's users put in start-up files (eval
// "$(gov env zsh)", gov env fish | source, ...), when it is not a comment.
var govEnvLine = regexp.MustCompile(`(^|[^\w-])gov\s+env(\s+(\w+))?`)

// startupFiles returns the files a shell of kind reads when it starts, in
// the order it reads them, with the gov env lines in them.
func (sys *System) startupFiles(kind string) []*rcFile {
	home := sys.home()
	var files []*rcFile
	add := func(path string, login, interactive bool, note string) *rcFile {
		f := &rcFile{path: path, login: login, interactive: interactive, note: note}
		if data, err := sys.readFile(path); err == nil {
			f.exists, f.data = true, data
			f.lines, f.args = findGovEnv(data)
		}
		files = append(files, f)
		return f
	}
	switch kind {
	case "zsh":
		dir := home
		if z := sys.Getenv("ZDOTDIR"); z != "" {
			dir = sys.abs(z)
		}
		add(filepath.Join(dir, ".zshenv"), true, true, "every zsh")
		add(filepath.Join(dir, ".zprofile"), true, false, "login shells")
		add(filepath.Join(dir, ".zshrc"), true, true, "interactive shells")
		add(filepath.Join(dir, ".zlogin"), true, false, "login shells")
	case "bash":
		// A login bash reads only the first of these that exists.
		var loginFile *rcFile
		for _, name := range []string{".bash_profile", ".bash_login", ".profile"} {
			f := add(filepath.Join(home, name), false, false, "")
			switch {
			case !f.exists:
			case loginFile == nil:
				f.login, f.note, loginFile = true, "login shells", f
			default:
				f.note = "not read: " + sys.tilde(loginFile.path) + " exists"
			}
		}
		rc := add(filepath.Join(home, ".bashrc"), false, true, "interactive shells that are not login shells")
		if loginFile != nil && loginFile.path != filepath.Join(home, ".profile") {
			// files[2] is ~/.profile, which ~/.bash_profile often sources.
			if profile := files[2]; profile.exists && sources(loginFile.data, home, ".profile") {
				profile.login, profile.note = true, "login shells, sourced by "+sys.tilde(loginFile.path)
				if sources(profile.data, home, ".bashrc") {
					rc.login = true
				}
			}
		}
		if loginFile != nil && sources(loginFile.data, home, ".bashrc") {
			rc.login = true
		}
		if rc.login {
			rc.note = "every interactive shell (" + sys.tilde(loginFile.path) + " sources it)"
		}
	case "fish":
		dir := filepath.Join(sys.userConfigDirXDG(), "fish")
		add(filepath.Join(dir, "config.fish"), true, true, "every fish")
		entries, _ := sys.readDir(filepath.Join(dir, "conf.d"))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".fish") {
				add(filepath.Join(dir, "conf.d", e.Name()), true, true, "every fish")
			}
		}
	case "sh":
		add(filepath.Join(home, ".profile"), true, false, "login shells")
		if env := sys.Getenv("ENV"); env != "" {
			add(sys.abs(env), false, true, "interactive shells ($ENV)")
		}
	case "pwsh":
		dir := filepath.Join(sys.userConfigDirXDG(), "powershell")
		add(filepath.Join(dir, "Microsoft.PowerShell_profile.ps1"), true, true, "every pwsh")
		add(filepath.Join(dir, "profile.ps1"), true, true, "every pwsh")
	}
	return files
}

// userConfigDirXDG is where fish and pwsh keep their configuration, on
// macOS too: $XDG_CONFIG_HOME, else ~/.config.
func (sys *System) userConfigDirXDG() string {
	if d := sys.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(sys.home(), ".config")
}

// findGovEnv returns the lines (1-based) that run gov env, and the shell
// each names.
func findGovEnv(data []byte) (lines []int, args []string) {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if m := govEnvLine.FindStringSubmatch(line); m != nil {
			lines, args = append(lines, i+1), append(args, m[3])
		}
	}
	return lines, args
}

// sources reports whether a shell script sources ~/name (". ~/.bashrc",
// "source $HOME/.bashrc", `. "${HOME}/.bashrc"`) on a line that is not a
// comment.
func sources(data []byte, home, name string) bool {
	homes := `~|\$HOME|\$\{HOME\}`
	if home != "" {
		homes += "|" + regexp.QuoteMeta(home)
	}
	re := regexp.MustCompile(`(^|[\s;&|{(])(\.|source)\s+["']?(` + homes + `)/` + regexp.QuoteMeta(name) + `\b`)
	for _, line := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(line); t != "" && t[0] != '#' && re.MatchString(t) {
			return true
		}
	}
	return false
}

// startupResult says whether a shell of kind, whose start-up files are
// files, reads the gov env line in both kinds of session. worstStatus caps
// the verdict (a shell started by hand is worth a warning, not a failure).
func (sys *System) startupResult(id, kind string, files []*rcFile, worstStatus Status) Result {
	r := Result{ID: id, Detail: sys.describeStartup(kind, files), Fix: sys.envLineFixFor(kind, files)}
	var login, inter, unread []*rcFile
	for _, f := range files {
		switch {
		case len(f.lines) == 0:
		case !f.read():
			unread = append(unread, f)
		default:
			if f.login {
				login = append(login, f)
			}
			if f.interactive {
				inter = append(inter, f)
			}
		}
	}
	limit := func(s Status) Status {
		if s == Fail && worstStatus == Warn {
			return Warn
		}
		return s
	}
	switch {
	case len(login) > 0 && len(inter) > 0:
		where := login[0].where(sys)
		if both := slices.IndexFunc(login, func(f *rcFile) bool { return f.interactive }); both >= 0 {
			where = login[both].where(sys)
		} else {
			where += " in login shells, " + inter[0].where(sys) + " in the others"
		}
		r.Status, r.Summary, r.Fix = OK, kind+" reads the gov env line ("+where+")", ""
		if bad := sys.wrongShellArg(kind, files); bad != "" {
			r.Status, r.Summary = limit(Warn), bad
			r.Fix = fmt.Sprintf("change that line to: %s", envLine(kind))
		} else if kind == "zsh" && sys.Platform.OS == "darwin" && onlyZshenv(files) {
			// /etc/zprofile runs path_helper after ~/.zshenv, which puts
			// /usr/local/bin and /opt/homebrew/bin back in front.
			r.Status, r.Summary = limit(Warn), "only ~/.zshenv has the gov env line; on macOS /etc/zprofile then reorders PATH for login shells"
			r.Fix = sys.appendFix(kind, files)
		}
	case len(login) > 0:
		r.Status = limit(Warn)
		r.Summary = fmt.Sprintf("only login %s shells read the gov env line (%s); interactive shells that are not login shells (most Linux terminals) do not", kind, login[0].where(sys))
	case len(inter) > 0:
		r.Status = limit(Warn)
		r.Summary = fmt.Sprintf("only interactive %s shells that are not login shells read the gov env line (%s); login shells (macOS terminals, ssh) do not", kind, inter[0].where(sys))
		if kind == "bash" {
			r.Summary = fmt.Sprintf("login bash shells (macOS terminals, ssh) do not read the gov env line in %s: %s does not source it", inter[0].where(sys), sys.tilde(sys.bashLoginFile(files)))
		}
	case len(unread) > 0:
		r.Status = limit(Fail)
		r.Summary = fmt.Sprintf("%s never reads the gov env line in %s (%s)", kind, unread[0].where(sys), unread[0].note)
	default:
		r.Status = limit(Fail)
		if f, other := sys.lineElsewhere(kind); f != nil {
			r.Summary = fmt.Sprintf("the gov env line is in %s, which %s reads, but your shell is %s", f.where(sys), other, kind)
		} else {
			r.Summary = "no " + kind + " start-up file has the gov env line"
		}
	}
	return r
}

func onlyZshenv(files []*rcFile) bool {
	for _, f := range files {
		if len(f.lines) > 0 && filepath.Base(f.path) != ".zshenv" {
			return false
		}
	}
	return true
}

// wrongShellArg finds a gov env line that asks for another shell's code.
func (sys *System) wrongShellArg(kind string, files []*rcFile) string {
	for _, f := range files {
		for i, arg := range f.args {
			// POSIX sh code (gov env sh) runs in bash and zsh too.
			posix := shellKind(arg) == "sh" && (kind == "bash" || kind == "zsh")
			if arg != "" && shellKind(arg) != kind && !posix && f.read() {
				return fmt.Sprintf("%s:%d asks for %s code (gov env %s) in a %s start-up file", sys.tilde(f.path), f.lines[i], arg, arg, kind)
			}
		}
	}
	return ""
}

// lineElsewhere finds the gov env line in a file another shell reads.
func (sys *System) lineElsewhere(kind string) (*rcFile, string) {
	for _, other := range []string{"bash", "zsh", "fish", "sh", "pwsh"} {
		if other == kind {
			continue
		}
		for _, f := range sys.startupFiles(other) {
			if len(f.lines) > 0 && f.read() {
				return f, other
			}
		}
	}
	return nil, ""
}

// describeStartup lists a shell's start-up files that exist, and who
// reads each.
func (sys *System) describeStartup(kind string, files []*rcFile) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s start-up files:", kind)
	n := 0
	for _, f := range files {
		if !f.exists {
			continue
		}
		n++
		fmt.Fprintf(&b, "\n  %s (%s)", sys.tilde(f.path), f.note)
		if len(f.lines) > 0 {
			fmt.Fprintf(&b, ": gov env on line %s", joinInts(f.lines))
		}
	}
	if n == 0 {
		b.WriteString(" none exist")
	}
	return b.String()
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// envLine is the line that loads gov into a shell of kind.
func envLine(kind string) string {
	switch kind {
	case "fish":
		return "gov env fish | source"
	case "pwsh":
		return "gov env pwsh | Out-String | Invoke-Expression"
	case "":
		return `eval "$(gov env)"`
	}
	return `eval "$(gov env ` + kind + `)"`
}

// rcTarget is the start-up file gov's line belongs in for kind: one that
// every interactive session reads.
func (sys *System) rcTarget(kind string) string {
	home := sys.home()
	switch kind {
	case "zsh":
		if z := sys.Getenv("ZDOTDIR"); z != "" {
			return filepath.Join(sys.abs(z), ".zshrc")
		}
		return filepath.Join(home, ".zshrc")
	case "bash":
		return filepath.Join(home, ".bashrc")
	case "fish":
		return filepath.Join(sys.userConfigDirXDG(), "fish", "config.fish")
	case "pwsh":
		return filepath.Join(sys.userConfigDirXDG(), "powershell", "Microsoft.PowerShell_profile.ps1")
	}
	return filepath.Join(home, ".profile")
}

// bashLoginFile is the file a login bash reads (~/.bash_profile if none
// exists: the one to create).
func (sys *System) bashLoginFile(files []*rcFile) string {
	for _, f := range files {
		if f.login && filepath.Base(f.path) != ".bashrc" && !strings.Contains(f.note, "sourced") {
			return f.path
		}
	}
	return filepath.Join(sys.home(), ".bash_profile")
}

// appendFix is the command that appends gov's line to the right start-up
// file of kind, and for bash makes login shells read ~/.bashrc too.
func (sys *System) appendFix(kind string, files []*rcFile) string {
	target := sys.rcTarget(kind)
	line := envLine(kind)
	if kind == "pwsh" {
		return "Add-Content -Path $PROFILE -Value '" + line + "'"
	}
	fix := "echo '" + line + "' >> " + sys.shellPath(target)
	if !sys.isDir(filepath.Dir(target)) {
		fix = "mkdir -p " + sys.shellPath(filepath.Dir(target)) + " && " + fix
	}
	if kind == "bash" {
		var rc *rcFile
		for _, f := range files {
			if filepath.Base(f.path) == ".bashrc" {
				rc = f
			}
		}
		if rc == nil || !rc.login {
			fix += " && echo '[ -f ~/.bashrc ] && . ~/.bashrc' >> " + sys.shellPath(sys.bashLoginFile(files))
		}
	}
	return fix
}

// envLineFixFor is the fix for a shell of kind that does not read gov's
// line everywhere it should.
func (sys *System) envLineFixFor(kind string, files []*rcFile) string {
	for _, f := range files {
		if len(f.lines) > 0 && f.read() && kind == "bash" && f.interactive && !f.login {
			// The line is in ~/.bashrc: login shells only need to read it.
			return "echo '[ -f ~/.bashrc ] && . ~/.bashrc' >> " + sys.shellPath(sys.bashLoginFile(files))
		}
	}
	return sys.appendFix(kind, files)
}

// envLineFix is the fix when gov's shims are missing from PATH: add the
// gov env line to the login shell's start-up file, or, when it is there
// already, run it in this shell (which started before it was added).
func (sys *System) envLineFix() string {
	kind := shellKind(sys.Getenv("SHELL"))
	if kind == "" {
		return envLine("") + "   # and add that line to your shell's start-up file"
	}
	files := sys.startupFiles(kind)
	if r := sys.startupResult("", kind, files, Fail); r.Status == OK {
		return sys.reloadFix("this shell started before the line was added; new shells run it themselves")
	}
	return sys.appendFix(kind, files)
}

// hookLine is the line that loads gov into a shell of kind in hook mode,
// for a shell that has a prompt hook; envLine for the others.
func hookLine(kind string) string {
	if kind == "" || kind == "sh" {
		return envLine(kind)
	}
	return strings.Replace(envLine(kind), "gov env "+kind, "gov env "+kind+" --hook", 1)
}

// thisShell is the kind of the shell gov doctor runs in: the one that
// started it, else the login shell; "" when neither is one gov knows.
func (sys *System) thisShell() string {
	if kind := shellKind(sys.Parent); kind != "" {
		return kind
	}
	return shellKind(sys.Getenv("SHELL"))
}

// hookCommand is the command that gives this shell hook mode: gov env
// zsh --hook (SHELL where the shell has none, or is unknown).
func (sys *System) hookCommand() string {
	kind := sys.thisShell()
	if kind == "" || kind == "sh" {
		kind = "SHELL"
	}
	return "gov env " + kind + " --hook"
}

// reloadFix runs gov's line in the current shell, which puts the shims
// first in PATH again (in hook mode, the line that keeps hook mode); why
// becomes a comment.
func (sys *System) reloadFix(why string) string {
	kind := sys.thisShell()
	if sys.hookMode() != nil {
		return hookLine(kind) + "   # " + why
	}
	return envLine(kind) + "   # " + why
}

// shellBinary is where a shell is, for chsh.
func (sys *System) shellBinary(name string) string {
	if found := sys.lookPath(name); len(found) > 0 {
		return found[0]
	}
	return name
}

// setIn returns where the start-up files of every shell set the variable
// key ("~/.zshrc:4"), so a fix can say which line to delete.
func (sys *System) setIn(key string) []string {
	k := regexp.QuoteMeta(key)
	re := regexp.MustCompile(`(^|[\s;&|])((export|declare\s+-x|typeset\s+-x|setenv)\s+)?` + k + `=|^set\s+(-\w+\s+)*` + k + `\b|\$env:` + k + `\s*=`)
	var found []string
	sys.startupLines(func(path string, n int, line string) {
		if line != "" && line[0] != '#' && re.MatchString(line) {
			found = append(found, sys.tilde(path)+":"+strconv.Itoa(n))
		}
	})
	return found
}

// startupLines calls f with each line (without surrounding space) of the
// start-up files of every shell gov supports, each file once, in order.
func (sys *System) startupLines(f func(path string, n int, line string)) {
	seen := map[string]bool{}
	for _, kind := range []string{"zsh", "bash", "fish", "sh", "pwsh"} {
		for _, file := range sys.startupFiles(kind) {
			if !file.exists || seen[file.path] {
				continue
			}
			seen[file.path] = true
			for i, line := range strings.Split(string(file.data), "\n") {
				f(file.path, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// A Mention is a line of a shell start-up file that mentions gov.
type Mention struct {
	File string // as users write it: ~/.zshrc
	Line int    // 1-based
	Text string // the line, without surrounding space
}

// mentionsGov matches what marks a line as gov's: the word gov (gov env,
// gov completion, ~/.gov/bin, gov.fish) or a GOV_ variable.
var mentionsGov = regexp.MustCompile(`\bgov\b|\bGOV_[A-Z_]+`)

// Mentions returns every line of the start-up files of every shell gov
// supports (the files the checks read) that mentions gov, comments too,
// for gov self uninstall to name: gov never edits those files, so the
// user deletes the lines.
func (sys *System) Mentions() []Mention {
	var found []Mention
	sys.startupLines(func(path string, n int, line string) {
		if mentionsGov.MatchString(line) {
			found = append(found, Mention{File: sys.tilde(path), Line: n, Text: line})
		}
	})
	return found
}

// exportFix is the command that sets an environment variable in this
// shell, and says where the start-up files set it now.
func (sys *System) exportFix(key, value string) string {
	fix := "export " + key + "=" + value
	switch shellKind(sys.Parent) {
	case "fish":
		fix = "set -gx " + key + " " + value
	case "pwsh":
		fix = "$env:" + key + " = '" + value + "'"
	}
	if where := sys.setIn(key); len(where) > 0 {
		return fix + "   # and change the line that sets it: " + strings.Join(where, ", ")
	}
	return fix
}

// unsetFix is the command that removes an environment variable from this
// shell, and where it is set, from the start-up files.
func (sys *System) unsetFix(key string) string {
	unset := "unset " + key
	switch shellKind(sys.Parent) {
	case "fish":
		unset = "set -e " + key
	case "pwsh":
		unset = "Remove-Item Env:" + key
	}
	if where := sys.setIn(key); len(where) > 0 {
		return unset + "   # and delete the line that sets it: " + strings.Join(where, ", ")
	}
	return unset + "   # and remove it from wherever your session sets it"
}
