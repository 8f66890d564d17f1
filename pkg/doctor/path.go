package doctor

import (
	"context"
	"debug/buildinfo"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gov-dev/gov/pkg/shim"
)

// checkPath finds which go and gofmt a shell runs, every go in PATH with
// its version, and whether gov's shims come before all of them. Another
// go earlier in PATH (Homebrew's, /usr/local/go's, the distribution's) is
// the most common reason "go version" does not say what gov selected.
func checkPath(ctx context.Context, sys *System) []Result {
	shims := sys.shimsDir()
	gos := sys.lookPath("go")
	versions := sys.goVersions(ctx, gos)
	var list strings.Builder
	list.WriteString("every go in PATH, in order:")
	for i, p := range gos {
		fmt.Fprintf(&list, "\n  %s  %s", p, versions[i])
		if o := sys.origin(p); o.what != "" {
			fmt.Fprintf(&list, " (%s)", o.what)
		}
	}
	if len(gos) == 0 {
		list.WriteString(" none")
	}
	return []Result{
		sys.shimsFirst(shims),
		sys.toolResult("path.go", "go", gos, versions, list.String()),
		sys.toolResult("path.gofmt", "gofmt", sys.lookPath("gofmt"), nil, ""),
	}
}

// shimsFirst checks that gov's shims are in PATH, ahead of any other
// directory with a go or gofmt in it.
func (sys *System) shimsFirst(shims string) Result {
	r := Result{ID: "path.shims"}
	at := sys.inPath(shims)
	if at < 0 {
		r.Status, r.Summary = Fail, fmt.Sprintf("gov's shims (%s) are not in PATH", sys.tilde(shims))
		r.Detail = "the shell finds go through PATH; the gov env line in your shell's start-up file puts gov's shims first"
		r.Fix = sys.envLineFix()
		return r
	}
	if !sys.isExec(filepath.Join(shims, sys.exe("go"))) {
		r.Status, r.Summary = Fail, fmt.Sprintf("%s is in PATH but holds no go shim", sys.tilde(shims))
		r.Detail = "gov writes its shims when it installs an SDK"
		r.Fix = sys.syncShimsFix()
		return r
	}
	hook := sys.hookMode()
	for i, d := range sys.pathDirs()[:at] {
		if hook != nil && i == hook.entry {
			continue // the SDK gov's prompt hook put there (hook mode)
		}
		for _, tool := range []string{"go", "gofmt"} {
			if sys.isExec(filepath.Join(d, sys.exe(tool))) {
				r.Status, r.Summary = Fail, fmt.Sprintf("gov's shims come after %s in PATH, which has its own %s", d, tool)
				r.Detail = fmt.Sprintf("PATH entry %d is %s, entry %d gov's shims; the gov env line puts the shims first, so something that ran after it (or a shell that did not read it) put %s ahead", i+1, d, at+1, d)
				r.Fix = sys.reloadFix("if new shells still put " + d + " first, move gov's line to the end of " + sys.tilde(sys.rcTarget(shellKind(sys.Getenv("SHELL")))))
				return r
			}
		}
	}
	r.Status, r.Summary = OK, fmt.Sprintf("gov's shims (%s) come first in PATH", sys.tilde(shims))
	if hook != nil {
		r.Summary = fmt.Sprintf("gov's shims (%s) come first in PATH after %s's bin, which gov's prompt hook put before them (hook mode)", sys.tilde(shims), hook.version.Toolchain())
		r.Detail = fmt.Sprintf("entry %d of PATH; entry %d is %s, from gov's store, which the prompt hook (%s) keeps before the shims; no other directory before them has a go or gofmt", at+1, hook.entry+1, sys.tilde(hook.dir), sys.hookCommand())
		return r
	}
	if at > 0 {
		r.Detail = fmt.Sprintf("entry %d of PATH; no directory before it has a go or gofmt", at+1)
	}
	return r
}

