// Package spec parses every version spec a gov user can type: the forms of
// package gover (1.22.3, go1.22.3, 1.22, 1.22.x, latest, 1.23rc1) and
// constraints in hashicorp/go-version syntax (">=1.21, <1.23", "~> 1.21").
//
// Constraints are evaluated on Go versions translated to semantic versions
// (1.21rc1 is 1.21.0-rc.1, 1.20 is 1.20.0), so that hashicorp's rules agree
// with Go's ordering: pre-releases match only a constraint that names one.
package spec

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	goversion "github.com/hashicorp/go-version"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
)

// Parse parses a version spec.
func Parse(s string) (gover.Spec, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty version spec (want a form like 1.22.3, 1.22, latest or \">=1.21, <1.23\")")
	}
	if !strings.ContainsAny(s, "<>=~!, ") {
		sp, err := gover.ParseSpec(s)
		if err != nil {
			return nil, fmt.Errorf("%s is not a version spec (want a form like 1.22.3, 1.22, latest or \">=1.21, <1.23\")", hint.Quote(s))
		}
		return sp, nil
	}
	return parseConstraint(s)
}

// Constraint is a spec in hashicorp/go-version constraint syntax.
type Constraint struct {
	raw   string // the parts as written, joined by ", "
	c     goversion.Constraints
	parts []bound // the same constraints, as Go versions
}

// A bound is one comma-separated part of a constraint.
type bound struct {
	op string        // "", "=", "!=", "<", "<=", ">", ">=" or "~>"
	v  gover.Version // a missing patch read as .0, as hashicorp reads it
}

func (c Constraint) String() string { return c.raw }

// Match reports whether v satisfies every part of the constraint.
//
// A pre-release matches only a constraint that names a pre-release of the
// same release, as in npm's semver: ">=1.21rc1, <1.22" admits 1.21rc2,
// which hashicorp alone would refuse because "<1.22" names no pre-release.
func (c Constraint) Match(v gover.Version) bool {
	if v.IsLang() {
		return false
	}
	sv, err := goversion.NewVersion(semver(v, true))
	if err != nil {
		return false
	}
	if v.Kind == "" {
		return c.c.Check(sv)
	}
	release := releaseOf(v)
	if !slices.ContainsFunc(c.parts, func(p bound) bool {
		return p.v.Kind != "" && gover.Compare(releaseOf(p.v), release) == 0
	}) {
		return false
	}
	for i, p := range c.parts {
		if p.v.Kind != "" {
			if !c.c[i].Check(sv) {
				return false
			}
			continue
		}
		// A part without a pre-release judges v by Go's order alone.
		cmp := gover.Compare(v, p.v)
		ok := false
		switch p.op {
		case "", "=":
			ok = cmp == 0
		case "!=":
			ok = cmp != 0
		case "<":
			ok = cmp < 0
		case "<=":
			ok = cmp <= 0
		case ">":
			ok = cmp > 0
		case ">=":
			ok = cmp >= 0
		case "~>":
			rs, _ := goversion.NewVersion(semver(release, true))
			ok = cmp >= 0 && c.c[i].Check(rs)
		}
		if !ok {
			return false
		}
	}
	return true
}

func parseConstraint(raw string) (gover.Spec, error) {
	var parts, written []string
	var bounds []bound
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		i := strings.IndexFunc(part, func(r rune) bool { return r != '<' && r != '>' && r != '=' && r != '~' && r != '!' && r != ' ' })
		if i < 0 {
			return nil, fmt.Errorf("%s is not a version constraint (want a form like \">=1.21, <1.23\")", hint.Quote(raw))
		}
		op, ver := strings.TrimSpace(part[:i]), part[i:]
		switch op {
		case "", "=", "!=", ">", "<", ">=", "<=", "~>":
		default:
			return nil, fmt.Errorf("%s in constraint %s is not an operator (want =, !=, <, <=, >, >= or ~>)", hint.Quote(op), hint.Quote(raw))
		}
		v, err := gover.Parse(ver)
		if err != nil {
			return nil, fmt.Errorf("%s in constraint %s is not a Go version (want a form like \">=1.21, <1.23\")", hint.Quote(ver), hint.Quote(raw))
		}
		// Keep the segments the user wrote ("~> 1.21" is not "~> 1.21.0"),
		// even where gover reads 1.20.0 as the release 1.20.
		parts = append(parts, op+semver(v, strings.Count(ver, ".") >= 2))
		written = append(written, op+ver)
		bounds = append(bounds, constraintPart(op, v))
	}
	c, err := goversion.NewConstraint(strings.Join(parts, ", "))
	if err != nil {
		// Not the library's message, which repeats the whole input.
		return nil, fmt.Errorf("%s is not a version constraint (want a form like \">=1.21, <1.23\")", hint.Quote(raw))
	}
	// The parts as written, so that a spec pasted across lines still
	// prints as one.
	return Constraint{raw: strings.Join(written, ", "), c: c, parts: bounds}, nil
}

func constraintPart(op string, v gover.Version) bound {
	if v.IsLang() {
		v.Patch = "0" // "<1.22" is "<1.22.0"
	}
	return bound{op: op, v: v}
}

// releaseOf returns the release a pre-release leads to, as far as its
// name tells (1.21 for 1.21rc1, 1.9.2 for 1.9.2rc2).
func releaseOf(v gover.Version) gover.Version {
	v.Kind, v.Pre = "", ""
	return v
}

// semver renders v for hashicorp/go-version. With full set, a missing patch
// is written as 0 (a concrete release, or a constraint naming a patch);
// otherwise it is left out, so "~> 1.21" keeps its meaning (>= 1.21, < 2).
func semver(v gover.Version, full bool) string {
	s := v.Major + "." + v.Minor
	if v.HasPatch() || full {
		s += "." + cmp.Or(v.Patch, "0")
	}
	if v.Kind != "" {
		s += "-" + v.Kind
		if v.Pre != "" {
			s += "." + v.Pre
		}
	}
	return s
}
