package shim

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
)

// This file applies a module's go.mod or go.work to the version gov would
// run, with the go command's rules (cmd/go/internal/toolchain/select.go):
// which file counts, how its go and toolchain lines are read, and when
// they raise the toolchain. gov then runs the toolchain from its own
// store: the exact one if installed, else the newest installed release of
// the same language line that is at least as new (see find).

// A ModFile is what the go command reads of a go.mod or go.work to choose
// a toolchain: the first go line and the first toolchain line, as written.
type ModFile struct {
	File      string
	Kind      string // FromGoMod or FromGoWork
	Go        string // "1.22.3", or "" for none
	Toolchain string // "go1.22.3", "default", or "" for none
}

// ReadModFile reads the go and toolchain lines of a go.mod or go.work
// the way the go command does (gover.GoModLookup): the first line that
// starts with the word, its value up to a "//" comment.
func ReadModFile(file, kind string) (ModFile, error) {
	data, err := readFile(file)
	if err != nil {
		return ModFile{}, readError(file, err)
	}
	m := ModFile{File: file, Kind: kind}
	found := map[string]bool{}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		for _, key := range []string{"go", "toolchain"} {
			rest, ok := strings.CutPrefix(line, key)
			if !ok || found[key] || rest == "" || rest[0] != ' ' && rest[0] != '\t' {
				continue
			}
			rest, _, _ = strings.Cut(rest, "//")
			found[key] = true
			if key == "go" {
				m.Go = strings.TrimSpace(rest)
			} else {
				m.Toolchain = strings.TrimSpace(rest)
			}
		}
	}
	return m, nil
}

// GoVersion is the go line as the go command compares it: a language
// version ("1.22" is older than go1.22rc1 and go1.22.0), and the zero
// Version when the line is missing or invalid, which raises nothing.
func (m ModFile) GoVersion() gover.Version {
	v, _ := gover.ParsePlain(m.Go)
	return v
}

// InvalidGo says, when the go line is not a Go version, that gov ignores
// it as the go command does ("" when it is valid or missing).
func (m ModFile) InvalidGo() string {
	if m.Go == "" || !m.GoVersion().IsZero() {
		return ""
	}
	return m.File + ": go line " + hint.Quote(m.Go) + " is not a Go version; ignored, as the go command ignores it (" + m.EditGo("VERSION") + " repairs it)"
}

// EditGo is the go command that sets the file's go line to version.
func (m ModFile) EditGo(version string) string {
	if m.Kind == FromGoWork {
		return "go work edit -go=" + version
	}
	return "go mod edit -go=" + version
}

// ToolchainVersion is the toolchain line's version, with the go command's
// checks: "go" and a version (a custom suffix after "-" dropped); ok is
// false for none or "default"; an invalid line is an error naming the
// file, as the go command fails on it.
func (m ModFile) ToolchainVersion() (v gover.Version, ok bool, err error) {
	if m.Toolchain == "" || m.Toolchain == "default" {
		return gover.Version{}, false, nil
	}
	v, ok = gover.ParseToolchain(m.Toolchain)
	if !ok {
		return v, false, hint.New("invalid toolchain "+hint.Quote(m.Toolchain)+" in "+m.File, "write one such as toolchain go1.22.3, or remove the line")
	}
	return v, true, nil
}

// Requirement is the newest toolchain the file asks for on its own (over
// no default): the newer of its toolchain line and its go line, where
// "go 1.22" asks for go1.22.0. It is the zero Version when the file asks
// for nothing valid.
func (m ModFile) Requirement() (gover.Version, error) {
	var need gover.Version
	if tv, ok, err := m.ToolchainVersion(); err != nil {
		return need, err
	} else if ok {
		need = tv
	}
	if g := m.GoVersion(); gover.Less(need, g) {
		need, _ = gover.FromGoLine(g.String())
	}
	if need.IsLang() {
		need.Patch = "0" // "toolchain go1.22": its first release (see raise)
	}
	return need, nil
}

// raise applies the module's requirement to the default selection def (the
// global default, GOTOOLCHAIN's minimum, or nothing), as GOTOOLCHAIN=auto
// does: a toolchain line newer than the default wins, then a go line newer
// than that; "toolchain default" keeps the default. It returns def when
// nothing is raised.
func (r *Resolver) raise(dir string, def *Selection) (*Selection, error) {
	m, ok, err := r.modFile(dir)
	if err != nil || !ok {
		return def, err
	}
	var notes []string
	if n := m.InvalidGo(); n != "" {
		notes = append(notes, n)
	}
	if m.Toolchain == "default" {
		return withNotes(def, notes), nil
	}
	min := r.minVersion(def)
	var need gover.Version
	raised := false
	tv, ok, err := m.ToolchainVersion()
	if err != nil {
		return nil, err
	}
	if ok && gover.Less(min, tv) {
		need, min, raised = tv, tv, true
	}
	if g := m.GoVersion(); gover.Less(min, g) {
		need, _ = gover.FromGoLine(g.String())
		raised = true
	}
	if !raised {
		return withNotes(def, notes), nil
	}
	local := false
	if need.IsLang() {
		// "toolchain go1.22" names a language version, which no one
		// publishes as a toolchain (golang/go#66175): the go command
		// looks for one named go1.22 and fails; gov runs its first
		// release.
		notes = append(notes, m.File+": toolchain "+m.Toolchain+" is a language version, not a release; gov runs its first release, go"+need.String()+".0")
		need.Patch, local = "0", true
	}
	sel := &Selection{Spec: gover.Exact{V: need}, Raw: need.String(), From: m.Kind, File: m.File, Raised: def, Notes: notes, Local: local}
	return sel, nil
}

