package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/layout"
)

// The oracle: the go command on this machine decides which toolchain a
// go.mod, a go.work and GOTOOLCHAIN ask for, and gov's shim must decide
// the same. With GOTOOLCHAIN=path (or min+path) the go command looks for
// goX.Y.Z programs in PATH and never downloads; fake ones that print their
// name show what it chose. gov gets the same versions as SDKs in its store,
// and the machine's own version as its global default (the go command's
// "local"). Each case then runs `go version` both ways and compares.
//
// Where gov differs on purpose, the case says so, with the reason; those
// differences are the ones the README lists.

// The versions both sides have: gov as SDKs, the go command as programs
// in PATH. Not there: 1.22.5, 1.24.0, 1.25.3, 1.26.9, 1.27.1, 1.29.0.
var oracleVersions = []string{
	"go1.19.13", "go1.20", "go1.20.14", "go1.21.0", "go1.21.13",
	"go1.22rc1", "go1.22.0", "go1.22.3", "go1.22.10", "go1.23rc2", "go1.23.0",
	"go1.24.1", "go1.25.9", "go1.27rc1", "go1.27.0", "go1.27.2", "go1.28.0",
}

type oracleCase struct {
	name  string
	env   []string          // GOTOOLCHAIN and others, for both
	goenv string            // the go env file (go env -w), if any
	files map[string]string // in the case's directory; "sub/" runs in sub
	dir   string            // where to run, relative ("" for the case's directory)
	// want is what both choose: a toolchain name, "missing goX" (neither
	// has it) or "error".
	want string
	// gov, when set, is a deliberate difference: gov chooses this, the go
	// command want, for the reason given.
	gov, why string
}

// local is the go command's own version, and gov's global default.
const local = "LOCAL"

