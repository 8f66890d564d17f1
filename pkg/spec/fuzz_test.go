package spec

import (
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/gover"
)

// probes are versions every parsed spec is asked about: Go's history
// around the places where the rules change (old releases without a
// patch, language versions, pre-releases of a patch release).
var probes = versions([]string{
	"1", "1.0.1", "1.9", "1.9.2rc2", "1.9.2", "1.19.13", "1.20rc1", "1.20", "1.20.1",
	"1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.22rc1", "1.22.0", "1.22.3",
	"1.22.10", "1.23beta1", "1.23.0", "2.0.0",
})

// FuzzParse feeds arbitrary text to Parse, as a user could type it for
// any command or put it in GOV_VERSION. Parse never panics; an error is
// one short line; a spec prints as one line that parses back to a spec
// matching the same versions, never matches a language version (which
// names no toolchain), and a pre-release only if the spec names one or
// is not a constraint.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := Parse(s)
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || len(msg) > 400 {
				t.Fatalf("Parse(%q) error is not one short line: %q", s, msg)
			}
			return
		}
		str := sp.String()
		if str == "" || strings.ContainsAny(str, "\r\n") {
			t.Fatalf("Parse(%q).String() = %q, want one non-empty line", s, str)
		}
		again, err := Parse(str)
		if err != nil {
			t.Fatalf("Parse(%q) = %s, which does not parse again: %v", s, str, err)
		}
		if padded, err := Parse(" " + s + "\t"); err != nil || padded.String() != str {
			t.Fatalf("Parse(%q) = %s, but with blanks around it: %v, %v", s, str, padded, err)
		}
		c, isConstraint := sp.(Constraint)
		namesPre := false // a part names a pre-release (any kind the go command reads: rc, beta, a, ...)
		for _, p := range c.parts {
			namesPre = namesPre || p.v.Kind != ""
		}
		for _, v := range probes {
			m := sp.Match(v)
			if m != again.Match(v) {
				t.Fatalf("Parse(%q) = %s matches %v: %v, but Parse(%q) does: %v", s, str, v, m, str, !m)
			}
			if m && v.IsLang() {
				t.Fatalf("Parse(%q) = %s matches the language version %v", s, str, v)
			}
			if m && isConstraint && !v.Stable() && !namesPre {
				t.Fatalf("constraint %s names no pre-release but matches %v", str, v)
			}
		}
		if v, ok := gover.Select(sp, probes); ok && !sp.Match(v) {
			t.Fatalf("Select(%s) = %v, which it does not match", str, v)
		}
		if e, ok := sp.(gover.Exact); ok && !sp.Match(e.V) {
			t.Fatalf("Parse(%q) = %s does not match its own version", s, str)
		}
	})
}
