package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// The end-to-end tests install the machine's own Go SDK through gov,
// offline: its GOROOT is packed once per test binary the way go.dev packs
// releases (scripts/mkmirror, fetchtest.PackDir) and served from a
// loopback mirror. gov and mkmirror are built without the race detector,
// which would make packing and unpacking 270 MB several times slower.

var (
	e2eOnce    sync.Once
	e2eDir     string // removed when the test binary exits
	e2eMirror  string // directory with index.json and the archive
	e2eGov     string // the gov binary
	e2eVersion string // go1.26.8
	e2eErr     error
)

// e2eCleanup removes what the end-to-end tests shared; TestMain calls it.
func e2eCleanup() {
	if e2eDir != "" {
		os.RemoveAll(e2eDir)
	}
}

// realMirror serves the machine's own Go SDK, packed as
// go<ver>.<goos>-<goarch>.tar.gz, from a loopback mirror for the length of
// the test. It returns what GOV_DL_INDEX and GOV_DL_BASE should be and the
// version ("1.26.8"). It skips the test when the machine's GOROOT cannot
// be found or packed, and in -short mode.
func realMirror(t *testing.T) (indexURL, baseURL, version string) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the end-to-end install of the machine's Go SDK in -short mode")
	}
	e2eOnce.Do(func() { e2eErr = packRealSDK() })
	if e2eErr != nil {
		t.Skipf("cannot pack the machine's Go SDK (go env GOROOT) for an offline mirror: %v", e2eErr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(e2eMirror)))
	t.Cleanup(srv.Close)
	return srv.URL + "/index.json", srv.URL + "/", strings.TrimPrefix(e2eVersion, "go")
}

// packRealSDK builds gov, gov-core, gov-shim (buildGov) and mkmirror, and packs `go env GOROOT` into a
// mirror directory at gzip level 1: the test is about gov, not about
// compression.
func packRealSDK() error {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	data, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return err
	}
	e2eVersion, _, _ = strings.Cut(string(data), "\n")
	if e2eDir, err = os.MkdirTemp("", "gov-e2e-"); err != nil {
		return err
	}
	if err := buildGov(); err != nil {
		return err
	}
	bin := filepath.Join(e2eDir, "bin")
	build := exec.Command(goCommand(), "build", "-o", bin+string(filepath.Separator), "github.com/gov-dev/gov/scripts/mkmirror")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	e2eGov = filepath.Join(buildDir, "gov")
	e2eMirror = filepath.Join(e2eDir, "mirror")
	pack := exec.Command(filepath.Join(bin, "mkmirror"), "-goroot", goroot, "-out", e2eMirror, "-level", "1")
	if out, err := pack.CombinedOutput(); err != nil {
		return fmt.Errorf("mkmirror: %v\n%s", err, out)
	}
	return nil
}

// e2eEnv returns a clean environment for gov and go: its own HOME,
// GOV_HOME, GOPATH and PATH (the system's basic tools only), a build cache
// shared by the end-to-end tests, and nothing that could fetch a
// toolchain or module.
func e2eEnv(t *testing.T, govHome string, extra ...string) []string {
	t.Helper()
	tmp := t.TempDir()
	cache := filepath.Join(e2eDir, "gocache")
	return append([]string{
		"PATH=/usr/bin:/bin",
		"HOME=" + filepath.Join(tmp, "home"),
		"GOV_HOME=" + govHome,
		"GOV_PLATFORM=" + runtime.GOOS + "-" + runtime.GOARCH,
		"GOPATH=" + filepath.Join(tmp, "gopath"),
		"GOCACHE=" + cache,
		"GOTOOLCHAIN=local",
		"GOFLAGS=-mod=mod",
		"GOPROXY=off",
		"GOENV=off",
		"CGO_ENABLED=0",
		"TMPDIR=" + os.TempDir(),
	}, extra...)
}

// govBinary returns the gov command built for the end-to-end tests;
// realMirror must have been called.
func govBinary(t *testing.T) string {
	t.Helper()
	if e2eGov == "" {
		t.Fatal("govBinary called before realMirror")
	}
	return e2eGov
}

