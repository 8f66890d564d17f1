package gover

import (
	"slices"
	"strings"
)

// A Spec selects Go versions. Exact, Line and Latest are the forms this
// package parses; package spec adds ">=1.21, <1.23".
type Spec interface {
	// Match reports whether v satisfies the spec.
	Match(v Version) bool
	String() string
}

// Exact matches one version: "1.22.3", "go1.22.3", "1.23rc1".
type Exact struct{ V Version }

func (s Exact) Match(v Version) bool { return Compare(s.V, v) == 0 }
func (s Exact) String() string       { return s.V.Pin() }

// Line matches a release line: "1.22" or "1.22.x" (newest 1.22.x).
// An empty Minor matches every minor of Major ("1.x").
type Line struct{ Major, Minor string }

// LineOf is the release line of v: 1.22.x for 1.22.3 and 1.22rc1.
func LineOf(v Version) Line { return Line{Major: v.Major, Minor: v.Minor} }

func (s Line) Match(v Version) bool {
	return v.Major == s.Major && (s.Minor == "" || v.Minor == s.Minor) && !v.IsLang()
}

func (s Line) String() string {
	if s.Minor == "" {
		return s.Major + ".x"
	}
	return s.Major + "." + s.Minor + ".x"
}

// Pin is the spec gov writes for the line: "1.22".
func (s Line) Pin() string {
	if s.Minor == "" {
		return s.Major
	}
	return s.Major + "." + s.Minor
}

// AtLeast matches the releases and pre-releases of V's language line that
// are not older than V: what meets a module's requirement of V without a
// download when gov has a newer patch release of that line.
type AtLeast struct{ V Version }

func (s AtLeast) Match(v Version) bool {
	return v.Major == s.V.Major && v.Minor == s.V.Minor && !v.IsLang() && !Less(v, s.V)
}

func (s AtLeast) String() string { return s.V.Pin() + " or newer " + LineOf(s.V).String() }

// Latest matches every version; Select picks the newest release.
type Latest struct{}

func (Latest) Match(v Version) bool { return !v.IsLang() }
func (Latest) String() string       { return "latest" }

// ParseSpec parses the spec forms that need no constraint syntax:
// an exact version ("1.22.3", "go1.22.3", "1.23rc1"), a release line
// ("1.22", "1.22.x", "go1.22") or "latest".
func ParseSpec(s string) (Spec, error) {
	t := strings.TrimPrefix(s, "go")
	if t == "latest" || t == "stable" {
		return Latest{}, nil
	}
	line, isLine := strings.CutSuffix(t, ".x")
	if isLine {
		t = line
	}
	v, ok := parse(t)
	if !ok || isLine && (strings.Count(t, ".") > 1 || v.Kind != "") {
		return nil, &SyntaxError{Input: s}
	}
	switch {
	case v.HasPatch() || v.Kind != "":
		return Exact{v}, nil
	case !strings.Contains(t, "."):
		return Line{Major: v.Major}, nil
	case strings.Count(t, ".") == 2: // "1.20.0": the release go1.20
		return Exact{v}, nil
	}
	return Line{Major: v.Major, Minor: v.Minor}, nil
}

// Select returns the newest version in vs that s matches: the first of
// Matching.
func Select(s Spec, vs []Version) (Version, bool) {
	var best, bestPre Version
	for _, v := range vs {
		if !s.Match(v) {
			continue
		}
		if v.Stable() {
			if best.IsZero() || Less(best, v) {
				best = v
			}
		} else if bestPre.IsZero() || Less(bestPre, v) {
			bestPre = v
		}
	}
	if !best.IsZero() {
		return best, true
	}
	return bestPre, !bestPre.IsZero()
}

// Matching returns the versions in vs that s selects from, newest first,
// without repeats. Releases win: pre-releases count only when no release
// matches, so "1.26" means 1.26rc2 until 1.26.0 exists. It is the one rule
// behind both gov install (Select, its first) and gov list-remote.
func Matching(s Spec, vs []Version) []Version {
	all := MatchAll(s, vs)
	rel := slices.DeleteFunc(slices.Clone(all), func(v Version) bool { return !v.Stable() })
	if len(rel) > 0 {
		return rel
	}
	return all
}

// MatchAll returns every version in vs that s matches, releases and
// pre-releases, newest first, without repeats.
func MatchAll(s Spec, vs []Version) []Version {
	var out []Version
	for _, v := range vs {
		if s.Match(v) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b Version) int { return Compare(b, a) })
	return slices.CompactFunc(out, func(a, b Version) bool { return Compare(a, b) == 0 })
}

// Nearest returns up to n versions from vs that are closest to what s
// asked for, newest first, for "no such version" messages.
func Nearest(s Spec, vs []Version, n int) []Version {
	sorted := slices.Clone(vs)
	slices.SortFunc(sorted, func(a, b Version) int { return Compare(b, a) })
	sorted = slices.CompactFunc(sorted, func(a, b Version) bool { return Compare(a, b) == 0 })
	var anchor Version
	switch s := s.(type) {
	case Exact:
		anchor = s.V
	case Line:
		if s.Minor != "" {
			anchor = Version{Major: s.Major, Minor: s.Minor, Patch: "999999999999"}
		}
	}
	if anchor.IsZero() || len(sorted) <= n {
		return sorted[:min(n, len(sorted))]
	}
	// sorted is newest first; find the first version older than the anchor
	// and take a window around it.
	i, _ := slices.BinarySearchFunc(sorted, anchor, func(a, b Version) int { return Compare(b, a) })
	lo := max(0, i-n/2)
	hi := min(len(sorted), lo+n)
	lo = max(0, hi-n)
	return sorted[lo:hi]
}