// toolResult says which go (or gofmt) a shell runs: gov's shim, or
// another that it names.
func (sys *System) toolResult(id, tool string, found, versions []string, detail string) Result {
	r := Result{ID: id, Detail: detail}
	shims := sys.shimsDir()
	inPath := sys.inPath(shims) >= 0
	if len(found) == 0 {
		r.Status, r.Summary = Fail, "no "+tool+" in PATH"
		if inPath {
			r.Fix = sys.syncShimsFix()
		} else {
			r.Fix = sys.envLineFix()
		}
		return r
	}
	first := found[0]
	version := ""
	if versions != nil {
		version = versions[0]
	}
	if sys.samePath(filepath.Dir(first), shims) {
		r.Status, r.Summary = OK, tool+" is gov's shim"
		if versions == nil {
			return r
		}
		r.Summary += "; " + sys.shimRuns()
		if err := sys.selectionErr(); err != nil {
			// The right go, but go commands here fail: so does this line,
			// with the fix gov's store line gives.
			r.Status, r.Fix = Fail, sys.selectionFix(err)
		}
		return r
	}
	if hook := sys.hookMode(); hook != nil && sys.samePath(filepath.Dir(first), hook.dir) {
		return sys.hookToolResult(r, tool, hook, versions != nil)
	}
	o := sys.origin(first)
	what := ""
	if parts := slices.DeleteFunc([]string{version, o.what}, func(s string) bool { return s == "" }); len(parts) > 0 {
		what = " (" + strings.Join(parts, ", ") + ")"
	}
	r.Status = Fail
	if inPath {
		r.Summary = fmt.Sprintf("%s is %s%s, which comes before gov's shims in PATH", tool, first, what)
		r.Fix = o.fix
		if r.Fix == "" {
			r.Fix = fmt.Sprintf("remove %s from PATH in your shell's start-up files", filepath.Dir(first))
		}
	} else {
		r.Summary = fmt.Sprintf("%s is %s%s, not gov's shim", tool, first, what)
		r.Fix = sys.envLineFix()
	}
	return r
}

// hookToolResult says which go (or gofmt) a shell in hook mode runs: the
// one in the SDK's bin that gov's prompt hook put first in PATH. It is
// right when that SDK is the one gov selects here; else the prompt has
// not run since (a script that changed directory, a pin just edited), and
// a new prompt puts the right one first. With isGo, a selection that
// fails here fails this line too, as it does in shim mode.
func (sys *System) hookToolResult(r Result, tool string, hook *hookBin, isGo bool) Result {
	name := hook.version.Toolchain()
	if sel, err := sys.selection(); err == nil && sel.Installed() && sel.SDK.Version == hook.version && !sys.selected(hook) {
		name = filepath.Base(filepath.Dir(hook.dir)) // the same version for another platform
	}
	if tool != "go" {
		name += "'s " + tool
	}
	put := fmt.Sprintf("%s is %s from gov's store, put first in PATH by gov's prompt hook", tool, name)
	if sys.selected(hook) {
		r.Status, r.Summary = OK, put+" (hook mode)"
		if isGo {
			sel, _ := sys.selection()
			r.Summary += "; gov selects it here (" + sys.reason(sel) + ")"
		}
		return r
	}
	r.Summary = put + ", but gov's shim " + strings.TrimPrefix(sys.shimRuns(), "it ")
	if err := sys.selectionErr(); err != nil && isGo {
		r.Status, r.Fix = Fail, sys.selectionFix(err)
		return r
	}
	r.Status = Warn
	r.Fix = fmt.Sprintf("press Enter for a new prompt (the hook updates PATH), or run the shim: %s; a script that changes directory keeps its shell's %s",
		sys.shellPath(filepath.Join(sys.shimsDir(), sys.exe(tool))), tool)
	return r
}

// goVersions returns the version of each go, found concurrently.
func (sys *System) goVersions(ctx context.Context, gos []string) []string {
	out := make([]string, len(gos))
	var wg sync.WaitGroup
	for i, p := range gos {
		wg.Go(func() { out[i] = sys.goVersion(ctx, p) })
	}
	wg.Wait()
	return out
}

