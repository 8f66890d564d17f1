package gover

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // String() of the result, "" for a syntax error
	}{
		{"1.22.3", "1.22.3"},
		{"go1.22.3", "1.22.3"},
		{"1.21rc1", "1.21rc1"},
		{"go1.21beta1", "1.21beta1"},
		{"1.21alpha1", "1.21alpha1"},
		{"1.20", "1.20"},
		{"1.20.0", "1.20"}, // before 1.21, x.y.0 is the release x.y
		{"1.21.0", "1.21.0"},
		{"1.21", "1.21"},
		{"go1", "1"},
		{"2", "2.0"},
		{"1.9.2rc2", "1.9.2rc2"}, // gov's one addition to the go command's syntax
		{"1.10", "1.10"},
		{"go1.21.0-bigcorp", "1.21.0"}, // a custom suffix, as go/version reads it
		{"1.22rc", "1.22rc"},
		{"1.22rc0", "1.22rc0"},
		{"1.999testmod", "1.999testmod"},
		{"1.99999999999999999", "1.99999999999999999"},
		{"0.1", "0.1"},
		{"", ""},
		{"go", ""},
		{"1.", ""},
		{"1.22.", ""},
		{"01.22", ""},
		{"1.022", ""},
		{"1.22.3.4", ""},
		{"1.22.0rc1", ""},
		{"1.9.2rc", ""},
		{"1.22-rc1", ""}, // a suffix only after "go", as go/version
		{"1.22RC1", ""},
		{" 1.22", ""},
		{"v1.22.3", ""},
		{"1.22.3 ", ""},
		{"go1.600+auto", ""},
		{"$(rm -rf /)", ""},
		{"1." + strings.Repeat("9", 20), "1." + strings.Repeat("9", 20)},
		{"1." + strings.Repeat("9", 21), ""}, // gov's bound: 20 digits
		{"1.22" + strings.Repeat("z", 21), ""},
	}
	for _, tt := range tests {
		v, err := Parse(tt.in)
		got := ""
		if err == nil {
			got = v.String()
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

// Go's real history, oldest first.
var history = []string{
	"1", "1.0.1", "1.2.2", "1.3rc1", "1.3", "1.4beta1", "1.4rc2", "1.4",
	"1.9beta1", "1.9rc2", "1.9", "1.9.1", "1.9.2rc2", "1.9.2", "1.9.7",
	"1.10", "1.19.13", "1.20rc1", "1.20rc3", "1.20", "1.20.1", "1.20.14",
	"1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.21.13",
	"1.22rc1", "1.22.0", "1.22.3", "1.22.10", "1.23rc1", "1.23.0",
}

func TestCompareHistory(t *testing.T) {
	for i, a := range history {
		for j, b := range history {
			want := cmpLenOrEq(i, j)
			if got := Compare(MustParse(a), MustParse(b)); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestIsLangStable(t *testing.T) {
	tests := []struct {
		in           string
		lang, stable bool
	}{
		{"1.21", true, false},
		{"1.20", false, true},
		{"1.21.0", false, true},
		{"1.21rc1", false, false},
		{"1.9.2rc2", false, false},
		{"2", false, true},
		{"2.21", true, false},
		{"1.999testmod", false, false},
	}
	for _, tt := range tests {
		v := MustParse(tt.in)
		if v.IsLang() != tt.lang || v.Stable() != tt.stable {
			t.Errorf("%s: IsLang() = %v, Stable() = %v, want %v, %v", tt.in, v.IsLang(), v.Stable(), tt.lang, tt.stable)
		}
	}
}

func TestFromGoLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.22", "1.22.0"},
		{"1.21", "1.21.0"},
		{"1.20", "1.20"},
		{"1.21rc1", "1.21rc1"},
		{"1.22.3", "1.22.3"},
	}
	for _, tt := range tests {
		v, err := FromGoLine(tt.in)
		if err != nil || v.String() != tt.want {
			t.Errorf("FromGoLine(%q) = %v, %v, want %s", tt.in, v, err, tt.want)
		}
	}
}

func TestSpecSelect(t *testing.T) {
	avail := []Version{}
	for _, s := range history {
		avail = append(avail, MustParse(s))
	}
	tests := []struct {
		spec, want string // want "" for no match
	}{
		{"1.22.3", "1.22.3"},
		{"go1.22.3", "1.22.3"},
		{"1.22", "1.22.10"},
		{"1.22.x", "1.22.10"},
		{"go1.22", "1.22.10"},
		{"1.20", "1.20.14"},
		{"1.20.0", "1.20"},
		{"1.21.0", "1.21.0"},
		{"1.9", "1.9.7"},
		{"latest", "1.23.0"},
		{"1", "1.23.0"},
		{"1.23rc1", "1.23rc1"},
		{"1.22.4", ""},
		{"1.24", ""},
		{"1.21beta1", ""},
	}
	for _, tt := range tests {
		s, err := ParseSpec(tt.spec)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.spec, err)
			continue
		}
		got, ok := Select(s, avail)
		if (ok && got.String() != tt.want) || (!ok && tt.want != "") {
			t.Errorf("Select(%q) = %v, %v, want %q", tt.spec, got, ok, tt.want)
		}
	}
}

func TestSelectPrefersReleaseThenPreRelease(t *testing.T) {
	avail := []Version{MustParse("1.25.4"), MustParse("1.26rc1"), MustParse("1.26rc2")}
	s, _ := ParseSpec("1.26")
	if got, ok := Select(s, avail); !ok || got.String() != "1.26rc2" {
		t.Errorf("Select(1.26) = %v, %v, want 1.26rc2", got, ok)
	}
	if got, _ := Select(Latest{}, avail); got.String() != "1.25.4" {
		t.Errorf("Select(latest) = %v, want 1.25.4", got)
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, in := range []string{"", "x", "1.22.3.x", "latest1", "1.22.x.x", "1.22RC1", ">=1.21", "1.22rc1.x"} {
		if s, err := ParseSpec(in); err == nil {
			t.Errorf("ParseSpec(%q) = %v, want error", in, s)
		}
	}
}

func TestNearest(t *testing.T) {
	var avail []Version
	for _, s := range history {
		avail = append(avail, MustParse(s))
	}
	s, _ := ParseSpec("1.22.4")
	got := Nearest(s, avail, 3)
	var names []string
	for _, v := range got {
		names = append(names, v.String())
	}
	if want := []string{"1.22.10", "1.22.3", "1.22.0"}; !slices.Equal(names, want) {
		t.Errorf("Nearest(1.22.4) = %v, want %v", names, want)
	}
}

// Every version in the real release index parses, and the index (which
// go.dev serves newest first, releases of a line before its pre-releases)
// agrees with Compare within each line's releases and pre-releases.
func TestRealIndexVersions(t *testing.T) {
	data, err := os.ReadFile("../../testdata/go-dl-index-2021-11-08.json")
	if err != nil {
		t.Fatal(err)
	}
	var rels []struct{ Version string }
	if err := json.Unmarshal(data, &rels); err != nil {
		t.Fatal(err)
	}
	if len(rels) != 202 {
		t.Fatalf("index has %d releases, want 202", len(rels))
	}
	byLine := map[[3]string][]Version{}
	for _, r := range rels {
		v, err := Parse(r.Version)
		if err != nil {
			t.Errorf("Parse(%q): %v", r.Version, err)
			continue
		}
		if "go"+v.String() != r.Version {
			t.Errorf("Parse(%q).String() = %q, does not round-trip", r.Version, v)
		}
		k := [3]string{v.Major, v.Minor, "release"}
		if !v.Stable() {
			k[2] = "pre-release"
		}
		byLine[k] = append(byLine[k], v)
	}
	for line, vs := range byLine {
		if !slices.IsSortedFunc(vs, func(a, b Version) int { return Compare(b, a) }) {
			t.Errorf("release line %v: index order %v is not newest first by Compare", line, vs)
		}
	}
}

func cmpLenOrEq(i, j int) int {
	if i == j {
		return 0
	}
	return cmpLen(i, j)
}

// Install and list-remote answer with one rule: Select is the first of
// Matching, and a line with no release yet lists its pre-releases.
func TestMatchingAgreesWithSelect(t *testing.T) {
	var avail []Version
	for _, s := range history {
		avail = append(avail, MustParse(s))
	}
	avail = append(avail, MustParse("1.27rc1"), MustParse("1.27rc2"), MustParse("1.22rc1"))
	for _, in := range []string{"1.27", "1.26", "1.22", "1.22.3", "1.27rc1", "latest", "1", "1.99", "1.21rc2"} {
		s, err := ParseSpec(in)
		if err != nil {
			t.Fatal(err)
		}
		all := Matching(s, avail)
		got, ok := Select(s, avail)
		if ok != (len(all) > 0) || ok && Compare(got, all[0]) != 0 {
			t.Errorf("Select(%s) = %v, %v; Matching(%s) = %v", in, got, ok, in, all)
		}
	}
	s, _ := ParseSpec("1.27")
	if got := fmt.Sprint(Matching(s, avail)); got != "[1.27rc2 1.27rc1]" {
		t.Errorf("Matching(1.27) = %s, want [1.27rc2 1.27rc1]", got)
	}
	s, _ = ParseSpec("1.22")
	for _, v := range Matching(s, avail) {
		if !v.Stable() {
			t.Errorf("Matching(1.22) includes %v, a pre-release of a line with releases", v)
		}
	}
}
