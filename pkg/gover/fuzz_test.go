package gover

import (
	goversion "go/version"
	"testing"
)

// FuzzParse checks that whatever parses round-trips through String, that
// Compare is a consistent order, and that it agrees with go/version on
// every pair go/version calls valid.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.22.3", "go1.21rc1", "1.20", "1.9.2rc2", "1", "1.21", "1.22.x", "latest", "01.2", "1.2.3.4", "\x00", "1.21beta", "1.99999999999999999", "go1.21.0-bigcorp", "1.999testmod", "2", "1.21rc0"} {
		f.Add(s, "1.21.0")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, errA := Parse(a)
		vb, errB := Parse(b)
		if errA == nil {
			again, err := Parse(va.String())
			if err != nil || Compare(again, va) != 0 {
				t.Fatalf("Parse(%q) = %v, but Parse(%q) = %v, %v", a, va, va.String(), again, err)
			}
			if Compare(va, va) != 0 {
				t.Fatalf("Compare(%v, %v) != 0", va, va)
			}
		}
		if errA != nil || errB != nil {
			return
		}
		if c, d := Compare(va, vb), Compare(vb, va); c != -d {
			t.Fatalf("Compare(%v, %v) = %d but Compare(%v, %v) = %d", va, vb, c, vb, va, d)
		}
		ga, gb := "go"+va.String(), "go"+vb.String()
		if goversion.IsValid(ga) && goversion.IsValid(gb) {
			if got, want := Compare(va, vb), goversion.Compare(ga, gb); got != want {
				t.Fatalf("Compare(%v, %v) = %d, want %d (go/version)", va, vb, got, want)
			}
		}
	})
}

// FuzzParseSpec checks that a spec that parses matches the version it
// names, when it names one, and that its String, which gov writes into
// .go-version, $GOV_HOME/version and GOV_VERSION, parses back to the same
// spec: "1.20.0" must not come back as the line "1.20".
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"1.22.3", "1.22", "1.22.x", "go1.22", "latest", "1.23rc1", "1.x", "1.20.0", "1.22.3.x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		if err != nil {
			return
		}
		if e, ok := sp.(Exact); ok && !sp.Match(e.V) {
			t.Fatalf("ParseSpec(%q) = %v, which does not match its own version", s, sp)
		}
		if sp.String() == "" {
			t.Fatalf("ParseSpec(%q).String() is empty", s)
		}
		again, err := ParseSpec(sp.String())
		if err != nil || again != sp {
			t.Fatalf("ParseSpec(%q) = %#v, but ParseSpec(%q) = %#v, %v", s, sp, sp.String(), again, err)
		}
		if e, ok := sp.(Exact); ok {
			if pinned, err := ParseSpec(e.V.Pin()); err != nil || pinned != sp {
				t.Fatalf("ParseSpec(%q.Pin()) = %#v, %v, want %#v", e.V, pinned, err, sp)
			}
		}
	})
}
