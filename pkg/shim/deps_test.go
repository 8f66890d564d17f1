package shim

import (
	"go/build"
	"path/filepath"
	"strings"
	"testing"
)

// The shim runs before every go command, so what it links is part of every
// go command's start-up time. In the style of Go's own deps_test.go, this
// walks the shim's import graph on each platform and fails if anything
// that costs start-up time (init work, big tables, a CLI framework) or
// does not belong in a shim (network access) gets in.
var forbidden = []string{
	"net", "net/http", "crypto/tls", "encoding/json", "os/user", "flag", "log",
	"fmt", "regexp", "reflect", "os/exec",
}

const module = "github.com/gov-dev/gov"

func TestShimDeps(t *testing.T) { checkDeps(t, module+"/cmd/gov-shim", nil) }

// gov env runs at every shell start, so the gov binary (the front door,
// which execs gov-core for everything else) is held to the same rule. On
// macOS only, it may use golang.org/x/sys/unix to name its parent process
// (the shell), which the syscall package cannot.
func TestFrontDeps(t *testing.T) {
	checkDeps(t, module+"/cmd/gov", map[string]string{"golang.org/x/sys/unix": "darwin"})
}

// checkDeps walks main's import graph on each platform; allow names
// packages outside the standard library that main may import on one
// platform (their own imports are not walked).
func checkDeps(t *testing.T, main string, allow map[string]string) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		ctxt := build.Default
		ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled = goos, "amd64", false
		deps := map[string]string{} // package -> a package importing it
		var walk func(path, from string)
		walk = func(path, from string) {
			if _, seen := deps[path]; seen || path == "C" || path == "unsafe" {
				return
			}
			if allow[path] == goos {
				deps[path] = from
				return
			}
			deps[path] = from
			var pkg *build.Package
			var err error
			if rel, ok := strings.CutPrefix(path, module); ok {
				pkg, err = ctxt.ImportDir(filepath.Join(root, filepath.FromSlash(rel)), 0)
			} else {
				pkg, err = ctxt.Import(path, "", 0)
			}
			if err != nil {
				t.Fatalf("%s: import %s: %v", goos, path, err)
			}
			if !pkg.Goroot && !strings.HasPrefix(path, module) {
				t.Errorf("%s: %s imports %s, outside the standard library", goos, main, path)
			}
			for _, imp := range pkg.Imports {
				walk(imp, path)
			}
		}
		walk(main, "")
		for _, f := range forbidden {
			if from, ok := deps[f]; ok {
				t.Errorf("%s: %s's import graph includes %s (imported by %s)", goos, main, f, from)
			}
		}
		if len(deps) == 0 {
			t.Fatalf("%s: walked no packages", goos)
		}
	}
}
