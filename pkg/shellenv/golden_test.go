package shellenv

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// hostileHome is a GOV_HOME that breaks any snippet that quotes badly: a
// space, both quotes, $, a command substitution, backquotes, glob and
// pattern characters, a backslash, typographic quotes and a newline.
const hostileHome = "/tmp/it's a \"home\" $HOME $(touch pwned) `touch pwned2` *?[x] \\n ‘q’\nline2"

// TestSnippetGolden pins each shell's snippet, for a plain GOV_HOME and a
// hostile one, for a gov that lives elsewhere and one in $GOV_HOME/bin
// (-bin). Run go test ./pkg/shellenv -update after a deliberate change,
// and read the diff.
func TestSnippetGolden(t *testing.T) {
	for _, name := range Names() {
		sh, _ := Lookup(name)
		for _, tc := range []struct {
			suffix string
			env    Env
		}{
			{"", Env{Home: "/home/me/.gov"}},
			{"-hostile", Env{Home: hostileHome}},
			{"-bin", Env{Home: "/home/me/.gov", Bin: "/home/me/.gov/bin"}},
			{"-bin-hostile", Env{Home: hostileHome, Bin: filepath.Join(hostileHome, "bin")}},
		} {
			file := filepath.Join("testdata", name+tc.suffix+".golden")
			got := sh.Snippet(tc.env)
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s snippet differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", name, file, got, want)
			}
		}
	}
}

// TestNewEnv checks that a gov in $GOV_HOME/bin puts it in PATH, found
// through a symbolic link too, and that a gov elsewhere does not.
func TestNewEnv(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe, _ = filepath.EvalSymlinks(exe)
	home := t.TempDir()
	if got := NewEnv(home); got.Bin != "" {
		t.Errorf("NewEnv(%s).Bin = %q for a gov elsewhere, want none", home, got.Bin)
	}
	bin := filepath.Join(home, "bin")
	if err := os.Symlink(filepath.Dir(exe), bin); err != nil {
		t.Skip(err)
	}
	if got := NewEnv(home); got.Bin != bin {
		t.Errorf("NewEnv(%s).Bin = %q for a gov in %s, want %s", home, got.Bin, filepath.Dir(exe), bin)
	}
	if got := NewEnv(home).JSON("/usr/bin").PathPrepend; len(got) != 2 || got[1] != bin {
		t.Errorf("NewEnv(%s).JSON: path_prepend %q, want the shims and %s", home, got, bin)
	}
}
