// Package spec parses every version spec a gov user can type: the forms of
// package gover (1.22.3, go1.22.3, 1.22, 1.22.x, latest, 1.23rc1) and
// constraints in hashicorp/go-version syntax (">=1.21, <1.23", "~> 1.21").
//
// Constraints are evaluated on Go versions translated to semantic versions
// (1.21rc1 is 1.21.0-rc.1, 1.20 is 1.20.0), so that hashicorp's rules agree
// with Go's ordering: pre-releases match only a constraint that names one.
package spec

import (
	"fmt"
	"strconv"
	"strings"

	goversion "github.com/hashicorp/go-version"

	"github.com/gov-dev/gov/pkg/gover"
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
			return nil, fmt.Errorf("%q is not a version spec (want a form like 1.22.3, 1.22, latest or \">=1.21, <1.23\")", s)
		}
		return sp, nil
	}
	return parseConstraint(s)
}

// Constraint is a spec in hashicorp/go-version constraint syntax.
type Constraint struct {
	raw string
	c   goversion.Constraints
}

func (c Constraint) String() string { return c.raw }

// Match reports whether v satisfies every part of the constraint.
func (c Constraint) Match(v gover.Version) bool {
	if v.IsLang() {
		return false
	}
	sv, err := goversion.NewVersion(semver(v, true))
	if err != nil {
		return false
	}
	return c.c.Check(sv)
}

func parseConstraint(raw string) (gover.Spec, error) {
	var parts []string
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		i := strings.IndexFunc(part, func(r rune) bool { return r != '<' && r != '>' && r != '=' && r != '~' && r != '!' && r != ' ' })
		if i < 0 {
			return nil, fmt.Errorf("%q is not a version constraint (want a form like \">=1.21, <1.23\")", raw)
		}
		op, ver := strings.TrimSpace(part[:i]), part[i:]
		v, err := gover.Parse(ver)
		if err != nil || strings.Contains(ver, ".x") {
			return nil, fmt.Errorf("%q in constraint %q is not a Go version (want a form like \">=1.21, <1.23\")", ver, raw)
		}
		parts = append(parts, op+semver(v, false))
	}
	c, err := goversion.NewConstraint(strings.Join(parts, ", "))
	if err != nil {
		return nil, fmt.Errorf("%q is not a version constraint (want a form like \">=1.21, <1.23\"): %v", raw, err)
	}
	return Constraint{raw: raw, c: c}, nil
}

// semver renders v for hashicorp/go-version. With full set, a missing patch
// is written as 0 (a concrete release); otherwise the segments the user
// wrote are kept, so "~> 1.21" keeps its meaning (>= 1.21, < 2).
func semver(v gover.Version, full bool) string {
	s := strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
	if v.HasPatch || full {
		s += "." + strconv.Itoa(v.Patch)
	}
	if v.Kind != "" {
		s += "-" + v.Kind + "." + strconv.Itoa(v.Pre)
	}
	return s
}
