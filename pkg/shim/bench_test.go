package shim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gov-dev/gov/pkg/platform"
)

// BenchmarkResolve measures the shim's own work before the exec: from a
// directory eight levels below a .go-version, find and read it and check
// that the SDK is installed.
func BenchmarkResolve(b *testing.B) {
	home := b.TempDir()
	sdk := filepath.Join(home, "sdk", "go1.22.3.linux-amd64")
	os.MkdirAll(sdk, 0o755)
	os.WriteFile(filepath.Join(sdk, "gov-receipt.json"), []byte("{}"), 0o644)
	proj := b.TempDir()
	os.WriteFile(filepath.Join(proj, ".go-version"), []byte("1.22.3\n"), 0o644)
	deep := filepath.Join(proj, "1", "2", "3", "4", "5", "6", "7", "8")
	os.MkdirAll(deep, 0o755)
	r := &Resolver{Home: home, Platform: platform.Platform{OS: "linux", Arch: "amd64"}, Getenv: func(string) string { return "" }}
	env := os.Environ()
	b.ResetTimer()
	for b.Loop() {
		sel, err := r.Resolve(deep)
		if err != nil || !sel.Installed() {
			b.Fatal(sel, err)
		}
		Environ(env, sel.SDK.Dir, 1, false)
	}
}

// BenchmarkResolveModule measures the other common path: no version file,
// the global default, and a go.mod eight levels up whose go line raises
// nothing (it is read, compared, and the default runs).
func BenchmarkResolveModule(b *testing.B) {
	home := b.TempDir()
	sdk := filepath.Join(home, "sdk", "go1.22.3.linux-amd64")
	os.MkdirAll(sdk, 0o755)
	os.WriteFile(filepath.Join(sdk, "gov-receipt.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(home, "version"), []byte("1.22.3\n"), 0o644)
	proj := b.TempDir()
	os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n\nrequire example.com/x v1.0.0\n"), 0o644)
	deep := filepath.Join(proj, "1", "2", "3", "4", "5", "6", "7", "8")
	os.MkdirAll(deep, 0o755)
	r := NewResolver(home, platform.Platform{OS: "linux", Arch: "amd64"}, func(string) string { return "" })
	b.ResetTimer()
	for b.Loop() {
		sel, err := r.Resolve(deep)
		if err != nil || !sel.Installed() || sel.From != FromGlobal {
			b.Fatal(sel, err)
		}
	}
}
