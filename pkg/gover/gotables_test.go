package gover

import (
	goversion "go/version"
	"strings"
	"testing"
)

// The go command's own tables, from go/version/version_test.go,
// internal/gover/gover_test.go and cmd/go/internal/gover/gover_test.go
// (Go 1.26), run against gov's Version. go/version takes "go1.21" and
// calls anything without the prefix invalid; internal/gover and
// cmd/go/internal/gover take "1.21". Both sets go through goVersion and
// plainVersion below, which read a string as those packages do.

// goVersion reads x as go/version does: the "go" prefix is required, a
// custom suffix after "-" is dropped, and an invalid version is the zero
// Version, which compares less than every valid one.
func goVersion(x string) Version {
	if !strings.HasPrefix(x, "go") {
		return Version{}
	}
	v, err := Parse(x)
	if err != nil {
		return Version{}
	}
	return v
}

// plainVersion reads x as internal/gover does: no prefix.
func plainVersion(x string) Version {
	if strings.HasPrefix(x, "go") {
		return Version{}
	}
	v, _ := Parse(x)
	return v
}

// go/version/version_test.go
func TestGoVersionTables(t *testing.T) {
	for _, tt := range []struct {
		x, y string
		want int
	}{
		{"", "", 0},
		{"x", "x", 0},
		{"", "x", 0},
		{"1", "1.1", 0},
		{"go1", "go1.1", -1},
		{"go1.5", "go1.6", -1},
		{"go1.5", "go1.10", -1},
		{"go1.6", "go1.6.1", -1},
		{"go1.19", "go1.19.0", 0},
		{"go1.19rc1", "go1.19", -1},
		{"go1.20", "go1.20.0", 0},
		{"go1.20", "go1.20.0-bigcorp", 0},
		{"go1.20rc1", "go1.20", -1},
		{"go1.21", "go1.21.0", -1},
		{"go1.21", "go1.21.0-bigcorp", -1},
		{"go1.21", "go1.21rc1", -1},
		{"go1.21rc1", "go1.21.0", -1},
		{"go1.6", "go1.19", -1},
		{"go1.19", "go1.19.1", -1},
		{"go1.19rc1", "go1.19", -1},
		{"go1.19rc1", "go1.19.1", -1},
		{"go1.19rc1", "go1.19rc2", -1},
		{"go1.19.0", "go1.19.1", -1},
		{"go1.19rc1", "go1.19.0", -1},
		{"go1.19alpha3", "go1.19beta2", -1},
		{"go1.19beta2", "go1.19rc1", -1},
		{"go1.1", "go1.99999999999999998", -1},
		{"go1.99999999999999998", "go1.99999999999999999", -1},
	} {
		if got := Compare(goVersion(tt.x), goVersion(tt.y)); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
		if got := Compare(goVersion(tt.y), goVersion(tt.x)); got != -tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.y, tt.x, got, -tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"bad", ""},
		{"go1.2rc3", "go1.2"},
		{"go1.2.3", "go1.2"},
		{"go1.2", "go1.2"},
		{"go1", "go1"},
		{"go222", "go222.0"},
		{"go1.999testmod", "go1.999"},
	} {
		got := ""
		if v := goVersion(tt.in); !v.IsZero() {
			got = v.Lang().Toolchain()
		}
		if got != tt.want {
			t.Errorf("Lang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"", false},
		{"1.2.3", false},
		{"go1.2rc3", true},
		{"go1.2.3", true},
		{"go1.999testmod", true},
		{"go1.600+auto", false},
		{"go1.22", true},
		{"go1.21.0", true},
		{"go1.21rc2", true},
		{"go1.21", true},
		{"go1.20.0", true},
		{"go1.20", true},
		{"go1.19", true},
		{"go1.3", true},
		{"go1.2", true},
		{"go1", true},
	} {
		if got := !goVersion(tt.in).IsZero(); got != tt.want {
			t.Errorf("IsValid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// internal/gover/gover_test.go and cmd/go/internal/gover/gover_test.go
func TestInternalGoverTables(t *testing.T) {
	for _, tt := range []struct {
		x, y string
		want int
	}{
		{"", "", 0},
		{"x", "x", 0},
		{"", "x", 0},
		{"1", "1.1", -1},
		{"1.5", "1.6", -1},
		{"1.5", "1.10", -1},
		{"1.6", "1.6.1", -1},
		{"1.19", "1.19.0", 0},
		{"1.19rc1", "1.19", -1},
		{"1.20", "1.20.0", 0},
		{"1.20rc1", "1.20", -1},
		{"1.21", "1.21.0", -1},
		{"1.21", "1.21rc1", -1},
		{"1.21rc1", "1.21.0", -1},
		{"1.6", "1.19", -1},
		{"1.19", "1.19.1", -1},
		{"1.19rc1", "1.19", -1},
		{"1.19rc1", "1.19.1", -1},
		{"1.19rc1", "1.19rc2", -1},
		{"1.19.0", "1.19.1", -1},
		{"1.19rc1", "1.19.0", -1},
		{"1.19alpha3", "1.19beta2", -1},
		{"1.19beta2", "1.19rc1", -1},
		{"1.1", "1.99999999999999998", -1},
		{"1.99999999999999998", "1.99999999999999999", -1},
	} {
		x, y := plainVersion(tt.x), plainVersion(tt.y)
		if got := Compare(x, y); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
		// Max returns x when they are equal.
		want := y
		if tt.want >= 0 {
			want = x
		}
		if got := Max(x, y); got != want {
			t.Errorf("Max(%q, %q) = %v, want %v", tt.x, tt.y, got, want)
		}
	}
	for _, tt := range []struct {
		in   string
		want Version
	}{
		{"1", Version{"1", "0", "0", "", ""}},
		{"1.2", Version{"1", "2", "0", "", ""}},
		{"1.2.3", Version{"1", "2", "3", "", ""}},
		{"1.2rc3", Version{"1", "2", "", "rc", "3"}},
		{"1.20", Version{"1", "20", "0", "", ""}},
		{"1.21", Version{"1", "21", "", "", ""}},
		{"1.21rc3", Version{"1", "21", "", "rc", "3"}},
		{"1.21.0", Version{"1", "21", "0", "", ""}},
		{"1.24", Version{"1", "24", "", "", ""}},
		{"1.24rc3", Version{"1", "24", "", "rc", "3"}},
		{"1.24.0", Version{"1", "24", "0", "", ""}},
		{"1.999testmod", Version{"1", "999", "", "testmod", ""}},
		{"1.99999999999999999", Version{"1", "99999999999999999", "", "", ""}},
	} {
		if got := plainVersion(tt.in); got != tt.want {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"1.2rc3", "1.2"},
		{"1.2.3", "1.2"},
		{"1.2", "1.2"},
		{"1", "1"},
		{"1.999testmod", "1.999"},
	} {
		if got := plainVersion(tt.in).Lang().String(); got != tt.want {
			t.Errorf("Lang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"1.2rc3", false},
		{"1.2.3", false},
		{"1.999testmod", false},
		{"1.22", true},
		{"1.21", true},
		{"1.20", false}, // == 1.20.0
		{"1.19", false}, // == 1.20.0
		{"1.3", false},  // == 1.3.0
		{"1.2", false},  // == 1.2.0
		{"1", false},    // == 1.0.0
	} {
		if got := plainVersion(tt.in).IsLang(); got != tt.want {
			t.Errorf("IsLang(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"1.2rc3", true},
		{"1.2.3", true},
		{"1.999testmod", true},
		{"1.600+auto", false},
		{"1.22", true},
		{"1.21.0", true},
		{"1.21rc2", true},
		{"1.21", true},
		{"1.20.0", true},
		{"1.20", true},
		{"1.19", true},
		{"1.3", true},
		{"1.2", true},
		{"1", true},
	} {
		if got := !plainVersion(tt.in).IsZero(); got != tt.want {
			t.Errorf("IsValid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// grid returns a few thousand version strings in go/version's syntax,
// valid and not: every combination of the parts below, and some garbage.
func grid() []string {
	var out []string
	for _, major := range []string{"0", "1", "2", "99999999999999999"} {
		for _, minor := range []string{"-", "0", "2", "19", "20", "21", "22", "99999999999999998"} {
			for _, patch := range []string{"-", "0", "1", "10"} {
				for _, pre := range []string{"", "rc", "rc0", "rc1", "rc2", "beta1", "alpha3", "testmod"} {
					for _, suffix := range []string{"", "-bigcorp"} {
						s := "go" + major
						if minor != "-" {
							s += "." + minor
						}
						if patch != "-" {
							s += "." + patch
						}
						out = append(out, s+pre+suffix)
					}
				}
			}
		}
	}
	return append(out, "", "go", "1.22", "go1.022", "go01", "go1..2", "go1.2.", "x", "go1.2+auto", "go1.21 rc1", "goX", "go1.21-", "go-1.21")
}

// TestCompareGrid compares gov and go/version on every pair of a grid of
// generated version strings: the same order, the same equalities, the
// same valid strings (invalid ones compare less than every valid one and
// equal to each other). The one exception is gov's addition: a
// pre-release of a patch release (go1.9.2rc2), which gov orders just
// before that patch release and go/version calls invalid.
func TestCompareGrid(t *testing.T) {
	strs := grid()
	vs := make([]Version, len(strs))
	extension := make([]bool, len(strs))
	for i, s := range strs {
		vs[i] = goVersion(s)
		valid := !vs[i].IsZero()
		if valid != goversion.IsValid(s) {
			if valid && vs[i].Kind != "" && vs[i].HasPatch() {
				extension[i] = true // go1.9.2rc2's form
				continue
			}
			t.Errorf("Parse(%q) valid = %v, go/version.IsValid = %v", s, valid, !valid)
		}
	}
	pairs, disagree := 0, 0
	for i, a := range strs {
		if extension[i] {
			continue
		}
		for j, b := range strs {
			if extension[j] {
				continue
			}
			pairs++
			if got, want := Compare(vs[i], vs[j]), goversion.Compare(a, b); got != want {
				if disagree++; disagree <= 20 {
					t.Errorf("Compare(%q, %q) = %d, go/version says %d", a, b, got, want)
				}
			}
		}
	}
	if len(strs) < 2000 || pairs < 2_000_000 {
		t.Errorf("the grid has %d strings and %d pairs; want a few thousand strings", len(strs), pairs)
	}
	if disagree > 0 {
		t.Errorf("gov and go/version disagree on %d of %d pairs", disagree, pairs)
	}
}
