// Package shim is what runs when a user types go: it picks the Go SDK the
// current directory asks for and execs that SDK's real binary.
//
// Resolution (resolve.go) is written once and shared with gov's current,
// use and which commands and gov doctor: GOV_VERSION, else the nearest
// .go-version or .tool-versions walking up, else the global default, which
// the nearest go.work or go.mod may raise (modfile.go). Whether a version
// is installed is layout's one answer (a stat of its receipt). Main
// (shim.go) adds the exec: GOROOT, GOTOOLCHAIN and PATH set for the real
// go, and a depth guard.
//
// The shim runs before every go command, so this package imports only
// what costs nothing at start-up: no fmt, no encoding, no net. Keeping
// the shims directory current is the store's job (package shims).
package shim

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// What chose a version.
const (
	FromEnv       = "env"         // GOV_VERSION
	FromFile      = "file"        // a .go-version or .tool-versions
	FromGlobal    = "global"      // $GOV_HOME/version
	FromGoMod     = "go.mod"      // raised to what go.mod or go.work requires
	FromGoWork    = "go.work"     // (the same, from a go.work)
	FromName      = "name"        // the shim's own name: go1.22.3
	FromToolchain = "GOTOOLCHAIN" // GOTOOLCHAIN=go1.22.3 (or go1.22.3+auto) in the environment
)

// A Selection is the SDK that a directory selects, and why.
type Selection struct {
	Spec   gover.Spec // what was asked for: 1.22.3, 1.22, ...
	Raw    string     // the spec as written
	From   string     // FromEnv, FromFile, ...
	File   string     // the file that asked (empty for FromEnv)
	Line   int        // its line, for version files
	Raised *Selection // for FromGoMod/FromGoWork: what the raise replaced
	SDK    layout.SDK // the installed SDK; zero if none matches
	Plat   platform.Platform
	// Alts are the versions after the first of a version file that
	// lists several (asdf's and goenv's fallbacks): the first installed
	// one of Spec and Alts runs.
	Alts []Alt
	// Newer is set when a module's requirement is met by a newer
	// release of its line than the go command would run (find).
	Newer bool
	// Local is set when the toolchain gov runs is not the one the go
	// command would choose with the user's GOTOOLCHAIN (a newer release
	// of the line, a pin kept over go.mod, a custom or language-version
	// name): the real go then gets GOTOOLCHAIN=local, so that it neither
	// switches again nor downloads.
	Local bool
	// GOTOOLCHAIN is the environment's GOTOOLCHAIN that applied ("" if
	// unset, or if modules are off, which turns it off).
	GOTOOLCHAIN string
	// Notes are what gov decided on the way that a user should know: an
	// invalid go line ignored, a newer release used, ...
	Notes []string
}

// An Alt is one more version a version file lists.
type Alt struct {
	Spec gover.Spec
	Raw  string
	Line int
}

// Installed reports whether an installed SDK matches the selection.
func (s *Selection) Installed() bool { return s.SDK.Dir != "" }

// Requirement reports whether the selection is a module's requirement.
func (s *Selection) Requirement() bool { return s.From == FromGoMod || s.From == FromGoWork }

// Reason says what chose the version, for messages: "set by /p/.go-version".
func (s *Selection) Reason() string {
	switch s.From {
	case FromEnv:
		return "set by GOV_VERSION"
	case FromName:
		return "run as " + s.Raw
	case FromToolchain:
		return "set by GOTOOLCHAIN=" + s.GOTOOLCHAIN
	case FromGoMod, FromGoWork:
		return "required by " + s.File
	}
	return "set by " + s.File
}

// EnvVars names the environment variables a selection depends on, besides
// the working directory and the paths Resolver.Watch reports: what the
// prompt hook compares before each prompt to know when to ask again.
var EnvVars = []string{"GOV_VERSION", "GOTOOLCHAIN", goenv.HookVar, "GOWORK", "GO111MODULE", "GOENV", "GOV_PLATFORM", "GOV_HOME", "XDG_CONFIG_HOME", "HOME"}

// A Resolver resolves the version for a directory.
type Resolver struct {
	Home     string // $GOV_HOME
	Platform platform.Platform
	Getenv   func(string) string
	// Watch, if set, is called with every path whose presence, contents
	// or entries the answer depends on: each version, module and go env
	// file looked for (there or not), the global default, the SDK
	// directory. The prompt hook re-checks them (gov env SHELL --hook).
	Watch func(path string)
}

// watch reports path to Watch.
func (r *Resolver) watch(path string) {
	if r.Watch != nil {
		r.Watch(path)
	}
}

// readFile reads a version, module or go env file, watched.
func (r *Resolver) readFile(name string) ([]byte, error) {
	r.watch(name)
	return readFile(name)
}

