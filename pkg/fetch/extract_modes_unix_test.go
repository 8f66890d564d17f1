//go:build unix

package fetch

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// TestExtractModes unpacks tar and zip archives whose modes an attacker
// chose (world-writable files and directories, setuid and setgid, no
// read bits) under the umasks a user may have: every file comes out 0755
// or 0644 from its execute bits alone, every directory 0755, whatever the
// archive and the umask say. The umask is the process's, so this test
// does not run in parallel with others.
func TestExtractModes(t *testing.T) {
	entries := []fetchtest.Entry{
		{Name: "go/", Mode: fs.ModeDir | 0o777},
		{Name: "go/bin/", Mode: fs.ModeDir | 0o777},
		{Name: "go/bin/go", Body: "#!/bin/sh\n", Mode: 0o777},
		{Name: "go/bin/suid", Body: "x", Mode: fs.ModeSetuid | 0o4755},
		{Name: "go/bin/sgid", Body: "x", Mode: fs.ModeSetgid | 0o2711},
		{Name: "go/bin/owner-only", Body: "x", Mode: 0o100},
		{Name: "go/src/", Mode: fs.ModeDir | 0o700},
		{Name: "go/src/world.go", Body: "package src\n", Mode: 0o666},
		{Name: "go/src/none.go", Body: "package src\n", Mode: 0o000},
		{Name: "go/src/sticky/", Mode: fs.ModeDir | fs.ModeSticky | 0o1777},
		{Name: "go/src/sticky/a.go", Body: "package sticky\n", Mode: 0o622},
		{Name: "go/lib/deep/file", Body: "implied directories", Mode: 0o644},
	}
	want := map[string]fs.FileMode{
		"bin":             fs.ModeDir | 0o755,
		"bin/go":          0o755,
		"bin/suid":        0o755,
		"bin/sgid":        0o755,
		"bin/owner-only":  0o755,
		"src":             fs.ModeDir | 0o755,
		"src/world.go":    0o644,
		"src/none.go":     0o644,
		"src/sticky":      fs.ModeDir | 0o755,
		"src/sticky/a.go": 0o644,
		"lib":             fs.ModeDir | 0o755,
		"lib/deep":        fs.ModeDir | 0o755,
		"lib/deep/file":   0o644,
	}
	tarData, err := tarGz(entries)
	if err != nil {
		t.Fatal(err)
	}
	formats := map[string]func(dst string) error{
		"tar": func(dst string) error {
			return ExtractTarGz(context.Background(), bytes.NewReader(tarData), dst, "go/", DefaultLimits)
		},
		"zip": func(dst string) error {
			f, err := os.CreateTemp(t.TempDir(), "*.zip")
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := f.Write(fetchtest.Zip(entries)); err != nil {
				return err
			}
			return ExtractZip(context.Background(), f, dst, "go/", DefaultLimits)
		},
	}
	for _, umask := range []int{0o000, 0o022, 0o077} {
		for name, extract := range formats {
			old := syscall.Umask(umask)
			dst := t.TempDir()
			err := extract(dst)
			syscall.Umask(old)
			if err != nil {
				t.Fatalf("%s, umask %03o: %v", name, umask, err)
			}
			got := map[string]fs.FileMode{}
			filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
				if err != nil || p == dst {
					return err
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(dst, p)
				got[filepath.ToSlash(rel)] = info.Mode()
				return nil
			})
			for rel, w := range want {
				if got[rel] != w {
					t.Errorf("%s, umask %03o: %s has mode %v, want %v", name, umask, rel, got[rel], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s, umask %03o: unpacked %d entries, want %d: %v", name, umask, len(got), len(want), got)
			}
		}
	}
}
