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

func TestShimDeps(t *testing.T) {
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
				t.Errorf("%s: the shim imports %s, outside the standard library", goos, path)
			}
			for _, imp := range pkg.Imports {
				walk(imp, path)
			}
		}
		walk(module+"/cmd/gov-shim", "")
		for _, f := range forbidden {
			if from, ok := deps[f]; ok {
				t.Errorf("%s: the shim's import graph includes %s (imported by %s)", goos, f, from)
			}
		}
		if len(deps) == 0 {
			t.Fatalf("%s: walked no packages", goos)
		}
	}
}