// NewResolver returns a resolver of the SDKs in home for platform p, in
// the environment getenv reads (os.Getenv, or a machine gov doctor
// describes).
func NewResolver(home string, p platform.Platform, getenv func(string) string) *Resolver {
	return &Resolver{Home: home, Platform: p, Getenv: getenv}
}

// Local returns the resolver the shim runs with: the SDKs in home for p,
// in this process's environment, else the go env file (GOTOOLCHAIN,
// GOWORK and GO111MODULE as the go command reads them). watch may be nil;
// see Resolver.Watch.
func Local(home string, p platform.Platform, watch func(string)) *Resolver {
	r := &Resolver{Home: home, Platform: p, Watch: watch}
	configDir, _ := os.UserConfigDir()
	r.Getenv = goenv.Getenv(os.Getenv, configDir, r.readFile)
	return r
}

// ErrNoVersion reports that nothing selects a version.
var ErrNoVersion = hint.New("no Go version is selected here", hint.Run("global latest")+" (or gov use VERSION in a project)")

// Resolve returns the selection for the working directory dir. The
// returned selection may name no installed SDK (see Installed); an error
// is a file or setting that cannot be read.
//
// The order: GOTOOLCHAIN=goX.Y.Z[+auto] in the environment, over
// everything; else GOV_VERSION; else the nearest .go-version or
// .tool-versions; else the global default. Then, unless GOTOOLCHAIN is
// local or goX.Y.Z, the module's go.work or go.mod raises GOTOOLCHAIN's
// version or the global default (never a pin, which is the user's
// explicit choice). With modules off (GO111MODULE=off), neither
// GOTOOLCHAIN nor go.mod applies, as for the go command.
func (r *Resolver) Resolve(dir string) (*Selection, error) {
	sel, err := r.resolve(dir)
	if err != nil {
		return nil, err
	}
	sel.Plat = r.Platform
	if sel.Raised != nil {
		sel.Raised.Plat = r.Platform
	}
	if !sel.Installed() { // raise may have found it already
		r.Settle(sel)
	}
	return sel, nil
}

func (r *Resolver) resolve(dir string) (*Selection, error) {
	if !r.modulesEnabled(dir) {
		return r.chosen(dir)
	}
	tc, err := r.toolchainEnv()
	if err != nil {
		return nil, err
	}
	var def *Selection
	pinned := false
	if v := tc.min; !v.IsZero() {
		// A name the go command would look for as it is (go1.22.3-bigcorp,
		// go1.20.0) runs the release it names here.
		def = &Selection{Spec: gover.Exact{V: v}, Raw: v.String(), From: FromToolchain, Local: tc.name != v.Toolchain()}
	} else {
		if def, err = r.pinned(dir); err != nil {
			return nil, err
		}
		if pinned = def != nil; !pinned {
			if def, err = r.readGlobal(); err != nil {
				return nil, err
			}
		}
	}
	if def != nil {
		def.GOTOOLCHAIN = tc.raw
	}
	sel := def
	switch {
	case pinned:
		// A pin is the user's explicit choice: kept over go.mod. Where the
		// user's own GOTOOLCHAIN would let the go command switch away
		// from it, the go command is told not to.
		if tc.raise && tc.raw != "" {
			if raised, err := r.raise(dir, def); err == nil && raised != def {
				def.Local = true
				def.Notes = append(def.Notes, raised.File+" asks for go"+raised.Raw+"; the pin is kept, and the go command runs it (GOTOOLCHAIN=local)")
			}
		}
	case tc.raise:
		if sel, err = r.raise(dir, def); err != nil {
			return nil, err
		}
	}
	if sel == nil {
		return nil, ErrNoVersion
	}
	if e, ok := sel.Spec.(gover.Exact); ok && sel.From == FromToolchain && e.V.IsLang() {
		// GOTOOLCHAIN=go1.22 names a language version, which no one
		// publishes as a toolchain: its first release runs.
		v := e.V
		v.Patch = "0"
		sel.Spec, sel.Raw, sel.Local = gover.Exact{V: v}, v.String(), true
		sel.Notes = append(sel.Notes, "GOTOOLCHAIN names "+e.V.Toolchain()+", a language version, not a release; gov runs its first release, "+v.Toolchain())
	}
	sel.GOTOOLCHAIN = tc.raw
	return sel, nil
}

// chosen is the user's own choice, with no module or GOTOOLCHAIN applied:
// GOV_VERSION, a version file, else the global default.
func (r *Resolver) chosen(dir string) (*Selection, error) {
	sel, err := r.pinned(dir)
	if err == nil && sel == nil {
		sel, err = r.readGlobal()
	}
	if err == nil && sel == nil {
		err = ErrNoVersion
	}
	return sel, err
}

