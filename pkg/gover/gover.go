// Package gover parses, orders and selects Go versions.
//
// It does no I/O, so it can be tested exhaustively and linked into the shim
// at no start-up cost. Ordering follows the standard library's go/version
// for every version go/version accepts, with two additions that Go's real
// release history needs:
//
//   - Before Go 1.21 a release had no ".0": go1.20 is a release, newer than
//     go1.20rc3. From Go 1.21 on, "1.21" is a language version, older than
//     go1.21rc1, which is older than the release go1.21.0.
//   - A pre-release of a patch release (go1.9.2rc2, which go/version calls
//     invalid) sorts just before that patch release.
//
// Version specs (1.22, 1.22.x, latest, exact versions) are in spec.go;
// constraint syntax (>=1.21, <1.23) lives in package spec so that
// this package stays free of dependencies.
package gover

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
)

// A Version is a parsed Go version such as 1.22.3, 1.21rc1 or 1.20.
type Version struct {
	Major, Minor, Patch int
	// HasPatch reports whether the version named a patch number
	// ("1.21.0" rather than the language version "1.21").
	HasPatch bool
	// Kind is "", "alpha", "beta" or "rc".
	Kind string
	// Pre is the pre-release number (the 1 in rc1).
	Pre int
}

// ErrSyntax is returned (wrapped) by Parse for a string that is not a Go version.
var ErrSyntax = errors.New("not a Go version")

// Parse parses a Go version, with or without the "go" prefix:
// "1.22.3", "go1.22.3", "1.21rc1", "1.20", "1.9.2rc2".
// For releases before Go 1.21, "1.N.0" is read as the release "1.N".
func Parse(s string) (Version, error) {
	v, ok := parse(strings.TrimPrefix(s, "go"))
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

// A SyntaxError reports a string that is not a Go version.
type SyntaxError struct{ Input string }

func (e *SyntaxError) Error() string {
	return hint.Quote(e.Input) + " is not a Go version (want a form like 1.22.3)"
}

func (e *SyntaxError) Unwrap() error { return ErrSyntax }

func parse(s string) (v Version, ok bool) {
	if v.Major, s, ok = cutInt(s); !ok || v.Major < 1 {
		return Version{}, false
	}
	if s == "" {
		return v, true // "go1"
	}
	if s[0] != '.' {
		return Version{}, false
	}
	if v.Minor, s, ok = cutInt(s[1:]); !ok {
		return Version{}, false
	}
	if s != "" && s[0] == '.' {
		if v.Patch, s, ok = cutInt(s[1:]); !ok {
			return Version{}, false
		}
		v.HasPatch = true
	}
	if s != "" {
		i := 0
		for i < len(s) && 'a' <= s[i] && s[i] <= 'z' {
			i++
		}
		switch s[:i] {
		case "alpha", "beta", "rc":
		default:
			return Version{}, false
		}
		v.Kind = s[:i]
		if v.Pre, s, ok = cutInt(s[i:]); !ok || s != "" || v.Pre < 1 {
			return Version{}, false
		}
		// go/version allows pre-releases only on x.y; Go's history has one
		// go1.9.2rc2, and a pre-release of x.y.0 is not a name Go uses.
		if v.HasPatch && v.Patch == 0 {
			return Version{}, false
		}
	}
	if v.oldRelease() && v.HasPatch && v.Patch == 0 && v.Kind == "" {
		v.HasPatch = false // 1.20.0 names the release go1.20
	}
	return v, true
}

// cutInt reads a decimal number without sign or leading zeros from the front of s.
func cutInt(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 || (s[0] == '0' && i > 1) {
		return 0, s, false
	}
	n, _ = strconv.Atoi(s[:i])
	return n, s[i:], true
}

// oldRelease reports whether v is from before Go 1.21, when a release x.y
// had no ".0" and so x.y is a release rather than a language version.
func (v Version) oldRelease() bool {
	return v.Major == 1 && v.Minor < 21
}

// IsLang reports whether v is a language version (1.21, 1.22), which names
// no toolchain. Releases before Go 1.21 (1.20, 1.19) are not language versions.
func (v Version) IsLang() bool {
	return !v.HasPatch && v.Kind == "" && !v.oldRelease()
}

// Stable reports whether v is a release rather than a pre-release or a
// language version.
func (v Version) Stable() bool { return v.Kind == "" && !v.IsLang() }

// String returns v without the "go" prefix: "1.22.3", "1.21rc1", "1.20".
func (v Version) String() string {
	var b []byte
	b = strconv.AppendInt(b, int64(v.Major), 10)
	if v.Minor != 0 || v.Major != 1 || v.HasPatch || v.Kind != "" {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(v.Minor), 10)
	}
	if v.HasPatch {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(v.Patch), 10)
	}
	if v.Kind != "" {
		b = append(b, v.Kind...)
		b = strconv.AppendInt(b, int64(v.Pre), 10)
	}
	return string(b)
}

// Pin returns v as a spec that selects exactly v, for files, GOV_VERSION
// and commands that gov writes: v.String(), except for a release before
// Go 1.21 without a patch number, which is written "1.20.0", since the
// spec "1.20" means the newest 1.20.x.
func (v Version) Pin() string {
	if v.oldRelease() && !v.HasPatch && v.Kind == "" {
		return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + ".0"
	}
	return v.String()
}

// Toolchain returns the toolchain name of v: "go1.22.3".
func (v Version) Toolchain() string { return "go" + v.String() }

// IsZero reports whether v is the zero Version (no version).
func (v Version) IsZero() bool { return v == Version{} }

// Compare returns -1, 0 or +1 as v is older than, the same as, or newer than w.
func Compare(v, w Version) int {
	if c := cmpInt(v.Major, w.Major); c != 0 {
		return c
	}
	if c := cmpInt(v.Minor, w.Minor); c != 0 {
		return c
	}
	// A release before Go 1.21 without a patch ("1.20") sorts as patch 0.
	if c := cmpInt(v.patchRank(), w.patchRank()); c != 0 {
		return c
	}
	if c := cmpInt(v.kindRank(), w.kindRank()); c != 0 {
		return c
	}
	return cmpInt(v.Pre, w.Pre)
}

// patchRank orders the patch level: a language version (no patch) is
// below every patch; an old release without a patch is patch 0.
func (v Version) patchRank() int {
	if v.HasPatch {
		return v.Patch
	}
	if v.oldRelease() && v.Kind == "" {
		return 0
	}
	return -1
}

// kindRank orders versions that share a patch rank: a language version
// first, then alpha, beta and rc pre-releases, then the release.
func (v Version) kindRank() int {
	switch v.Kind {
	case "alpha":
		return 1
	case "beta":
		return 2
	case "rc":
		return 3
	}
	if v.IsLang() {
		return 0
	}
	return 4
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return +1
	}
	return 0
}

// Less reports whether v is older than w.
func Less(v, w Version) bool { return Compare(v, w) < 0 }

// Max returns the newer of v and w.
func Max(v, w Version) Version {
	if Compare(v, w) >= 0 {
		return v
	}
	return w
}

// FromGoLine returns the toolchain that a go.mod "go" line asks for, with
// the go command's meaning: "go 1.22" is go1.22.0, "go 1.20" is go1.20,
// "go 1.21rc1" is go1.21rc1.
func FromGoLine(s string) (Version, error) {
	v, err := Parse(s)
	if err != nil {
		return v, err
	}
	if v.IsLang() {
		v.HasPatch, v.Patch = true, 0
	}
	return v, nil
}
