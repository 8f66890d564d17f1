package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/shim"
)

// checkToolchain finds the GOTOOLCHAIN the go command obeys, and whether
// it could download a toolchain behind gov's back; then compares the
// current module's go and toolchain lines with the version gov runs here.
func checkToolchain(ctx context.Context, sys *System) []Result {
	return []Result{sys.toolchainSetting(), sys.moduleRequirement()}
}

// toolchainSetting judges GOTOOLCHAIN. gov's shim runs go with
// GOTOOLCHAIN=local unless the environment sets it, so the environment is
// what counts; the go env file and the SDK's go.env reach only a go run
// outside the shim. In hook mode the GOTOOLCHAIN=local that gov's prompt
// hook exports is not the user's: the user's own is judged (goenv.Unhook).
func (sys *System) toolchainSetting() Result {
	r := Result{ID: "gotoolchain", Status: OK}
	// What a go run outside the shim would use.
	outside, from := sys.goVarOutside("GOTOOLCHAIN")
	if outside != "" {
		r.Detail = fmt.Sprintf("a go run outside gov's shim would use GOTOOLCHAIN=%s (from %s)", outside, from)
	}
	env := goenv.Unhook(sys.Getenv, "GOTOOLCHAIN")
	if env == "" {
		r.Summary = "gov's shim runs go with GOTOOLCHAIN=local: no toolchain is downloaded behind gov's back"
		if sys.hooked("GOTOOLCHAIN") {
			r.Summary = "gov's shim and gov's prompt hook (hook mode) run go with GOTOOLCHAIN=local: no toolchain is downloaded behind gov's back"
		}
		return sys.hookToolchainNote(r, env)
	}
	unset := sys.unsetFix("GOTOOLCHAIN")
	name, mode, _ := strings.Cut(env, "+")
	switch {
	case env == "local":
		r.Summary = "GOTOOLCHAIN=local: the go command never switches toolchains"
	case env == "path" || mode == "path":
		r.Summary = fmt.Sprintf("GOTOOLCHAIN=%s: the go command switches only to toolchains in PATH, such as gov's go1.X.Y shims", env)
	case (env == "auto" || mode == "auto") && (name == "auto" || validToolchain(name)):
		r.Status, r.Fix = Warn, unset
		r.Summary = fmt.Sprintf("GOTOOLCHAIN=%s: when a go.mod asks for a newer Go, the go command downloads it behind gov's back", env)
		r.Detail = "without it, gov's shim sets GOTOOLCHAIN=local and runs the version go.mod needs from gov's verified store"
	case mode != "" || !validToolchain(name):
		r.Status, r.Fix = Fail, unset
		r.Summary = fmt.Sprintf("GOTOOLCHAIN=%s is not valid: every go command fails", env)
	default:
		r.Status, r.Fix = Warn, unset
		v, _ := gover.Parse(name)
		if sys.isExec(filepath.Join(sys.shimsDir(), sys.exe(v.Toolchain()))) && sys.inPath(sys.shimsDir()) >= 0 {
			r.Summary = fmt.Sprintf("GOTOOLCHAIN=%s: every go command runs %s, whatever .go-version or go.mod say", env, name)
		} else {
			r.Summary = fmt.Sprintf("GOTOOLCHAIN=%s: every go command downloads and runs %s, which gov has not installed", env, name)
		}
	}
	return sys.hookToolchainNote(r, env)
}

// hookToolchainNote adds to r's detail, in hook mode, that the
// environment's GOTOOLCHAIN is the prompt hook's and where the user's own
// (user) is kept.
func (sys *System) hookToolchainNote(r Result, user string) Result {
	if !sys.hooked("GOTOOLCHAIN") {
		return r
	}
	note := fmt.Sprintf("gov's prompt hook exports GOTOOLCHAIN=%s for the SDK it puts first in PATH (hook mode); %s=%s", sys.Getenv("GOTOOLCHAIN"), goenv.HookVar, sys.Getenv(goenv.HookVar))
	if user == "" {
		note += ": you set no GOTOOLCHAIN of your own"
	} else {
		note += " keeps your own, which is what counts here"
	}
	r.Detail = strings.TrimPrefix(r.Detail+"\n", "\n") + note
	return r
}

// validToolchain reports whether name is a toolchain GOTOOLCHAIN may name.
func validToolchain(name string) bool {
	if name == "local" {
		return true
	}
	_, err := gover.Parse(name)
	return err == nil && strings.HasPrefix(name, "go")
}