// Settle finds the installed SDK for sel: for a version file that lists
// several, the first one installed.
func (r *Resolver) Settle(sel *Selection) {
	if r.Watch != nil { // the shim: no path to build
		r.Watch(filepath.Join(r.Home, layout.SDKDir))
	}
	sdk, newer := r.find(sel)
	for i := 0; sdk.Dir == "" && i < len(sel.Alts); i++ {
		if alt, ok := layout.Newest(r.Home, sel.Alts[i].Spec, r.Platform); ok {
			sel.Spec, sel.Raw, sel.Line, sdk = sel.Alts[i].Spec, sel.Alts[i].Raw, sel.Alts[i].Line, alt
		}
	}
	sel.SDK, sel.Newer = sdk, newer
	if newer {
		sel.Local = true
		sel.Notes = append(sel.Notes, "go"+sel.Raw+" is not installed; "+sdk.Version.Toolchain()+", a newer release of go"+sel.Raw+"'s line that gov has, meets the requirement")
	}
}

// toolchainEnv is GOTOOLCHAIN as the go command reads it from the
// environment: a minimum version that replaces gov's own choice (min),
// and whether go.mod may raise it. Unset and empty mean auto.
type toolchainEnv struct {
	raw   string
	name  string        // the minimum as written: go1.22.3-bigcorp
	min   gover.Version // its version: 1.22.3
	raise bool
}

func (r *Resolver) toolchainEnv() (toolchainEnv, error) {
	tc := toolchainEnv{raw: r.Getenv("GOTOOLCHAIN")}
	switch tc.raw {
	case "", "auto", "path":
		tc.raise = true
		return tc, nil
	case "local":
		return tc, nil
	}
	min, mode, plus := strings.Cut(tc.raw, "+")
	if min != "local" {
		v, ok := gover.ParseToolchain(min)
		if !ok {
			return tc, hint.New("invalid GOTOOLCHAIN "+hint.Quote(tc.raw), "set it to local, auto, path, a toolchain such as go1.22.3 or go1.22.3+auto, or unset it")
		}
		tc.name, tc.min = min, v
	}
	if plus && mode != "auto" && mode != "path" {
		return tc, hint.New("invalid GOTOOLCHAIN "+hint.Quote(tc.raw)+": only version suffixes are +auto and +path", "set it to one such as go1.22.3+auto, or unset it")
	}
	tc.raise = plus
	return tc, nil
}

// pinned finds an explicit choice: GOV_VERSION, else the nearest version file.
func (r *Resolver) pinned(dir string) (*Selection, error) {
	if v := r.Getenv("GOV_VERSION"); v != "" {
		s, err := gover.ParseSpec(v)
		if err != nil {
			return nil, hint.New("GOV_VERSION="+hint.Quote(v)+" is not a Go version", "set it to one such as 1.22.3, or unset it")
		}
		return &Selection{Spec: s, Raw: v, From: FromEnv}, nil
	}
	for d := dir; ; {
		sel, err := r.readVersionFiles(d)
		if sel != nil || err != nil {
			return sel, err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, nil
		}
		d = parent
	}
}

// readVersionFiles reads the version files of one directory:
// .go-version wins over .tool-versions.
func (r *Resolver) readVersionFiles(dir string) (*Selection, error) {
	name := filepath.Join(dir, layout.GoVersionFile)
	data, err := r.readFile(name)
	if err == nil {
		return ParseGoVersion(name, data)
	}
	if !notExist(err) {
		return nil, readError(name, err)
	}
	name = filepath.Join(dir, layout.ToolVersionsFile)
	data, err = r.readFile(name)
	if err == nil {
		return ParseToolVersions(name, data)
	}
	if !notExist(err) {
		return nil, readError(name, err)
	}
	return nil, nil
}

func notExist(err error) bool {
	// ENOTDIR: a path component is a file; nothing to read there.
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotDir)
}

// ParseGoVersion parses a .go-version file: a version per line, the
// first installed of which runs (goenv's form; most files hold one). A
// "go", "go-" (goenv) or "v" prefix, a UTF-8 byte order mark, CRLF line
// ends, blank lines and # comments are tolerated.
func ParseGoVersion(name string, data []byte) (*Selection, error) {
	var sel *Selection
	for i, line := range lines(data) {
		if line == "" {
			continue
		}
		s, raw, err := parseVersion(line)
		if err != nil {
			return nil, fileError(name, i+1, hint.Quote(line)+" is not a Go version", "write one such as 1.22.3")
		}
		sel = addVersion(sel, s, raw, name, i+1)
	}
	if sel == nil {
		return nil, hint.New(name+" has no Go version in it", "write one such as 1.22.3, or remove the file")
	}
	return sel, nil
}

