package spec

import (
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/gover"
)

// Go's real history, oldest first, with pre-releases and the language
// version 1.21 (which names no toolchain).
var history = []string{
	"1.9.2rc2", "1.9.2", "1.19.13", "1.20rc1", "1.20", "1.20.1", "1.20.14",
	"1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.21.13",
	"1.22rc1", "1.22rc2", "1.22.0", "1.22.3", "1.22.10",
	"1.23rc1", "1.23.0", "1.23.4", "1.24rc1",
}

func versions(names []string) []gover.Version {
	var vs []gover.Version
	for _, s := range names {
		vs = append(vs, gover.MustParse(s))
	}
	return vs
}

// TestSelect parses every spec form and selects from Go's history.
func TestSelect(t *testing.T) {
	tests := []struct {
		spec string
		want string // newest match; "" for none
	}{
		// gover's forms.
		{"1.22.3", "1.22.3"},
		{"go1.22.3", "1.22.3"},
		{"1.22", "1.22.10"},
		{"go1.22", "1.22.10"},
		{"1.22.x", "1.22.10"},
		{"latest", "1.23.4"},
		{"1.23rc1", "1.23rc1"},
		{"go1.23rc1", "1.23rc1"},
		{"1.24", "1.24rc1"}, // only a pre-release of 1.24 exists
		{" 1.22.3 ", "1.22.3"},
		// Constraints.
		{">=1.21, <1.23", "1.22.10"},
		{">= 1.21 , < 1.23", "1.22.10"},
		{">=go1.21, <go1.23", "1.22.10"},
		{"<1.21", "1.20.14"},
		{"<=1.22.3", "1.22.3"},
		{">1.23.0", "1.23.4"},
		{"=1.22.3", "1.22.3"},
		{"!=1.23.4, >=1.23", "1.23.0"},
		{">1.23.4", ""}, // 1.24rc1 is a pre-release, which the constraint does not name
		{">=1.24rc1", "1.24rc1"},
		{">=1.22rc2, <1.22.1", "1.22.0"},
		{"~> 1.21", "1.23.4"},    // >= 1.21, < 2
		{"~> 1.21.0", "1.21.13"}, // >= 1.21.0, < 1.22
		{"~>1.20.0", "1.20.14"},  // 1.20.0 is the release go1.20; still a patch constraint
		{"~> 1.9.2", "1.9.2"},    // not the pre-release 1.9.2rc2
		{"~> 1.22.3, !=1.22.10", "1.22.3"},
		{">=1.25", ""},
	}
	avail := versions(history)
	for _, tt := range tests {
		s, err := Parse(tt.spec)
		if err != nil {
			t.Errorf("Parse(%q) = %v, want a spec", tt.spec, err)
			continue
		}
		v, ok := gover.Select(s, avail)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tt.want {
			t.Errorf("Select(Parse(%q)) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

// TestConstraintMatch checks which versions a constraint admits: a
// pre-release only when the constraint names a pre-release of the same
// release, and never a language version.
func TestConstraintMatch(t *testing.T) {
	tests := []struct {
		spec string
		want []string // every match in history, oldest first
	}{
		{">=1.21, <1.22", []string{"1.21.0", "1.21.1", "1.21.13"}},
		{">=1.21rc1, <1.22", []string{"1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.21.13"}},
		{">=1.20rc1, <=1.20", []string{"1.20rc1", "1.20"}},
		{"<1.20", []string{"1.9.2", "1.19.13"}},
		{">=1.9.2rc2, <1.10", []string{"1.9.2rc2", "1.9.2"}},
		{"~> 1.22.0", []string{"1.22.0", "1.22.3", "1.22.10"}},
		{"~> 1.20.0", []string{"1.20", "1.20.1", "1.20.14"}},
		{"=1.20", []string{"1.20"}},
		{">1.23.0", []string{"1.23.4"}},
		{">=1.21rc2", []string{"1.21rc2", "1.21.0", "1.21.1", "1.21.13", "1.22.0", "1.22.3", "1.22.10", "1.23.0", "1.23.4"}},
		{">=1.21rc1, <1.21rc2", []string{"1.21rc1"}},
		{">=1.22rc1, <1.24", []string{"1.22rc1", "1.22rc2", "1.22.0", "1.22.3", "1.22.10", "1.23.0", "1.23.4"}},
		{"~> 1.21, >=1.21rc1", []string{"1.21.0", "1.21.1", "1.21.13", "1.22.0", "1.22.3", "1.22.10", "1.23.0", "1.23.4"}},
		{"!=1.21rc1, >=1.21rc1, <1.21.1", []string{"1.21rc2", "1.21.0"}},
	}
	for _, tt := range tests {
		s, err := Parse(tt.spec)
		if err != nil {
			t.Errorf("Parse(%q) = %v, want a spec", tt.spec, err)
			continue
		}
		var got []string
		for _, v := range versions(history) {
			if s.Match(v) {
				got = append(got, v.String())
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Parse(%q) matches %v, want %v", tt.spec, got, tt.want)
		}
	}
}

func TestParseString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.22.3", "1.22.3"},
		{"go1.22", "1.22.x"},
		{"1.22.x", "1.22.x"},
		{"1", "1.x"},
		{"stable", "latest"},
		{">=1.21, <1.23", ">=1.21, <1.23"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.in)
		if err != nil || s.String() != tt.want {
			t.Errorf("Parse(%q) = %v, %v, want %s", tt.in, s, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string // part of the error
	}{
		{"", "empty version spec"},
		{"   ", "empty version spec"},
		{"x", `"x" is not a version spec`},
		{"1.22.3.4", `"1.22.3.4" is not a version spec`},
		{"1.22.3.x", "is not a version spec"},
		{"v1.22", "is not a version spec"},
		{"1.22RC1", "is not a version spec"},
		{">=", "is not a version constraint"},
		{">=1.21,", "is not a version constraint"},
		{",<1.23", "is not a version constraint"},
		{">=x", `"x" in constraint ">=x" is not a Go version`},
		{">=1.21.x", "is not a Go version"},
		{">=1.x", "is not a Go version"},
		{">=1.21 <1.23", "is not a Go version"},
		{"=>1.21", "is not an operator (want =, !=, <, <=, >, >= or ~>)"},
		{"<<1.21", "is not an operator (want =, !=, <, <=, >, >= or ~>)"},
		{"~1.21", "is not an operator (want =, !=, <, <=, >, >= or ~>)"},
		{"!1.21", "is not an operator (want =, !=, <, <=, >, >= or ~>)"},
		{">=v1.21", "is not a Go version"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tt.in, s, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %q, want it to contain %q", tt.in, err, tt.want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error = %q, want one line", tt.in, err)
		}
	}
}
