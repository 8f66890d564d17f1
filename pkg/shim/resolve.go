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
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// What chose a version.
const (
	FromEnv    = "env"     // GOV_VERSION
	FromFile   = "file"    // a .go-version or .tool-versions
	FromGlobal = "global"  // $GOV_HOME/version
	FromGoMod  = "go.mod"  // raised to what go.mod or go.work requires
	FromGoWork = "go.work" // (the same, from a go.work)
	FromName   = "name"    // the shim's own name: go1.22.3
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
}

// Installed reports whether an installed SDK matches the selection.
func (s *Selection) Installed() bool { return s.SDK.Dir != "" }

// Reason says what chose the version, for messages: "set by /p/.go-version".
func (s *Selection) Reason() string {
	switch s.From {
	case FromEnv:
		return "set by GOV_VERSION"
	case FromName:
		return "run as " + s.Raw
	case FromGoMod, FromGoWork:
		return "required by " + s.File
	}
	return "set by " + s.File
}

// A Resolver resolves the version for a directory.
type Resolver struct {
	Home     string // $GOV_HOME
	Platform platform.Platform
	Getenv   func(string) string
}

// NewResolver returns a resolver of the SDKs in home for platform p, in
// the environment getenv reads (os.Getenv, or a machine gov doctor
// describes).
func NewResolver(home string, p platform.Platform, getenv func(string) string) *Resolver {
	return &Resolver{Home: home, Platform: p, Getenv: getenv}
}

// ErrNoVersion reports that nothing selects a version.
var ErrNoVersion = hint.New("no Go version is selected here", hint.Run("global latest")+" (or gov use VERSION in a project)")

// Resolve returns the selection for the working directory dir. The
// returned selection may name no installed SDK (see Installed); an error
// is a file or setting that cannot be read.
func (r *Resolver) Resolve(dir string) (*Selection, error) {
	sel, err := r.pinned(dir)
	if err != nil {
		return nil, err
	}
	if sel == nil {
		sel, err = ReadGlobal(r.Home)
		if err != nil {
			return nil, err
		}
		if sel, err = r.raise(dir, sel); err != nil {
			return nil, err
		}
		if sel == nil {
			return nil, ErrNoVersion
		}
	}
	sel.Plat = r.Platform
	if sel.Raised != nil {
		sel.Raised.Plat = r.Platform
	}
	if !sel.Installed() { // raise may have found it already
		sel.SDK, _ = layout.Newest(r.Home, sel.Spec, r.Platform)
	}
	return sel, nil
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
		sel, err := readVersionFiles(d)
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
func readVersionFiles(dir string) (*Selection, error) {
	name := filepath.Join(dir, ".go-version")
	data, err := readFile(name)
	if err == nil {
		return ParseGoVersion(name, data)
	}
	if !notExist(err) {
		return nil, readError(name, err)
	}
	name = filepath.Join(dir, ".tool-versions")
	data, err = readFile(name)
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

// ParseGoVersion parses a .go-version file: one version, with a "go"
// prefix, CRLF line ends, blank lines and # comments tolerated.
func ParseGoVersion(name string, data []byte) (*Selection, error) {
	var sel *Selection
	for i, line := range lines(data) {
		if line == "" {
			continue
		}
		if sel != nil {
			return nil, fileError(name, i+1, "has a second version "+hint.Quote(line), "keep one version in the file")
		}
		s, err := gover.ParseSpec(line)
		if err != nil {
			return nil, fileError(name, i+1, hint.Quote(line)+" is not a Go version", "write one such as 1.22.3")
		}
		sel = &Selection{Spec: s, Raw: line, From: FromFile, File: name, Line: i + 1}
	}
	if sel == nil {
		return nil, hint.New(name+" has no Go version in it", "write one such as 1.22.3, or remove the file")
	}
	return sel, nil
}

// ParseToolVersions parses an asdf .tool-versions file and returns the
// version on its "golang" (or "go") line, or nil if it has none.
func ParseToolVersions(name string, data []byte) (*Selection, error) {
	for i, line := range lines(data) {
		tool, rest, _ := strings.Cut(line, " ")
		if tool != "golang" && tool != "go" {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return nil, fileError(name, i+1, "names "+tool+" but no version", `write one such as "golang 1.22.3"`)
		}
		s, err := gover.ParseSpec(fields[0])
		if err != nil {
			return nil, fileError(name, i+1, hint.Quote(fields[0])+" is not a Go version", `write one such as "golang 1.22.3"`)
		}
		return &Selection{Spec: s, Raw: fields[0], From: FromFile, File: name, Line: i + 1}, nil
	}
	return nil, nil
}

// lines splits a small text file into trimmed lines without comments.
func lines(data []byte) []string {
	out := strings.Split(string(data), "\n")
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