// ParseToolVersions parses an asdf .tool-versions file and returns the
// versions on its "golang" (or "go", or mise's "golang:") line, the first
// installed of which runs, or nil if it has none.
func ParseToolVersions(name string, data []byte) (*Selection, error) {
	for i, line := range lines(data) {
		tool, rest, _ := strings.Cut(line, " ")
		if tool = strings.TrimSuffix(tool, ":"); tool != "golang" && tool != "go" {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return nil, fileError(name, i+1, "names "+tool+" but no version", `write one such as "golang 1.22.3"`)
		}
		var sel *Selection
		for _, f := range fields {
			if what := unsupported(f); what != "" {
				return nil, fileError(name, i+1, hint.Quote(f)+" asks for "+what, `write a Go version such as "golang 1.22.3"`+importHint(f))
			}
			s, raw, err := parseVersion(f)
			if err != nil {
				return nil, fileError(name, i+1, hint.Quote(f)+" is not a Go version", `write one such as "golang 1.22.3"`)
			}
			sel = addVersion(sel, s, raw, name, i+1)
		}
		return sel, nil
	}
	return nil, nil
}

// unsupported names what an asdf version that is not a Go version asks
// for, which gov does not do; "" for anything else.
func unsupported(f string) string {
	switch {
	case f == "system":
		return "the system's Go, which gov does not run (gov runs the SDKs in its store)"
	case strings.HasPrefix(f, "ref:"):
		return "a build from a git ref, which gov does not make (gov installs released SDKs)"
	case strings.HasPrefix(f, "path:"):
		return "an SDK outside gov's store, which gov does not run"
	}
	return ""
}

// importHint adds, for asdf's path:DIR, the command that adopts DIR.
func importHint(f string) string {
	if dir, ok := strings.CutPrefix(f, "path:"); ok && dir != "" {
		return ", or adopt it: gov import " + hint.Quote(dir)
	}
	return ""
}

// parseVersion reads a version as the peers write it: 1.22.3, go1.22.3,
// go-1.22.3 (goenv) or v1.22.3, as any spec gov takes.
func parseVersion(f string) (gover.Spec, string, error) {
	raw := f
	if rest, ok := strings.CutPrefix(f, "go-"); ok {
		raw = rest
	} else if rest, ok := strings.CutPrefix(f, "v"); ok && rest != "" && '0' <= rest[0] && rest[0] <= '9' {
		raw = rest
	}
	s, err := gover.ParseSpec(raw)
	return s, raw, err
}

// addVersion adds a version a file lists to sel: the first makes it, the
// others are its alternatives.
func addVersion(sel *Selection, s gover.Spec, raw, name string, line int) *Selection {
	if sel == nil {
		return &Selection{Spec: s, Raw: raw, From: FromFile, File: name, Line: line}
	}
	sel.Alts = append(sel.Alts, Alt{Spec: s, Raw: raw, Line: line})
	return sel
}

// lines splits a small text file into trimmed lines without comments (and
// without the UTF-8 byte order mark some editors write first).
func lines(data []byte) []string {
	out := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	for i, l := range out {
		if j := strings.IndexByte(l, '#'); j >= 0 {
			l = l[:j]
		}
		out[i] = strings.TrimSpace(strings.ReplaceAll(l, "\t", " "))
	}
	return out
}

// fileError reports what is wrong on a line of a version or module file,
// and what to do about it (if known).
func fileError(name string, line int, msg, what string) error {
	err := errors.New(name + ":" + strconv.Itoa(line) + ": " + msg)
	if what == "" {
		return err
	}
	return hint.With(err, what)
}

// Global is the global default as the shim runs it for r's platform: the
// selection ReadGlobal reads, settled on its installed SDK (the first
// installed of the versions it lists); nil when none is set.
func (r *Resolver) Global() (*Selection, error) {
	g, err := r.readGlobal()
	if err != nil || g == nil {
		return nil, err
	}
	g.Plat = r.Platform
	r.Settle(g)
	return g, nil
}

// readGlobal is ReadGlobal, watched.
func (r *Resolver) readGlobal() (*Selection, error) {
	if r.Watch != nil {
		r.Watch(filepath.Join(r.Home, layout.GlobalFile))
	}
	return ReadGlobal(r.Home)
}

// ReadGlobal reads the global default ($GOV_HOME/version) of home with the
// rules of a .go-version file; it returns nil when none is set.
func ReadGlobal(home string) (*Selection, error) {
	name := filepath.Join(home, layout.GlobalFile)
	data, err := readFile(name)
	if notExist(err) {
		return nil, nil
	}
	if err == nil {
		var sel *Selection
		if sel, err = ParseGoVersion(name, data); err == nil {
			sel.From = FromGlobal
			return sel, nil
		}
	} else {
		err = readError(name, err)
	}
	return nil, hint.New(err.Error()+" (the global default)", hint.Of(err)+", or "+hint.Run("global VERSION"))
}