// goVersion says which Go the go at p runs. gov's shim is answered by gov's
// own resolver (running it could install, with GOV_AUTO_INSTALL=1); a real
// go command by its build information, without running it; anything else
// (a script, another manager's shim) by running "go version".
func (sys *System) goVersion(ctx context.Context, p string) string {
	if sys.samePath(filepath.Dir(p), sys.shimsDir()) {
		return "gov's shim: " + sys.shimRuns()
	}
	if bi, err := buildinfo.ReadFile(sys.real(p)); err == nil && bi.Path == "cmd/go" {
		v, _, _ := strings.Cut(bi.GoVersion, " ")
		return v
	}
	out, err := sys.Command(ctx, p, "version")
	f := strings.Fields(string(out))
	if err == nil && len(f) >= 3 && f[0] == "go" && f[1] == "version" {
		return f[2]
	}
	if err != nil {
		return "version unknown: " + firstLine(err.Error())
	}
	return "version unknown: " + firstLine(string(out))
}

// shimRuns says what gov's go shim runs in the working directory.
func (sys *System) shimRuns() string {
	sel, err := sys.selection()
	switch {
	case err != nil:
		return "it fails here: " + firstLine(sys.machineText(err.Error()))
	case !sel.Installed():
		return "it fails here: " + describeSpec(sel) + " is not installed"
	}
	return "it runs " + sel.SDK.Version.Toolchain() + " here (" + sys.reason(sel) + ")"
}

// reason says what chose a selection, with machine paths.
func (sys *System) reason(sel *shim.Selection) string {
	why := ""
	switch sel.From {
	case shim.FromEnv:
		why = "set by GOV_VERSION"
	case shim.FromGoMod, shim.FromGoWork:
		why = "required by " + sys.tilde(sys.machine(sel.File))
	default:
		why = "set by " + sys.tilde(sys.machine(sel.File))
	}
	if sel.Raised != nil {
		why += ", raised from " + sel.Raised.Raw + " " + sys.reason(sel.Raised)
	}
	return why
}

// An origin says where a go outside gov comes from and how to remove it.
type origin struct{ what, fix string }

var debianGo = regexp.MustCompile(`^/usr/lib/go-(\d+\.\d+)/`)

// origin recognizes the usual other installations of Go.
func (sys *System) origin(p string) origin {
	dir := filepath.Dir(p)
	target := sys.evalSymlinks(p)
	has := func(s string) bool { return strings.Contains(target, s) || strings.Contains(p, s) }
	if _, ok := sys.storeSDKBin(dir); ok {
		return origin{"gov's store", ""}
	}
	switch {
	case has("/Cellar/"), strings.HasPrefix(target, "/opt/homebrew/"), strings.HasPrefix(target, "/home/linuxbrew/.linuxbrew/"):
		formula := "go"
		if _, rest, ok := strings.Cut(target, "/Cellar/"); ok {
			formula, _, _ = strings.Cut(rest, "/")
		}
		return origin{"Homebrew's " + formula, "brew uninstall " + formula}
	case strings.HasPrefix(target, "/usr/local/go/"):
		fix := "gov import /usr/local/go && sudo rm -rf /usr/local/go"
		if sys.Platform.OS == "darwin" {
			fix += " /etc/paths.d/go"
		}
		return origin{"the go.dev installer's /usr/local/go", fix}
	case strings.HasPrefix(target, "/snap/") || dir == "/snap/bin":
		return origin{"the go snap", "sudo snap remove go"}
	case dir == "/usr/bin" || strings.HasPrefix(target, "/usr/lib/go") || strings.HasPrefix(target, "/usr/lib/golang") || strings.HasPrefix(target, "/usr/lib64/go"):
		pkg := ""
		if m := debianGo.FindStringSubmatch(target); m != nil && dir != "/usr/bin" && sys.distro() == 0 {
			pkg = "golang-" + m[1] + "-go"
		}
		return origin{"the system's go package", sys.removeDistroGo(pkg)}
	case has("/.goenv/"):
		return origin{"goenv's shim", "remove goenv's lines from your shell's start-up files"}
	case has("/.asdf/"):
		return origin{"asdf's shim", "asdf plugin remove golang"}
	case has("/mise/"):
		return origin{"mise's shim", "mise uninstall go --all"}
	case has("/.gvm/"):
		return origin{"gvm's go", "remove gvm's line from your shell's start-up files"}
	case has("/sdk/go1"):
		return origin{"an SDK from golang.org/dl", ""}
	}
	return origin{}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
