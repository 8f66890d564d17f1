// Package gover parses, orders and selects Go versions.
//
// It does no I/O, so it can be tested exhaustively and linked into the shim
// at no start-up cost. Parsing and ordering are the go command's own
// (internal/gover, go/version), numbers of any length included: a version
// is major[.minor[.patch]][kind[pre]], "1.21" is a language version older
// than go1.21rc1, which is older than the release go1.21.0, and before
// minor 21 a missing patch means .0 (go1.20 is the release go1.20.0).
// Kinds are any lowercase word: "" < alpha < beta < rc.
//
// gov adds one form the go command calls invalid, because Go's release
// history has it: a pre-release of a patch release (go1.9.2rc2), which
// sorts just before that patch release. And it refuses numbers longer than
// maxDigits digits and kinds longer than maxKind letters, which the go
// command would take.
//
// Version specs (1.22, 1.22.x, latest, exact versions) are in spec.go;
// constraint syntax (>=1.21, <1.23) lives in package spec so that
// this package stays free of dependencies.
package gover

import (
	"errors"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
)

// A Version is a parsed Go version such as 1.22.3, 1.21rc1 or 1.20. The
// numbers are the decimal strings as written, so that any length works.
type Version struct {
	Major string // decimal
	Minor string // decimal; "0" for a major alone ("1" is 1.0.0)
	// Patch is decimal, or "" for none: a language version (1.21) or a
	// pre-release (1.21rc1). Before minor 21 a release without a patch
	// has patch "0": 1.20 is 1.20.0.
	Patch string
	Kind  string // "" for a release; "alpha", "beta", "rc" (any lowercase word)
	Pre   string // the pre-release number, decimal or ""
}

// ErrSyntax is returned (wrapped) by Parse for a string that is not a Go version.
var ErrSyntax = errors.New("not a Go version")

// Parse parses a Go version, with or without the "go" prefix: "1.22.3",
// "go1.22.3", "1.21rc1", "1.20", "1.9.2rc2". A version with the prefix
// may carry a custom suffix after "-", which is not part of the version
// ("go1.21.0-bigcorp" is go1.21.0), as go/version reads it.
func Parse(s string) (Version, error) {
	t, ok := strings.CutPrefix(s, "go")
	if ok {
		t, _, _ = strings.Cut(t, "-")
	}
	v, ok := parse(t)
	if !ok {
		return Version{}, &SyntaxError{Input: s}
	}
	return v, nil
}