func oracleCases() []oracleCase {
	mod := func(s string) map[string]string { return map[string]string{"go.mod": "module example.com/m\n\n" + s} }
	path := []string{"GOTOOLCHAIN=path"}
	min := func(v string) []string { return []string{"GOTOOLCHAIN=" + v + "+path"} }
	newer := "gov runs a newer release of the required line that it has, where the go command would download the exact one"
	lang := "toolchain go1.N names a language version; gov runs its first release, go1.N.0, where the go command looks for a toolchain named go1.N and fails (golang/go#66175)"
	suffix := "gov has no custom builds: it runs the release a custom toolchain name is based on"
	return []oracleCase{
		// The machine's go is the default; a module asks for older or newer.
		{name: "no module", env: path, want: local},
		{name: "older go line", env: path, files: mod("go 1.22\n"), want: local},
		{name: "older go line, old form", env: path, files: mod("go 1.19\n"), want: local},
		{name: "same language version", env: path, files: mod("go 1.26\n"), want: local},
		{name: "same release", env: path, files: mod("go " + strings.TrimPrefix(local, "go") + "\n"), want: local},
		{name: "newer go line", env: path, files: mod("go 1.27\n"), want: "go1.27.0"},
		{name: "newer patch", env: path, files: mod("go 1.27.2\n"), want: "go1.27.2"},
		{name: "newer pre-release", env: path, files: mod("go 1.27rc1\n"), want: "go1.27rc1"},
		{name: "newer, not there", env: path, files: mod("go 1.29\n"), want: "missing go1.29.0"},
		{name: "newer patch of this line, not there", env: path, files: mod("go 1.26.99\n"), want: "missing go1.26.99"},
		{name: "newer patch, a newer one there", env: path, files: mod("go 1.27.1\n"), want: "missing go1.27.1", gov: "go1.27.2", why: newer},
		{name: "toolchain line newer", env: path, files: mod("go 1.21\ntoolchain go1.27.0\n"), want: "go1.27.0"},
		{name: "toolchain line older", env: path, files: mod("go 1.21\ntoolchain go1.22.3\n"), want: local},
		{name: "toolchain default", env: path, files: mod("go 1.27\ntoolchain default\n"), want: local},
		{name: "toolchain with a custom suffix", env: path, files: mod("go 1.21\ntoolchain go1.27.0-bigcorp\n"), want: "missing go1.27.0-bigcorp", gov: "go1.27.0", why: suffix},
		{name: "toolchain a language version", env: path, files: mod("go 1.21\ntoolchain go1.27\n"), want: "missing go1.27", gov: "go1.27.0", why: lang},
		{name: "toolchain line invalid", env: path, files: mod("go 1.21\ntoolchain 1.27.0\n"), want: "error"},
		{name: "toolchain line not a version", env: path, files: mod("go 1.21\ntoolchain gox\n"), want: "error"},
		{name: "go line with four numbers", env: path, files: mod("go 1.27.0.1\n"), want: local},
		{name: "go line quoted", env: path, files: mod("go \"1.27.0\"\n"), want: local},
		{name: "go line a pre-release of .0", env: path, files: mod("go 1.27.0rc1\n"), want: local},
		{name: "go line with the go prefix", env: path, files: mod("go go1.27\n"), want: local},
		{name: "two go lines: the first", env: path, files: mod("go 1.22\ngo 1.27\n"), want: local},
		{name: "two go lines: the first, newer", env: path, files: mod("go 1.27.2\ngo 1.22\n"), want: "go1.27.2"},
		{name: "go line with a comment", env: path, files: mod("go 1.27 // newer\n"), want: "go1.27.0"},
		{name: "go line with a tab", env: path, files: mod("go\t1.27.2\n"), want: "go1.27.2"},
		{name: "go.mod above", env: path, files: map[string]string{"go.mod": "module m\ngo 1.27.2\n", "sub/x/.keep": ""}, dir: "sub/x", want: "go1.27.2"},
		{name: "go.work wins over go.mod", env: path, files: map[string]string{"go.work": "go 1.27.0\n", "m/go.mod": "module m\ngo 1.22\n"}, dir: "m", want: "go1.27.0"},
		{name: "go.work toolchain line", env: path, files: map[string]string{"go.work": "go 1.21\ntoolchain go1.28.0\n", "m/go.mod": "module m\ngo 1.22\n"}, dir: "m", want: "go1.28.0"},
		{name: "GOWORK=off", env: []string{"GOTOOLCHAIN=path", "GOWORK=off"}, files: map[string]string{"go.work": "go 1.27.0\n", "m/go.mod": "module m\ngo 1.22\n"}, dir: "m", want: local},
		{name: "GOWORK names a file not there yet", env: []string{"GOTOOLCHAIN=path", "GOWORK=/nonexistent/go.work"}, files: mod("go 1.27.2\n"), want: "go1.27.2"},
		{name: "GOWORK relative", env: []string{"GOTOOLCHAIN=path", "GOWORK=go.work"}, files: mod("go 1.27.2\n"), want: "error"},
		{name: "GO111MODULE=off", env: []string{"GOTOOLCHAIN=path", "GO111MODULE=off"}, files: mod("go 1.27.0\n"), want: local},
		{name: "GO111MODULE=off ignores GOTOOLCHAIN too", env: []string{"GOTOOLCHAIN=go1.21.0+path", "GO111MODULE=off"}, files: mod("go 1.23\n"), want: local},
		{name: "GO111MODULE=auto in a module", env: []string{"GOTOOLCHAIN=path", "GO111MODULE=auto"}, files: mod("go 1.27.0\n"), want: "go1.27.0"},
		{name: "GO111MODULE=auto, only a go.work", env: []string{"GOTOOLCHAIN=path", "GO111MODULE=auto"}, files: map[string]string{"go.work": "go 1.27.0\n"}, want: local},
		{name: "go.mod at the root of TMPDIR", env: []string{"GOTOOLCHAIN=path", "TMPDIR=CASEDIR"}, files: mod("go 1.27.0\n"), want: local},
		{name: "go.mod at the root of TMPDIR, through a link", env: []string{"GOTOOLCHAIN=path", "TMPDIR=CASELINK"}, files: mod("go 1.27.0\n"), want: local},
		// What go env -w wrote counts where the environment says nothing.
		{name: "go env -w GOTOOLCHAIN", goenv: "GOTOOLCHAIN=go1.22.3\n", files: mod("go 1.27.0\n"), want: "go1.22.3"},
		{name: "go env -w GOTOOLCHAIN with a minimum", goenv: "GOTOOLCHAIN=go1.21.0+path\n", files: mod("go 1.22\n"), want: "go1.22.0"},
		{name: "go env -w GOWORK=off", goenv: "GOTOOLCHAIN=path\nGOWORK=off\n", files: map[string]string{"go.work": "go 1.28.0\n", "m/go.mod": "module m\ngo 1.27.0\n"}, dir: "m", want: "go1.27.0"},
		{name: "go env -w GO111MODULE=off", goenv: "GOTOOLCHAIN=path\nGO111MODULE=off\n", files: mod("go 1.27.0\n"), want: local},
		{name: "the environment over go env -w", env: []string{"GOTOOLCHAIN=path"}, goenv: "GOTOOLCHAIN=go1.22.3\n", files: mod("go 1.27.0\n"), want: "go1.27.0"},
		{name: "GOTOOLCHAIN=local", env: []string{"GOTOOLCHAIN=local"}, files: mod("go 1.27.0\n"), want: local},
		{name: "GOTOOLCHAIN=local+path", env: []string{"GOTOOLCHAIN=local+path"}, files: mod("go 1.27.0\n"), want: "go1.27.0"},
		{name: "GOTOOLCHAIN names a version", env: []string{"GOTOOLCHAIN=go1.22.3"}, files: mod("go 1.27.0\n"), want: "go1.22.3"},
		{name: "GOTOOLCHAIN names a version, no module", env: []string{"GOTOOLCHAIN=go1.20"}, want: "go1.20"},
		{name: "GOTOOLCHAIN names a version not there", env: []string{"GOTOOLCHAIN=go1.22.5"}, want: "missing go1.22.5"},
		{name: "GOTOOLCHAIN invalid", env: []string{"GOTOOLCHAIN=bash"}, want: "error"},
		{name: "GOTOOLCHAIN invalid suffix", env: []string{"GOTOOLCHAIN=go1.22.3+foo"}, want: "error"},
		{name: "GOTOOLCHAIN invalid minimum", env: []string{"GOTOOLCHAIN=go1.x+path"}, want: "error"},
		// An older minimum (GOTOOLCHAIN=goX+path) that a module raises.
		{name: "minimum alone", env: min("go1.21.0"), want: "go1.21.0"},
		{name: "minimum, older go line", env: min("go1.21.0"), files: mod("go 1.20\n"), want: "go1.21.0"},
		{name: "minimum, its language version", env: min("go1.21.0"), files: mod("go 1.21\n"), want: "go1.21.0"},
		{name: "minimum, an older pre-release", env: min("go1.21.0"), files: mod("go 1.21rc1\n"), want: "go1.21.0"},
		{name: "minimum raised to a .0", env: min("go1.21.0"), files: mod("go 1.22\n"), want: "go1.22.0"},
		{name: "minimum raised to a patch", env: min("go1.21.0"), files: mod("go 1.22.3\n"), want: "go1.22.3"},
		{name: "minimum raised to a patch not there", env: min("go1.21.0"), files: mod("go 1.22.5\n"), want: "missing go1.22.5", gov: "go1.22.10", why: newer},
		{name: "minimum raised to a .0 not there", env: min("go1.21.0"), files: mod("go 1.24\n"), want: "missing go1.24.0", gov: "go1.24.1", why: newer},
		{name: "minimum raised, line has only older", env: min("go1.21.0"), files: mod("go 1.25.10\n"), want: "missing go1.25.10"},
		{name: "minimum raised past a newer patch", env: min("go1.21.0"), files: mod("go 1.25.3\n"), want: "missing go1.25.3", gov: "go1.25.9", why: newer},
		{name: "minimum raised by toolchain", env: min("go1.21.0"), files: mod("go 1.21\ntoolchain go1.22.3\n"), want: "go1.22.3"},
		{name: "minimum raised by toolchain, then go", env: min("go1.21.0"), files: mod("go 1.23\ntoolchain go1.22.3\n"), want: "go1.23.0"},
		{name: "toolchain pre-release meets the go line", env: min("go1.21.0"), files: mod("go 1.23\ntoolchain go1.23rc2\n"), want: "go1.23rc2"},
		{name: "pre-release minimum meets its language version", env: min("go1.22rc1"), files: mod("go 1.22\n"), want: "go1.22rc1"},
		{name: "minimum, toolchain default", env: min("go1.21.0"), files: mod("go 1.23\ntoolchain default\n"), want: "go1.21.0"},
		{name: "minimum, toolchain older", env: min("go1.22.10"), files: mod("go 1.21\ntoolchain go1.22.3\n"), want: "go1.22.10"},
		{name: "minimum, only a toolchain line", env: min("go1.21.0"), files: mod("toolchain go1.22.10\n"), want: "go1.22.10"},
		{name: "minimum, toolchain a language version", env: min("go1.21.0"), files: mod("go 1.21\ntoolchain go1.22\n"), want: "missing go1.22", gov: "go1.22.0", why: lang},
		{name: "a language-version minimum, raised", env: min("go1.27"), files: mod("go 1.27rc1\n"), want: "go1.27rc1"},
		{name: "a language-version minimum", env: min("go1.27"), files: mod("go 1.21\n"), want: "missing go1.27", gov: "go1.27.0", why: lang},
		{name: "old minimum raised to an old release", env: min("go1.19.13"), files: mod("go 1.20\n"), want: "go1.20"},
		{name: "old minimum raised to an old patch", env: min("go1.19.13"), files: mod("go 1.20.14\n"), want: "go1.20.14"},
		{name: "old minimum raised to a new .0", env: min("go1.19.13"), files: mod("go 1.21\n"), want: "go1.21.0"},
		{name: "minimum, newer release of its line", env: min("go1.21.13"), files: mod("go 1.21.0\n"), want: "go1.21.13"},
		{name: "minimum, an odd kind", env: min("go1.21.0"), files: mod("go 1.99testmod\n"), want: "missing go1.99testmod"},
		{name: "minimum with a custom suffix", env: min("go1.21.0-bigcorp"), files: mod("go 1.21\n"), want: "missing go1.21.0-bigcorp", gov: "go1.21.0", why: suffix},
		{name: "minimum, +auto when there", env: []string{"GOTOOLCHAIN=go1.21.0+auto"}, files: mod("go 1.22.3\n"), want: "go1.22.3"},
		{name: "minimum, go.work over go.mod", env: min("go1.21.0"), files: map[string]string{"go.work": "go 1.23.0\n", "m/go.mod": "module m\ngo 1.22.3\n"}, dir: "m", want: "go1.23.0"},
		{name: "minimum, GOWORK=off", env: append(min("go1.21.0"), "GOWORK=off"), files: map[string]string{"go.work": "go 1.23.0\n", "m/go.mod": "module m\ngo 1.22.3\n"}, dir: "m", want: "go1.22.3"},
	}
}

