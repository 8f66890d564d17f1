package manifest

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/gov-dev/gov/pkg/layout"
)

const mod = "golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64"

// tree writes a small GOROOT: files with and without exec bits, nested
// go.mod files, a name with a space, gov's own files.
func tree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"VERSION":                  "go1.22.3\ntime 2024-05-01T00:00:00Z\n",
		"bin/go":                   "#!/bin/sh\necho go\n",
		"src/go.mod":               "module std\n",
		"src/cmd/go.mod":           "module cmd\n",
		"src/fmt/print.go":         "package fmt\n",
		"misc/a name with spaces":  "x",
		"pkg/tool/linux_amd64/vet": "vet",
		// A walk visits src/a/b.go before src/a-b.go; the manifest lists
		// names in byte order, where '-' comes before '/'.
		"src/a/b.go":        "package a\n",
		"src/a-b.go":        "package src\n",
		layout.ReceiptFile:  `{"version":"go1.22.3"}`,
		layout.ManifestFile: "old",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		perm := os.FileMode(0o644)
		if strings.HasPrefix(name, "bin/") || strings.HasPrefix(name, "pkg/tool/") {
			perm = 0o755
		}
		if err := os.WriteFile(p, []byte(data), perm); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, perm)
	}
	if err := os.Symlink("../VERSION", filepath.Join(dir, "misc", "link")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHashIsDirhash holds Build's h1 to dirhash's own: the h1 of the
// same files laid out as the toolchain module zip holds them (go.mod below
// the root as _go.mod, no links, none of gov's files).
func TestHashIsDirhash(t *testing.T) {
	dir := tree(t)
	m, err := Build(dir, mod)
	if err != nil {
		t.Fatal(err)
	}
	zipTree := t.TempDir()
	for _, e := range m.Entries {
		if e.Kind != File {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Name)))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(zipTree, filepath.FromSlash(ModuleName(e.Name)))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := dirhash.HashDir(zipTree, mod, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	if m.H1 != want {
		t.Errorf("Build's h1 = %s, dirhash's = %s", m.H1, want)
	}
	if _, err := os.Stat(filepath.Join(zipTree, "src", "cmd", "_go.mod")); err != nil {
		t.Errorf("src/cmd/go.mod is not _go.mod in the module: %v", err)
	}
	if _, err := os.Stat(filepath.Join(zipTree, "src", "_go.mod")); err != nil {
		t.Errorf("src/go.mod is not _go.mod in the module: %v", err)
	}
}

func TestModuleName(t *testing.T) {
	for name, want := range map[string]string{
		"go.mod":         "go.mod",
		"src/go.mod":     "src/_go.mod",
		"src/a/b/go.mod": "src/a/b/_go.mod",
		"src/go.modx":    "src/go.modx",
		"bin/go":         "bin/go",
	} {
		if got := ModuleName(name); got != want {
			t.Errorf("ModuleName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestWriteRead(t *testing.T) {
	dir := tree(t)
	m, err := Build(dir, mod)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Entries {
		if e.Name == layout.ReceiptFile || e.Name == layout.ManifestFile {
			t.Errorf("the manifest lists gov's own %s", e.Name)
		}
	}
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, layout.ManifestFile))
	if err != nil || fi.Mode().Perm() != 0o444 {
		t.Fatalf("manifest file: %v, %v; want mode 0444", fi, err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("Read = %+v\nwant %+v", got, m)
	}
	r, err := Check(dir, got, true)
	if err != nil || len(r.Changes) != 0 || r.H1 != m.H1 {
		t.Errorf("Check of an unchanged SDK = %+v, %v; want no changes, h1 %s", r, err, m.H1)
	}
	if _, err := Read(t.TempDir()); err != ErrNone {
		t.Errorf("Read of a directory without a manifest: %v, want ErrNone", err)
	}
}

func TestReadMalformed(t *testing.T) {
	dir := tree(t)
	m, err := Build(dir, mod)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(filepath.Join(dir, layout.ManifestFile))
	lines := strings.SplitAfter(string(good), "\n")
	for name, data := range map[string]string{
		"empty":        "",
		"header only":  lines[0],
		"other format": "{}\n",
		"bad mode":     strings.Join(lines[:3], "") + "f 9999 1 - x\n",
		"bad kind":     strings.Join(lines[:3], "") + "x 0644 1 - x\n",
		"no name":      strings.Join(lines[:3], "") + "f 0644 1 -\n",
		"unsorted":     strings.Join(lines[:3], "") + lines[4] + lines[3],
	} {
		p := filepath.Join(dir, layout.ManifestFile)
		os.Remove(p)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if m, err := Read(dir); err == nil {
			t.Errorf("%s: Read = %+v, want an error", name, m)
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(dir string) error
		quick  []string // what a quick check reports
		deep   []string // what a deep one adds, or says instead
		sameH1 bool
	}{
		{"same size, other content", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "bin/go"), []byte("#!/bin/sh\necho EV\n"), 0o755)
		}, nil, []string{"bin/go: content changed"}, false},
		{"emptied", func(dir string) error {
			return os.Truncate(filepath.Join(dir, "bin/go"), 0)
		}, []string{"bin/go: size 0, was 18"}, nil, false},
		{"mode", func(dir string) error {
			return os.Chmod(filepath.Join(dir, "bin/go"), 0o777)
		}, []string{"bin/go: mode 0777, was 0755"}, nil, true},
		{"added", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "src/fmt/evil.go"), nil, 0o644)
		}, nil, []string{"src/fmt/evil.go: added"}, false},
		{"missing", func(dir string) error {
			return os.RemoveAll(filepath.Join(dir, "pkg"))
		}, []string{"pkg: missing (with the 3 entries in it)"}, nil, false},
		{"missing, and a neighbour of the same name changed", func(dir string) error {
			os.WriteFile(filepath.Join(dir, "src/a-b.go"), []byte("package abc\n"), 0o644)
			return os.RemoveAll(filepath.Join(dir, "src/a"))
		}, []string{"src/a: missing (with the 1 entry in it)"}, []string{"src/a-b.go: content changed"}, false},
		{"a directory became a file", func(dir string) error {
			os.RemoveAll(filepath.Join(dir, "pkg"))
			return os.WriteFile(filepath.Join(dir, "pkg"), nil, 0o644)
		}, []string{"pkg: a file, was a directory (3 entries in it missing)"}, nil, false},
		{"a file became a directory", func(dir string) error {
			os.Remove(filepath.Join(dir, "src/fmt/print.go"))
			os.MkdirAll(filepath.Join(dir, "src/fmt/print.go/x"), 0o755)
			return os.WriteFile(filepath.Join(dir, "src/fmt/print.go/x/y.go"), nil, 0o644)
		}, []string{"src/fmt/print.go: a directory, was a file"}, []string{"src/fmt/print.go: a directory, was a file (2 entries in it added)"}, false},
		{"a directory added", func(dir string) error {
			os.MkdirAll(filepath.Join(dir, "src/evil/x"), 0o755)
			os.WriteFile(filepath.Join(dir, "src/evil/x/a.go"), nil, 0o644)
			return os.WriteFile(filepath.Join(dir, "src/evil-b.go"), nil, 0o644)
		}, nil, []string{"src/evil-b.go: added", "src/evil: added (with the 2 entries in it)"}, false},
		{"file became a link", func(dir string) error {
			p := filepath.Join(dir, "src/fmt/print.go")
			os.Remove(p)
			return os.Symlink("/etc/passwd", p)
		}, []string{"src/fmt/print.go: a symbolic link, was a file"}, nil, false},
		{"link retargeted", func(dir string) error {
			p := filepath.Join(dir, "misc/link")
			os.Remove(p)
			return os.Symlink("../VERSIOM", p)
		}, []string{"misc/link: link target changed"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t)
			m, err := Build(dir, mod)
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.change(dir); err != nil {
				t.Fatal(err)
			}
			quick, err := Check(dir, m, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := strs(quick.Changes); !reflect.DeepEqual(got, tt.quick) {
				t.Errorf("quick check: %q, want %q", got, tt.quick)
			}
			deep, err := Check(dir, m, true)
			if err != nil {
				t.Fatal(err)
			}
			// What the deep check says of an entry replaces what the
			// quick one said of it.
			want := slices.DeleteFunc(slices.Clone(tt.quick), func(q string) bool {
				name, _, _ := strings.Cut(q, ": ")
				return slices.ContainsFunc(tt.deep, func(d string) bool { return strings.HasPrefix(d, name+": ") })
			})
			want = append(want, tt.deep...)
			slices.Sort(want)
			got := strs(deep.Changes)
			slices.Sort(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("deep check: %q, want %q", got, want)
			}
			if (deep.H1 == m.H1) != tt.sameH1 {
				t.Errorf("h1 after the change: %s, before %s; want same: %v", deep.H1, m.H1, tt.sameH1)
			}
		})
	}
}

func strs(cs []Change) []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.String())
	}
	return s
}

// The benchmarks list the Go that runs them, a real SDK (15,000 files):
//
//	go test -run - -bench . ./pkg/manifest/
func BenchmarkBuild(b *testing.B) {
	root := goroot(b)
	for b.Loop() {
		if _, err := Build(root, mod); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckQuick is gov doctor's check of one SDK.
func BenchmarkCheckQuick(b *testing.B) {
	root := goroot(b)
	m, err := Build(root, mod)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if r, err := Check(root, m, false); err != nil || len(r.Changes) > 0 {
			b.Fatal(r, err)
		}
	}
}

func goroot(b *testing.B) string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Skip("no go command:", err)
	}
	return strings.TrimSpace(string(out))
}

// BenchmarkRead is reading a real SDK's manifest, which gov doctor does
// for every SDK before its quick check.
func BenchmarkRead(b *testing.B) {
	m, err := Build(goroot(b), mod)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := m.Write(dir); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Read(dir); err != nil {
			b.Fatal(err)
		}
	}
}
