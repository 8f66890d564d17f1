package shim

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// TestWatch checks that the resolver reports every path its answer
// depends on, there or not: the version files of each directory up to the
// root, the global default, each go.work and go.mod looked for, the go env
// file, and the SDK directory. The prompt hook re-checks exactly these.
func TestWatch(t *testing.T) {
	home := fakeStore(t, "go1.22.3.linux-amd64")
	os.WriteFile(filepath.Join(home, layout.GlobalFile), []byte("1.22.3\n"), 0o644)
	root := t.TempDir()
	proj, sub := filepath.Join(root, "proj"), filepath.Join(root, "proj", "sub")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module m\ngo 1.21\n"), 0o644)
	envFile := filepath.Join(root, "goenv")

	var watched []string
	r := NewResolver(home, platform.Platform{OS: "linux", Arch: "amd64"}, func(k string) string {
		if k == "GOENV" {
			return envFile
		}
		return ""
	})
	r.Watch = func(p string) { watched = append(watched, p) }
	if _, err := r.Resolve(sub); err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(home, layout.GlobalFile),
		filepath.Join(home, layout.SDKDir),
		filepath.Join(sub, "go.work"), filepath.Join(proj, "go.work"), filepath.Join(root, "go.work"), "/go.work",
		filepath.Join(sub, "go.mod"), filepath.Join(proj, "go.mod"),
	}
	for d := sub; ; d = filepath.Dir(d) {
		want = append(want, filepath.Join(d, layout.GoVersionFile), filepath.Join(d, layout.ToolVersionsFile))
		if d == filepath.Dir(d) {
			break
		}
	}
	for _, w := range want {
		if !slices.Contains(watched, w) {
			t.Errorf("Resolve(%s) did not report %s; it reported %q", sub, w, watched)
		}
	}

	// Through Local, the go env file the environment names is watched too.
	t.Setenv("GOENV", envFile)
	t.Setenv("GOTOOLCHAIN", "")
	watched = nil
	l := Local(home, platform.Platform{OS: "linux", Arch: "amd64"}, func(p string) { watched = append(watched, p) })
	if _, err := l.Resolve(sub); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(watched, envFile) {
		t.Errorf("Local resolver did not report the go env file %s; it reported %q", envFile, watched)
	}
}

// TestEnvVars checks that every variable the resolver reads is in EnvVars,
// the prompt hook's key: a variable missing there would change the answer
// without the hook asking again.
func TestEnvVars(t *testing.T) {
	home := fakeStore(t, "go1.22.3.linux-amd64")
	os.WriteFile(filepath.Join(home, layout.GlobalFile), []byte("1.22.3\n"), 0o644)
	proj := t.TempDir()
	os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module m\ngo 1.21\n"), 0o644)
	for _, env := range []map[string]string{
		{},
		{"GO111MODULE": "auto"},
		{"GOWORK": filepath.Join(proj, "go.work")},
		{"GOTOOLCHAIN": "go1.22.3+auto"},
		{"GOV_VERSION": "1.22.3", "GOTOOLCHAIN": "path"},
	} {
		asked := map[string]bool{}
		r := NewResolver(home, platform.Platform{OS: "linux", Arch: "amd64"}, func(k string) string {
			asked[k] = true
			return env[k]
		})
		if _, err := r.Resolve(proj); err != nil {
			t.Fatalf("%v: %v", env, err)
		}
		for k := range asked {
			if !slices.Contains(EnvVars, k) {
				t.Errorf("with %v the resolver read %s, which EnvVars lacks", env, k)
			}
		}
	}
}