func run(t *testing.T, env []string, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestE2EInstallRealSDK installs the machine's Go through gov from a
// loopback mirror, then builds and runs a program with it.
func TestE2EInstallRealSDK(t *testing.T) {
	indexURL, baseURL, version := realMirror(t)
	govHome := filepath.Join(t.TempDir(), "gov")
	env := e2eEnv(t, govHome, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
	gov := govBinary(t)

	out := run(t, env, "", gov, "install", version)
	sdkName := "go" + version + "." + runtime.GOOS + "-" + runtime.GOARCH
	if !strings.Contains(out, "installed go"+version+" ") {
		t.Fatalf("gov install %s printed %q, want an installed note", version, out)
	}
	sdk := filepath.Join(govHome, "sdk", sdkName)
	receipt, err := os.ReadFile(filepath.Join(sdk, "gov-receipt.json"))
	if err != nil || !strings.Contains(string(receipt), `"verified": "sha256 from `+indexURL) {
		t.Errorf("receipt = %s, %v, want one verified by the index's sha256", receipt, err)
	}

	goBin := filepath.Join(sdk, "bin", "go")
	goEnv := append(env, "PATH="+filepath.Join(sdk, "bin")+":/usr/bin:/bin")
	if got, want := run(t, goEnv, "", goBin, "version"), "go version go"+version+" "+runtime.GOOS+"/"+runtime.GOARCH+"\n"; got != want {
		t.Errorf("go version = %q, want %q", got, want)
	}
	if got := strings.TrimSpace(run(t, goEnv, "", goBin, "env", "GOROOT")); got != sdk {
		t.Errorf("go env GOROOT = %q, want the store's %q", got, sdk)
	}

	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o644)
	// println, not fmt: a cold build cache compiles half as much.
	os.WriteFile(filepath.Join(src, "main.go"), []byte(`package main

import "runtime"

func main() { println("hello from", runtime.Version()) }
`), 0o644)
	run(t, goEnv, src, goBin, "build", "-o", "hello", ".")
	if got, want := run(t, goEnv, src, filepath.Join(src, "hello")), "hello from go"+version+"\n"; got != want {
		t.Errorf("hello = %q, want %q", got, want)
	}
}

// TestE2EShimRealSDK pins a project to the machine's Go with gov use, then
// runs go version and go run through the shim, with a stale GOROOT in the
// environment that the shim must override.
func TestE2EShimRealSDK(t *testing.T) {
	indexURL, baseURL, version := realMirror(t)
	govHome := filepath.Join(t.TempDir(), "gov")
	shims := filepath.Join(govHome, "shims")
	env := e2eEnv(t, govHome, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL, "GOROOT="+t.TempDir())
	env = append(env, "PATH="+shims+":/usr/bin:/bin")
	gov := govBinary(t)
	// By path: exec.Command looks names up in the test's own PATH, not env's.
	goShim := filepath.Join(shims, "go")

	proj := t.TempDir()
	os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(proj, "main.go"), []byte(`package main

import "runtime"

func main() { println("hello from", runtime.Version()) }
`), 0o644)
	run(t, env, proj, gov, "use", version)
	if data, err := os.ReadFile(filepath.Join(proj, ".go-version")); err != nil || string(data) != version+"\n" {
		t.Fatalf(".go-version = %q, %v, want %q", data, err, version+"\n")
	}
	sub := filepath.Join(proj, "sub", "dir")
	os.MkdirAll(sub, 0o755)
	if got, want := run(t, env, sub, goShim, "version"), "go version go"+version+" "+runtime.GOOS+"/"+runtime.GOARCH+"\n"; got != want {
		t.Errorf("go version through the shim = %q, want %q", got, want)
	}
	if got, want := run(t, env, proj, goShim, "run", "."), "hello from go"+version+"\n"; got != want {
		t.Errorf("go run . through the shim = %q, want %q", got, want)
	}
	// The front door answers gov env itself; its snippet names the shims.
	if got := run(t, env, proj, gov, "env", "bash"); !strings.Contains(got, shims) {
		t.Errorf("gov env bash = %q, want a snippet that puts %s in PATH", got, shims)
	}
	if got, want := strings.TrimSpace(run(t, env, proj, gov, "which")), filepath.Join(govHome, "sdk", "go"+version+"."+runtime.GOOS+"-"+runtime.GOARCH, "bin", "go"); got != want {
		t.Errorf("gov which = %q, want %q", got, want)
	}
}