// TestOracleSelection runs every case through the go command and through
// gov's shim, and checks that they choose the same toolchain, or that a
// deliberate difference is what the case says.
func TestOracleSelection(t *testing.T) {
	goCmd := "/usr/local/go/bin/go"
	if _, err := os.Stat(goCmd); err != nil {
		t.Skipf("no go command at %s to be the oracle: %v", goCmd, err)
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("the oracle's fake toolchains are linux-amd64 shell scripts")
	}
	data, err := os.ReadFile("/usr/local/go/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	localName, _, _ := strings.Cut(string(data), "\n")
	bin := builtGov(t)
	root := t.TempDir()

	// The go command's toolchains in PATH; gov's in its store, with the
	// machine's version as the global default.
	fakes := filepath.Join(root, "path")
	home := filepath.Join(root, "gov")
	for _, v := range append(oracleVersions, localName) {
		if v != localName {
			script := "#!/bin/sh\necho \"go version " + v + " linux/amd64\"\n"
			if err := os.MkdirAll(fakes, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(fakes, v), []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		dir := filepath.Join(home, layout.SDKDir, v+".linux-amd64")
		if err := fetchtest.WriteGOROOT(dir, v, "linux-amd64"); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, layout.ReceiptFile), []byte(`{"source":"test"}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(home, layout.GlobalFile), []byte(strings.TrimPrefix(localName, "go")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	userHome := filepath.Join(root, "home")
	if err := os.MkdirAll(userHome, 0o755); err != nil {
		t.Fatal(err)
	}
	base := []string{
		"PATH=" + fakes + ":/usr/bin:/bin",
		"HOME=" + userHome,
		"GOV_HOME=" + home,
		"GOV_PLATFORM=linux-amd64",
		"GOENV=off",                  // no go env -w settings
		"GOPROXY=off", "GOSUMDB=off", // a toolchain that is not in PATH fails at once, offline
		"GOPATH=" + filepath.Join(userHome, "go"),
		"GOCACHE=" + filepath.Join(userHome, "cache"),
		"GOFLAGS=",
	}
	if r := runProc(t, base, filepath.Join(bin, "gov"), "env", "bash"); r.code != 0 {
		t.Fatalf("gov env (to write the shims): %v", r)
	}

	cases := oracleCases()
	agree, documented := 0, 0
	for i, c := range cases {
		caseDir := filepath.Join(root, "case", strings.ReplaceAll(c.name, " ", "-"))
		for name, content := range c.files {
			p := filepath.Join(caseDir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dir := filepath.Join(caseDir, filepath.FromSlash(c.dir))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		env := append([]string{"TMPDIR=" + root}, base...)
		link := caseDir + ".link"
		if err := os.Symlink(caseDir, link); err != nil {
			t.Fatal(err)
		}
		for _, kv := range c.env {
			env = append(env, strings.NewReplacer("CASEDIR", caseDir, "CASELINK", link).Replace(kv))
		}
		if c.goenv != "" {
			file := filepath.Join(caseDir, "go-env")
			if err := os.WriteFile(file, []byte(c.goenv), 0o644); err != nil {
				t.Fatal(err)
			}
			env = append(env, "GOENV="+file)
		}
		want := strings.ReplaceAll(c.want, local, localName)
		goGot := oracleRun(t, env, dir, goCmd)
		govGot := oracleRun(t, env, dir, filepath.Join(home, layout.ShimsDir, "go"))
		t.Logf("%-50s go=%-22s gov=%s", c.name, goGot, govGot)
		switch {
		case goGot != want:
			t.Errorf("case %d (%s): the go command chose %s, the case says %s", i, c.name, goGot, want)
		case c.gov == "" && govGot != want:
			t.Errorf("case %d (%s): gov chose %s, the go command %s", i, c.name, govGot, goGot)
		case c.gov != "" && govGot != c.gov:
			t.Errorf("case %d (%s): gov chose %s, want %s (a documented difference: %s)", i, c.name, govGot, c.gov, c.why)
		case c.gov != "":
			documented++
		default:
			agree++
		}
	}
	if len(cases) < 60 {
		t.Errorf("%d oracle cases, want at least 60", len(cases))
	}
	t.Logf("%d oracle cases: %d agree with the go command, %d are documented differences", len(cases), agree, documented)
}

var (
	versionLine = regexp.MustCompile(`^go version (\S+) `)
	missingRE   = regexp.MustCompile(`cannot find "(\S+)" in PATH|download (\S+) for|download (\S+): |gov: (\S+) is not installed`)
)

// oracleRun runs "go version" with prog in dir and says what it chose:
// a toolchain name, "missing NAME" or "error".
func oracleRun(t *testing.T, env []string, dir, prog string) string {
	t.Helper()
	cmd := exec.Command(prog, "version")
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.Output()
	if m := versionLine.FindStringSubmatch(string(out)); err == nil && m != nil {
		return m[1]
	}
	var stderr string
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = string(ee.Stderr)
	}
	if m := missingRE.FindStringSubmatch(stderr); m != nil {
		for _, name := range m[1:] {
			if name != "" {
				return "missing " + name
			}
		}
	}
	if err == nil {
		t.Errorf("%s version in %s: unexpected output %q", prog, dir, out)
	}
	return "error"
}
