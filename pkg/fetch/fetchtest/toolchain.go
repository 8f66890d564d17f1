package fetchtest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

// ToolchainModule is the module Go toolchains are published as.
const ToolchainModule = "golang.org/toolchain"

// ToolchainVersion returns the golang.org/toolchain module version of Go
// version (go1.22.3) for platform (linux-amd64; go.dev's linux-armv6l is
// linux-arm here): v0.0.1-go1.22.3.linux-amd64.
func ToolchainVersion(version, platform string) string {
	if !strings.HasPrefix(version, "go") {
		version = "go" + version
	}
	return "v0.0.1-" + version + "." + strings.Replace(platform, "-armv6l", "-arm", 1)
}

// FakeToolchain returns the entries of a golang.org/toolchain module zip
// made from FakeSDK the way cmd/distpack makes the real ones: every name
// under "golang.org/toolchain@<version>/", no directory entries and no
// file modes (bin/go runs only after the installer's fix-ups), a go.mod
// hidden as src/_go.mod, and a lib/wasm/go_js_wasm_exec that needs its
// exec bit too.
func FakeToolchain(version, platform string) []Entry {
	if !strings.HasPrefix(version, "go") {
		version = "go" + version
	}
	prefix := ToolchainModule + "@" + ToolchainVersion(version, platform) + "/"
	var out []Entry
	for _, e := range FakeSDK(version, platform) {
		if e.Mode.IsDir() {
			continue
		}
		out = append(out, Entry{Name: prefix + strings.TrimPrefix(e.Name, "go/"), Body: e.Body})
	}
	return append(out,
		Entry{Name: prefix + "src/_go.mod", Body: "module std\n\ngo 1.22\n"},
		Entry{Name: prefix + "lib/wasm/go_js_wasm_exec", Body: "#!/bin/sh\nexit 0\n"},
	)
}

// ModuleZip packs entries as a module zip: names as given, no file modes.
// The entries are stored, not deflated: a reader does not care, and
// deflating costs tests (under -race) far more than the bytes do.
func ModuleZip(entries []Entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Store})
		if err != nil {
			panic(err)
		}
		io.WriteString(w, e.Body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// HashZip returns the h1: hash of a module zip, as go.sum and the
// checksum database record it (golang.org/x/mod/sumdb/dirhash.HashZip).
func HashZip(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var files []string
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		files = append(files, f.Name)
		byName[f.Name] = f
	}
	return dirhash.Hash1(files, func(name string) (io.ReadCloser, error) { return byName[name].Open() })
}
