package shim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/hint"
)

// FuzzVersionFiles feeds arbitrary bytes to the version-file parsers: they
// return a selection or a short one-line error naming the file (quoting
// at most 40 bytes of what the file holds), never panic.
func FuzzVersionFiles(f *testing.F) {
	for _, s := range []string{"1.22.3\n", "go1.22.3\r\n", "# c\n\n1.22\n", "golang 1.21.0\n", "nodejs 20\ngo 1.20\n", "$(id)", "1.22\n1.23\n", "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func(string, []byte) (*Selection, error){ParseGoVersion, ParseToolVersions} {
			sel, err := parse("/p/f", data)
			if err != nil {
				if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "/p/f") || len(msg) > 300 {
					t.Fatalf("error %q is not one short line naming the file", err)
				}
				continue
			}
			if sel != nil && (sel.Spec == nil || sel.File != "/p/f" || sel.Line < 1) {
				t.Fatalf("selection %+v is incomplete", sel)
			}
		}
	})
}

// FuzzReadRequirement feeds arbitrary go.mod text to the directive reader.
func FuzzReadRequirement(f *testing.F) {
	for _, s := range []string{"module m\ngo 1.22\n", "go 1.21\ntoolchain go1.22.3\n", "toolchain default", "go 1.x", "toolchain 1.2", "go 1.20 // x", "go 1.22.3.4\ntoolchain go1.22\n"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data string) {
		name := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadModFile(name, FromGoMod)
		if err != nil {
			t.Fatal(err)
		}
		v, err := m.Requirement()
		if err != nil {
			if msg := hint.Message(err); strings.Contains(msg, "\n") || len(msg) > len(name)+300 {
				t.Fatalf("error %q is not one short line", msg)
			}
			return
		}
		if !v.IsZero() && v.IsLang() {
			t.Fatalf("Requirement = %v, a language version, not a toolchain", v)
		}
		if note := m.InvalidGo(); len(note) > len(name)+300 {
			t.Fatalf("note %q is not short", note)
		}
	})
}