// moduleRequirement compares the nearest go.work's (else go.mod's) go and
// toolchain lines with the version gov runs here.
func (sys *System) moduleRequirement() Result {
	r := Result{ID: "gotoolchain.module", Status: OK}
	if m := sys.Getenv("GO111MODULE"); m != "" && m != "on" && m != "auto" {
		r.Summary = "GO111MODULE=" + m + ": modules are off, so go.mod and go.work choose no Go"
		return r
	}
	file := sys.findModFile()
	if file == "" {
		r.Summary = "no go.mod or go.work here"
		return r
	}
	name := sys.tilde(file)
	kind := shim.FromGoMod
	if filepath.Base(file) == "go.work" {
		kind = shim.FromGoWork
	}
	m, err := shim.ReadModFile(sys.real(file), kind)
	var need gover.Version
	if err == nil {
		need, err = m.Requirement()
	}
	if err != nil {
		r.Status, r.Summary = Fail, sys.machineText(err.Error())
		r.Fix = "correct the go and toolchain lines of " + name
		return r
	}
	r.Detail = name + ": " + sys.modLines(file)
	if m.InvalidGo() != "" {
		// The go command ignores it, and so does gov: nothing fails, but
		// the module says nothing about the Go it needs.
		r.Status = Warn
		r.Summary = fmt.Sprintf("the go line of %s, %s, is not a Go version: the go command and gov ignore it", name, hint.Quote(m.Go))
		r.Fix = m.EditGo(sys.goLineFix())
		return r
	}
	if need.IsZero() {
		r.Summary = name + " names no Go version"
		return r
	}
	sel, err := sys.selection()
	switch {
	case err != nil:
		r.Status, r.Summary = Warn, fmt.Sprintf("%s requires %s; which Go runs here is unclear (see gov's store)", name, need.Toolchain())
	case sel.From == shim.FromGoMod || sel.From == shim.FromGoWork:
		if !sel.Installed() {
			r.Status, r.Summary = Fail, fmt.Sprintf("%s requires %s, which gov has not installed", name, need.Toolchain())
			r.Fix = strings.TrimPrefix(hint.Of(shim.NotInstalledError(sel)), "run: ")
			break
		}
		r.Summary = fmt.Sprintf("%s requires %s; gov runs it here", name, need.Toolchain())
		if sel.Newer {
			r.Summary = fmt.Sprintf("%s requires %s; gov runs %s, a newer release of that line it has", name, need.Toolchain(), sel.SDK.Version.Toolchain())
		}
		if sel.Raised != nil {
			r.Summary += " (raised from " + sel.Raised.Raw + ")"
		}
	case !sel.Installed():
		r.Status, r.Summary = Warn, fmt.Sprintf("%s requires %s; the selected %s is not installed (see gov's store)", name, need.Toolchain(), describeSpec(sel))
	case gover.Less(sel.SDK.Version, m.GoVersion()):
		// Only the go line makes the go command fail; a newer toolchain
		// line alone is a wish that GOTOOLCHAIN=local (or a pin) overrules.
		r.Status = Fail
		r.Summary = fmt.Sprintf("%s requires %s, but %s runs here (%s): go commands here fail", name, need.Toolchain(), sel.SDK.Version.Toolchain(), sys.reason(sel))
		spec, newest := meetSpec(need)
		switch sel.From {
		case shim.FromFile:
			r.Fix = "cd " + sys.shellPath(filepath.Dir(sys.machine(sel.File))) + " && gov use " + spec
			if newest {
				r.Fix += "   # pins the newest " + gover.LineOf(need).String()
			}
		case shim.FromEnv:
			r.Fix = "gov shell " + spec
		default: // the global default, not raised because GOTOOLCHAIN=local
			r.Fix = sys.unsetFix("GOTOOLCHAIN")
		}
	case gover.Less(sel.SDK.Version, need):
		// Only a toolchain line is newer: a preference, which the pin (or
		// GOTOOLCHAIN=local) overrules, and the go command builds.
		r.Summary = fmt.Sprintf("%s prefers %s (its toolchain line); %s runs here (%s)", name, need.Toolchain(), sel.SDK.Version.Toolchain(), sys.reason(sel))
		if g, err := gover.FromGoLine(m.GoVersion().String()); err == nil && !m.GoVersion().IsZero() {
			r.Summary = fmt.Sprintf("%s requires %s and prefers %s (its toolchain line); %s runs here (%s), which meets the requirement",
				name, g.Toolchain(), need.Toolchain(), sel.SDK.Version.Toolchain(), sys.reason(sel))
		}
	default:
		r.Summary = fmt.Sprintf("%s requires %s; %s runs here", name, need.Toolchain(), sel.SDK.Version.Toolchain())
	}
	return r
}

// meetSpec is the spec a fix names for a module's requirement need: the
// line of a release (gov use 1.25 pins the newest 1.25.x, which meets go
// 1.25.0 and brings its security fixes), and newest is true; a
// pre-release exactly (1.26rc1), as the shim's install hint does.
func meetSpec(need gover.Version) (spec string, newest bool) {
	if need.Kind != "" {
		return need.Pin(), false
	}
	return gover.LineOf(need).Pin(), true
}

// goLineFix is the version a fix writes into a go line: the language
// version of the Go that runs here, else a placeholder.
func (sys *System) goLineFix() string {
	if sel, err := sys.selection(); err == nil && sel.Installed() {
		return sel.SDK.Version.Lang().String()
	}
	return "VERSION"
}

// findModFile finds the go.work that applies here (GOWORK), else the
// nearest go.mod, as the shim does.
func (sys *System) findModFile() string {
	switch w := sys.Getenv("GOWORK"); w {
	case "off":
	case "", "auto":
		if f := sys.findUp("go.work"); f != "" {
			return f
		}
	default:
		if filepath.IsAbs(w) && sys.exists(w) {
			return w // one that is not there yet (go work init) does not count
		}
	}
	return sys.findUp("go.mod")
}

func (sys *System) findUp(name string) string {
	for dir := sys.Dir; ; {
		f := filepath.Join(dir, name)
		if fi, err := sys.stat(f); err == nil && !fi.IsDir() {
			return f
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// modLines quotes a module file's go and toolchain lines.
func (sys *System) modLines(file string) string {
	data, _ := sys.readFile(file)
	var found []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[0] == "go" || f[0] == "toolchain") {
			found = append(found, f[0]+" "+f[1])
		}
	}
	if len(found) == 0 {
		return "no go or toolchain line"
	}
	return strings.Join(found, ", ")
}

// machineText writes the paths under Root in a message as the machine's.
func (sys *System) machineText(s string) string {
	if sys.Root == "" {
		return s
	}
	return strings.ReplaceAll(s, sys.Root, "")
}