// Refuses returns the go.mod or go.work that applies in dir when its go
// line asks for a newer Go than v: the go command refuses to build there
// with v ("go.mod requires go >= 1.25.0"). ok is false when v will do,
// or when modules are off.
func (r *Resolver) Refuses(dir string, v gover.Version) (m ModFile, ok bool, err error) {
	if !r.modulesEnabled(dir) {
		return ModFile{}, false, nil
	}
	if m, ok, err = r.modFile(dir); err != nil || !ok {
		return ModFile{}, false, err
	}
	return m, gover.Less(v, m.GoVersion()), nil
}

func withNotes(sel *Selection, notes []string) *Selection {
	if sel != nil && len(notes) > 0 {
		sel.Notes = append(sel.Notes, notes...)
	}
	return sel
}

// minVersion is the version a default selection stands for, which a
// module must exceed to raise it: the installed SDK it selects, else the
// exact version it names, else nothing (a spec that matches no installed
// SDK, or no default at all).
func (r *Resolver) minVersion(def *Selection) gover.Version {
	if def == nil {
		return gover.Version{}
	}
	if r.Settle(def); def.Installed() {
		return def.SDK.Version
	}
	switch s := def.Spec.(type) {
	case gover.Exact:
		return s.V
	case gover.Line:
		// Whichever release of the line it comes to be, it is at least
		// the line's first.
		return gover.Version{Major: s.Major, Minor: s.Minor}
	}
	return gover.Version{}
}

// modFile finds the file the go command reads the toolchain lines of
// (modGoToolchain): the go.work that applies (GOWORK: off, a path, or the
// nearest go.work) if it exists, else the nearest go.mod. ok is false for
// none.
func (r *Resolver) modFile(dir string) (m ModFile, ok bool, err error) {
	file, kind := "", FromGoWork
	switch gowork := r.Getenv("GOWORK"); gowork {
	case "off":
	case "", "auto":
		file = r.findUp(dir, "go.work")
	default:
		if !filepath.IsAbs(gowork) {
			return ModFile{}, false, hint.New("invalid GOWORK "+hint.Quote(gowork)+": not an absolute path", "set GOWORK to an absolute path, off, or unset it")
		}
		file = gowork
		if r.watch(file); !exists(file) {
			file = "" // what go work init is run with: not there yet
		}
	}
	if file == "" {
		file, kind = r.goMod(dir), FromGoMod
	}
	if file == "" {
		return ModFile{}, false, nil
	}
	m, err = ReadModFile(file, kind)
	return m, err == nil, err
}

// goMod is the go.mod of the module dir is in (modload.FindGoMod): the
// nearest go.mod walking up, unless it is at the root of the temporary
// directory, which the go command ignores (golang.org/issue/26708).
func (r *Resolver) goMod(dir string) string {
	f := r.findUp(dir, "go.mod")
	if f == "" {
		return ""
	}
	if root, tmp := filepath.Dir(f), filepath.Clean(os.TempDir()); root == tmp || sameDir(root, tmp) {
		return "" // also through a link (macOS's /var is /private/var)
	}
	return f
}

// modulesEnabled reports whether the go command would look at go.mod at
// all (modload.WillBeEnabled): GO111MODULE on or unset; auto inside a
// module; anything else (off) turns modules off, and with them every
// toolchain switch, GOTOOLCHAIN included.
func (r *Resolver) modulesEnabled(dir string) bool {
	switch r.Getenv("GO111MODULE") {
	case "", "on":
		return true
	case "auto":
		return r.goMod(dir) != ""
	}
	return false
}

// find returns the installed SDK that meets sel: for a module's
// requirement, exactly the required version if it is installed, else the
// newest installed release of its language line that is at least as new
// (a newer patch release gov already has saves a download the go command
// would make); for every other selection, the newest installed SDK its
// spec matches. It reports whether it used such a newer release.
func (r *Resolver) find(sel *Selection) (layout.SDK, bool) {
	sdk, ok := layout.Newest(r.Home, sel.Spec, r.Platform)
	if ok || !sel.Requirement() {
		return sdk, false
	}
	e := sel.Spec.(gover.Exact)
	sdk, ok = layout.Newest(r.Home, gover.AtLeast{V: e.V}, r.Platform)
	return sdk, ok
}

// findUp returns the nearest file name in dir or above that is not a
// directory, as the go command looks for go.mod and go.work.
func (r *Resolver) findUp(dir, name string) string {
	for {
		f := filepath.Join(dir, name)
		if r.watch(f); exists(f) {
			return f
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
