package fetch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

func TestExtractModuleZip(t *testing.T) {
	m := module.Version{Path: fetchtest.ToolchainModule, Version: "v0.0.1-go1.22.3.linux-amd64"}
	prefix := m.Path + "@" + m.Version + "/"
	good := fetchtest.FakeToolchain("go1.22.3", "linux-amd64")
	for _, tt := range []struct {
		name  string
		extra []fetchtest.Entry
		want  string // "" for success, else part of the UnsafeArchiveError
	}{
		{"good", nil, ""},
		{"outside", []fetchtest.Entry{{Name: "other/file", Body: "x"}}, `entry "other/file" path does not have prefix`},
		{"dotdot", []fetchtest.Entry{{Name: prefix + "../escaped", Body: "x"}}, `entry "` + prefix + `../escaped"`},
		{"inner dotdot", []fetchtest.Entry{{Name: prefix + "src/../../escaped", Body: "x"}}, "file path is not clean"},
		{"case", []fetchtest.Entry{{Name: prefix + "version", Body: "x"}}, "case-insensitive file name collision"},
		{"duplicate", []fetchtest.Entry{{Name: prefix + "bin/go", Body: "x"}}, `multiple entries for file "bin/go"`},
		{"absolute", []fetchtest.Entry{{Name: "/etc/passwd", Body: "x"}}, "path does not have prefix"},
		{"backslash", []fetchtest.Entry{{Name: prefix + `bin\go.exe`, Body: "x"}}, "invalid char"},
		{"nested go.mod", []fetchtest.Entry{{Name: prefix + "src/cmd/go.mod", Body: "module cmd\n"}}, "go.mod file not in module root directory"},
		{"file and dir", []fetchtest.Entry{{Name: prefix + "bin/go/x", Body: "x"}}, "is both a file and a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			zipPath := filepath.Join(dir, "m.zip")
			if err := os.WriteFile(zipPath, fetchtest.ModuleZip(append(good[:len(good):len(good)], tt.extra...)), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(zipPath)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			dst := filepath.Join(dir, "dst")
			if err := os.Mkdir(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			err = ExtractModuleZip(context.Background(), f, dst, m, DefaultLimits)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ExtractModuleZip: %v", err)
				}
				fi, err := os.Stat(filepath.Join(dst, "bin", "go"))
				if err != nil {
					t.Fatal(err)
				}
				if got := fi.Mode().Perm(); got != 0o644 {
					t.Errorf("bin/go mode = %v, want 0644 (modes come from the fix-ups, not the zip)", got)
				}
				return
			}
			var unsafe *UnsafeArchiveError
			if !errors.As(err, &unsafe) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ExtractModuleZip = %v, want an UnsafeArchiveError containing %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(dst); len(entries) != 0 {
				t.Errorf("ExtractModuleZip wrote %d entries before refusing", len(entries))
			}
			if _, err := os.Lstat(filepath.Join(dir, "escaped")); err == nil {
				t.Errorf("ExtractModuleZip wrote outside its directory")
			}
		})
	}
}
