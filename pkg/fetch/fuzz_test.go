package fetch

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
)

// fuzzPlatforms are asked about in every index, besides the platforms the
// index itself names.
var fuzzPlatforms = []platform.Platform{
	{OS: "linux", Arch: "amd64"}, {OS: "linux", Arch: "arm"}, {OS: "darwin", Arch: "arm64"}, {OS: "windows", Arch: "amd64"},
}

// FuzzIndex feeds arbitrary JSON to ParseIndex, then asks Versions and
// Archive about it. Nothing panics; an error is one line; every release
// kept has a Go version; Versions lists each version once, and only
// versions Archive finds an archive for; every archive Archive returns is
// a kind "archive" file of that version, for that OS and architecture, a
// .tar.gz whenever the version has one.
func FuzzIndex(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rels, err := ParseIndex(data)
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("ParseIndex error is not one line: %q", msg)
			}
			return
		}
		plats := append([]platform.Platform{}, fuzzPlatforms...)
		for _, r := range rels {
			if _, err := gover.Parse(r.Version); err != nil {
				t.Fatalf("ParseIndex kept release %q, which is not a Go version", r.Version)
			}
			for _, f := range r.Files {
				if p, err := platform.Parse(f.OS + "-" + f.Arch); err == nil {
					plats = append(plats, p)
				}
			}
		}
		for _, p := range plats {
			vs := Versions(rels, p)
			for i, v := range vs {
				for _, w := range vs[:i] {
					if gover.Compare(v, w) == 0 {
						t.Fatalf("Versions(%s) lists %v twice: %v", p, v, vs)
					}
				}
				if _, ok := Archive(rels, v, p); !ok {
					t.Fatalf("Versions(%s) lists %v, but Archive finds no archive for it", p, v)
				}
			}
			for _, r := range rels {
				v := gover.MustParse(r.Version)
				a, ok := Archive(rels, v, p)
				if !ok {
					continue
				}
				checkArchive(t, rels, v, p, a)
			}
		}
	})
}

// checkArchive checks that a, which Archive returned for v and p, is one
// of v's files for p, and the best one.
func checkArchive(t *testing.T, rels []Release, v gover.Version, p platform.Platform, a File) {
	t.Helper()
	if a.Kind != "archive" || a.OS != p.OS || !archMatches(a.Arch, p) {
		t.Fatalf("Archive(%v, %s) = %+v, not an archive for %s", v, p, a, p)
	}
	ext := filepath.Ext(a.Filename)
	if ext != ".gz" && ext != ".zip" {
		t.Fatalf("Archive(%v, %s) = %q, neither a .tar.gz nor a .zip", v, p, a.Filename)
	}
	owned, hasGz := false, false
	for _, r := range rels {
		if w, err := gover.Parse(r.Version); err != nil || gover.Compare(v, w) != 0 {
			continue
		}
		for _, f := range r.Files {
			if f == a {
				owned = true
			}
			if f.Kind == "archive" && f.OS == p.OS && archMatches(f.Arch, p) && filepath.Ext(f.Filename) == ".gz" {
				hasGz = true
			}
		}
	}
	if !owned {
		t.Fatalf("Archive(%v, %s) = %+v, which is not a file of %v", v, p, a, v)
	}
	if hasGz && ext != ".gz" {
		t.Fatalf("Archive(%v, %s) = %q, but the release has a .tar.gz", v, p, a.Filename)
	}
}
