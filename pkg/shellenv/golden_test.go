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
// hostile one. Run go test ./pkg/shellenv -update after a deliberate change,
// and read the diff.
func TestSnippetGolden(t *testing.T) {
	for _, name := range Names() {
		sh, _ := Lookup(name)
		for _, tc := range []struct{ suffix, home string }{
			{"", "/home/me/.gov"},
			{"-hostile", hostileHome},
		} {
			file := filepath.Join("testdata", name+tc.suffix+".golden")
			got := sh.Snippet(Env{Home: tc.home})
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