// MustParse is Parse for tests and constants; it panics on bad input.
func MustParse(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// ParsePlain parses a version as a go.mod go line holds it and the go
// command's internal/gover reads it: no "go" prefix, no suffix.
func ParsePlain(s string) (Version, error) {
	v, ok := parse(s)
	if !ok {
		return Version{}, &SyntaxError{Input: s}
	}
	return v, nil
}

// ParseToolchain returns the version of a toolchain name as the go command
// reads one from GOTOOLCHAIN or a toolchain line (gover.FromToolchain):
// "go" and a version, with a custom suffix after "-", a space or a tab
// removed; no path separators.
func ParseToolchain(name string) (Version, bool) {
	t, ok := strings.CutPrefix(name, "go")
	if !ok || strings.ContainsAny(name, `\/`) {
		return Version{}, false
	}
	if i := strings.IndexAny(t, " \t-"); i >= 0 {
		t = t[:i]
	}
	return parse(t)
}

// A SyntaxError reports a string that is not a Go version.
type SyntaxError struct{ Input string }

func (e *SyntaxError) Error() string {
	return hint.Quote(e.Input) + " is not a Go version (want a form like 1.22.3)"
}

func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// The go command takes numbers and kinds of any length; gov bounds them,
// since a version file or a go.mod is data from anywhere and a megabyte of
// digits names no Go anyone can install. Go's own tests use 17 digits.
const (
	maxDigits = 20
	maxKind   = 20
)

// parse is internal/gover's Parse, and gov's additions: a pre-release of
// a patch release other than .0 (1.9.2rc2), and the bounds above.
func parse(s string) (v Version, ok bool) {
	if v.Major, s, ok = cutInt(s); !ok {
		return Version{}, false
	}
	if s == "" {
		v.Minor, v.Patch = "0", "0" // "1" is 1.0.0
		return v, true
	}
	if s[0] != '.' {
		return Version{}, false
	}
	if v.Minor, s, ok = cutInt(s[1:]); !ok {
		return Version{}, false
	}
	if s == "" {
		if v.old() {
			v.Patch = "0" // 1.20 is 1.20.0; from 1.21 on, 1.21 is a language version
		}
		return v, true
	}
	if s[0] == '.' {
		if v.Patch, s, ok = cutInt(s[1:]); !ok {
			return Version{}, false
		}
		if s == "" {
			return v, true
		}
		if v.Patch == "0" {
			return Version{}, false // no pre-release of x.y.0: not a name Go uses
		}
	}
	i := 0
	for i < len(s) && (s[i] < '0' || '9' < s[i]) {
		if s[i] < 'a' || 'z' < s[i] {
			return Version{}, false
		}
		i++
	}
	if i == 0 || i > maxKind {
		return Version{}, false
	}
	v.Kind, s = s[:i], s[i:]
	if s == "" {
		return v, v.Patch == "" // a pre-release of a patch has a number (1.9.2rc2)
	}
	if v.Pre, s, ok = cutInt(s); !ok || s != "" {
		return Version{}, false
	}
	return v, true
}

// cutInt reads a decimal number without sign or needless leading zero
// from the front of s.
func cutInt(s string) (n, rest string, ok bool) {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 || i > maxDigits || s[0] == '0' && i != 1 {
		return "", "", false
	}
	return s[:i], s[i:], true
}

// cmpInt compares decimal strings as numbers.
func cmpInt(x, y string) int {
	switch {
	case x == y:
		return 0
	case len(x) != len(y):
		return cmpLen(len(x), len(y))
	case x < y:
		return -1
	}
	return +1
}

func cmpLen(a, b int) int {
	if a < b {
		return -1
	}
	return +1
}

// old reports whether v's minor is below 21, where a release x.y had no
// ".0" and so x.y is a release rather than a language version (for any
// major, as the go command reads it).
func (v Version) old() bool { return cmpInt(v.Minor, "21") < 0 }

// IsLang reports whether v is a language version (1.21, 1.22), which names
// no toolchain. Releases before minor 21 (1.20, 1.19) are not language
// versions.
func (v Version) IsLang() bool {
	return !v.IsZero() && v.Patch == "" && v.Kind == "" && v.Pre == ""
}

// Stable reports whether v is a release rather than a pre-release or a
// language version.
func (v Version) Stable() bool { return v.Kind == "" && !v.IsLang() }

// HasPatch reports whether v names a patch release beyond the .0 that a
// release before minor 21 has without saying it: true for 1.22.0, 1.20.1
// and 1.9.2rc2, false for 1.20, 1.21 and 1.21rc1.
func (v Version) HasPatch() bool { return v.Patch != "" && !(v.old() && v.Patch == "0") }

// Lang returns v's language version: 1.22 for 1.22.3 and 1.22rc1, 1 for
// 1.0.1 (go/version's Lang).
func (v Version) Lang() Version {
	if v.Minor == "" || v.Major == "1" && v.Minor == "0" {
		return Version{Major: v.Major, Minor: "0", Patch: "0"}
	}
	lang := Version{Major: v.Major, Minor: v.Minor}
	if lang.old() {
		lang.Patch = "0"
	}
	return lang
}

// String returns v without the "go" prefix, as Go names it: "1.22.3",
// "1.21rc1", "1.20", "1" (the first release, go1, is named without a
// minor; 2 is "2.0").
func (v Version) String() string {
	if v.IsZero() {
		return ""
	}
	s := v.Major
	if v.Major != "1" || v.Minor != "0" || v.Patch != "0" || v.Kind != "" {
		s += "." + v.Minor
	}
	if v.HasPatch() {
		s += "." + v.Patch
	}
	if v.Kind != "" {
		s += v.Kind + v.Pre
	}
	return s
}

// Pin returns v as a spec that selects exactly v, for files, GOV_VERSION
// and commands that gov writes: v.String(), except for a release before
// minor 21 without a patch number, which is written "1.20.0", since the
// spec "1.20" means the newest 1.20.x.
func (v Version) Pin() string {
	if v.Kind == "" && v.Patch == "0" && v.old() {
		return v.Major + "." + v.Minor + ".0"
	}
	return v.String()
}

// Toolchain returns the toolchain name of v: "go1.22.3".
func (v Version) Toolchain() string { return "go" + v.String() }

// IsZero reports whether v is the zero Version (no version).
func (v Version) IsZero() bool { return v == Version{} }

// Compare returns -1, 0 or +1 as v is older than, the same as, or newer
// than w. The zero Version (what an invalid string parses to in the go
// command) is older than every other.
func Compare(v, w Version) int {
	if c := cmpInt(v.Major, w.Major); c != 0 {
		return c
	}
	if c := cmpInt(v.Minor, w.Minor); c != 0 {
		return c
	}
	if c := cmpInt(v.Patch, w.Patch); c != 0 {
		return c
	}
	if v.Kind != w.Kind {
		if v.Patch != "" {
			// gov's pre-release of a patch (1.9.2rc2) comes before
			// the patch release; the go command has no such version.
			if v.Kind == "" {
				return +1
			}
			if w.Kind == "" {
				return -1
			}
		}
		return strings.Compare(v.Kind, w.Kind) // "" < alpha < beta < rc
	}
	return cmpInt(v.Pre, w.Pre)
}

// Less reports whether v is older than w.
func Less(v, w Version) bool { return Compare(v, w) < 0 }

// Max returns the newer of v and w (v if they are equal).
func Max(v, w Version) Version {
	if Compare(v, w) >= 0 {
		return v
	}
	return w
}

// FromGoLine returns the toolchain that a go.mod "go" line asks for when
// it is newer than the one that would run, with the go command's meaning:
// "go 1.22" is go1.22.0 (the first release of that language version),
// "go 1.20" is go1.20, "go 1.21rc1" is go1.21rc1.
func FromGoLine(s string) (Version, error) {
	v, err := Parse(s)
	if err != nil {
		return v, err
	}
	if v.IsLang() {
		v.Patch = "0"
	}
	return v, nil
}
