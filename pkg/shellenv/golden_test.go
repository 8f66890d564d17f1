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
			{"-hook", Env{Home: "/home/me/.gov", Hook: true}},
			{"-hook-bin-hostile", Env{Home: hostileHome, Bin: filepath.Join(hostileHome, "bin"), Hook: true}},
		} {
			if tc.env.Hook && !sh.Hooks() {
				continue
			}
			checkGolden(t, filepath.Join("testdata", name+tc.suffix+".golden"), sh.Snippet(tc.env))
		}
	}
}

// TestHookCodeGolden pins what gov hook-env prints in each shell, for
// hostile paths, with an SDK chosen and GOTOOLCHAIN set, and with none.
func TestHookCodeGolden(t *testing.T) {
	for _, name := range Names() {
		sh, _ := Lookup(name)
		if !sh.Hooks() {
			continue
		}
		sdk := filepath.Join(hostileHome, "sdk", "go1.22.3.linux-amd64")
		got := sh.HookCode(HookState{
			SDKBin:    filepath.Join(sdk, "bin"),
			Ref:       filepath.Join(hostileHome, "hook", "42"),
			Seen:      []string{filepath.Join(hostileHome, "version"), filepath.Join(hostileHome, "sdk")},
			None:      []string{"/p/it's/.go-version", "/p/it's/.tool-versions"},
			Toolchain: "local",
			Hooked:    "unset",
			Path:      "/usr/bin:/bin",
		}) + sh.HookCode(HookState{Toolchain: "go1.22.3+auto"})
		checkGolden(t, filepath.Join("testdata", name+"-hookcode.golden"), got)
	}
}

// checkGolden compares got with the golden file, or rewrites it (-update).
func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", file, got, want)
	}
}
