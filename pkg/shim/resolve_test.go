package shim

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

func TestParseGoVersion(t *testing.T) {
	tests := []struct {
		data string
		want string // Spec.String(), or "error: <substring>"
		line int
	}{
		{"1.22.3\n", "1.22.3", 1},
		{"go1.22.3", "1.22.3", 1},
		{"\r\n# pinned\r\n\r\n 1.22.3 \r\n", "1.22.3", 4},
		{"1.22 # newest patch\n", "1.22.x", 1},
		{"1.22.x\n", "1.22.x", 1},
		{"1.23rc1", "1.23rc1", 1},
		{"latest", "latest", 1},
		{"", "error: has no Go version in it", 0},
		{"# only a comment\n\n", "error: has no Go version in it", 0},
		{"1.22.3\n1.21.0\n", "1.22.3", 1}, // goenv's list: 1.21.0 runs if 1.22.3 is not installed
		{"\ufeff1.22.3\n", "1.22.3", 1},   // a byte order mark
		{"v1.22.3\n", "1.22.3", 1},
		{"go-1.22.3\n", "1.22.3", 1}, // goenv's form
		{"1.22.3\n$(reboot)\n", "error: f:2: \"$(reboot)\" is not a Go version", 0},
		{"1.22; rm -rf /", "error: f:1: \"1.22; rm -rf /\" is not a Go version", 0},
		{"$(reboot)", "error: f:1: \"$(reboot)\" is not a Go version", 0},
		{"\x00\x01\xff", "error: f:1: \"\\x00\\x01\\xff\" is not a Go version", 0},
		{strings.Repeat("9", 100), "error: f:1: \"" + strings.Repeat("9", 64) + "...\" is not", 0},
		{">=1.21", "error: is not a Go version", 0},
	}
	for _, tt := range tests {
		sel, err := ParseGoVersion("f", []byte(tt.data))
		got := ""
		if err != nil {
			got = "error: " + hint.Message(err)
		} else {
			got = sel.Spec.String()
		}
		if want, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
			if err == nil || !strings.Contains(hint.Message(err), want) {
				t.Errorf("ParseGoVersion(%q) = %q, want error containing %q", tt.data, got, want)
			}
			continue
		}
		if got != tt.want || sel.Line != tt.line {
			t.Errorf("ParseGoVersion(%q) = %q line %d, want %q line %d", tt.data, got, sel.Line, tt.want, tt.line)
		}
	}
}

func TestParseToolVersions(t *testing.T) {
	tests := []struct {
		data string
		want string // "" for no golang line, "error: ..." for an error
	}{
		{"golang 1.22.3\n", "1.22.3"},
		{"go 1.22.3\n", "1.22.3"},
		{"nodejs 20.1.0\r\ngolang 1.21.10 1.20.1\r\n", "1.21.10"},
		{"# golang 1.9\nnodejs 20\n", ""},
		{"golangci-lint 1.55\n", ""},
		{"golang\tsystem\n", "error: f:1: \"system\" asks for the system's Go, which gov does not run (gov runs the SDKs in its store); write a Go version such as \"golang 1.22.3\""},
		{"golang ref:abc123\n", "error: f:1: \"ref:abc123\" asks for a build from a git ref"},
		{"golang path:/opt/go\n", "error: f:1: \"path:/opt/go\" asks for an SDK outside gov's store, which gov does not run; write a Go version such as \"golang 1.22.3\", or adopt it: gov import \"/opt/go\""},
		{"golang 1.26.0 system\n", "error: f:1: \"system\" asks for"},
		{"golang: 1.22.3\n", "1.22.3"}, // mise's loose form
		{"golang v1.22.3\n", "1.22.3"},
		{"\ufeffgolang 1.22.3\n", "1.22.3"},
		{"golang\n", "error: f:1: names golang but no version"},
	}
	for _, tt := range tests {
		sel, err := ParseToolVersions("f", []byte(tt.data))
		got := ""
		switch {
		case err != nil:
			got = "error: " + hint.Message(err)
		case sel != nil:
			got = sel.Spec.String()
		}
		if want, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
			if err == nil || !strings.Contains(hint.Message(err), want) {
				t.Errorf("ParseToolVersions(%q) = %q, want error containing %q", tt.data, got, want)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("ParseToolVersions(%q) = %q, want %q", tt.data, got, tt.want)
		}
	}
}

// TestReadRequirement reads go.mod lines as the go command does
// (gover.GoModLookup, select.go): the first go line and the first
// toolchain line count; an invalid go line is ignored, an invalid
// toolchain line is an error.
func TestReadRequirement(t *testing.T) {
	tests := []struct {
		data, want string // want "" for none, "error: ..." for an error
		invalid    bool   // the go line is ignored as invalid
	}{
		{data: "module m\n\ngo 1.22\n", want: "1.22.0"},
		{data: "module m\ngo 1.21\n", want: "1.21.0"},
		{data: "module m\ngo 1.20\n", want: "1.20"},
		{data: "module m\ngo 1.21rc2\n", want: "1.21rc2"},
		{data: "module m\ngo 1.21.0\ntoolchain go1.22.3\n", want: "1.22.3"},
		{data: "module m\ngo 1.23.1\ntoolchain go1.22.3\n", want: "1.23.1"},
		{data: "module m\ngo 1.21\ntoolchain default\n", want: "1.21.0"},
		{data: "module m\ngo 1.21\ntoolchain go1.22.1-custom\n", want: "1.22.1"},
		{data: "module m\ngo 1.23\ntoolchain go1.23rc2\n", want: "1.23rc2"},
		{data: "module m\ngo 1.22\ntoolchain go1.22\n", want: "1.22.0"}, // a language version: its first release
		{data: "module m\ngo 1.22\ngo 1.25\n", want: "1.22.0"},          // the first go line
		{data: "module m // go 1.99\n", want: ""},
		{data: "module m\nrequire (\n\texample.com/go v1.0.0\n)\n", want: ""},
		{data: "go 1.22 // comment\r\n", want: "1.22.0"},
		{data: "go\t1.22\n", want: "1.22.0"},
		{data: "module m\ngo 1.x\n", want: "", invalid: true},
		{data: "module m\ngo 1.22.3.4\n", want: "", invalid: true},
		{data: "module m\ngo \"1.22.3\"\n", want: "", invalid: true},
		{data: "module m\ngo 1.22.0rc1\ntoolchain go1.22.3\n", want: "1.22.3", invalid: true},
		{data: "module m\ngo go1.22\n", want: "", invalid: true},
		{data: "module m\ntoolchain 1.22.3\n", want: "error: invalid toolchain \"1.22.3\" in f"},
		{data: "module m\ntoolchain go1.x\n", want: "error: invalid toolchain \"go1.x\" in f"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		f := filepath.Join(dir, "go.mod")
		os.WriteFile(f, []byte(tt.data), 0o644)
		m, err := ReadModFile(f, FromGoMod)
		if err != nil {
			t.Fatal(err)
		}
		v, err := m.Requirement()
		got := ""
		if err != nil {
			got = "error: " + strings.ReplaceAll(hint.Message(err), f, "f")
		} else if !v.IsZero() {
			got = v.String()
		}
		if want, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
			if !strings.Contains(got, want) {
				t.Errorf("Requirement(%q) = %q, want error containing %q", tt.data, got, want)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Requirement(%q) = %q, want %q", tt.data, got, tt.want)
		}
		if invalid := m.InvalidGo() != ""; invalid != tt.invalid {
			t.Errorf("ReadModFile(%q): go line %q invalid = %v, want %v", tt.data, m.Go, invalid, tt.invalid)
		}
	}
}

func TestEnviron(t *testing.T) {
	sep := string(os.PathListSeparator)
	root := filepath.FromSlash("/g/sdk/go1.22.3.linux-amd64")
	bin := filepath.Join(root, "bin")
	tests := []struct {
		in, want []string
	}{
		{
			[]string{"HOME=/h", "GOROOT=/stale", "PATH=/usr/bin"},
			[]string{"HOME=/h", "GOROOT=" + root, "GOTOOLCHAIN=local", "PATH=" + bin + sep + "/usr/bin", "GOV_SHIM_DEPTH=1"},
		},
		{
			[]string{"GOTOOLCHAIN=", "PATH=" + bin + sep + "/usr/bin", "GOV_SHIM_DEPTH=3"},
			[]string{"GOROOT=" + root, "GOTOOLCHAIN=local", "PATH=" + bin + sep + "/usr/bin", "GOV_SHIM_DEPTH=1"},
		},
		{
			[]string{"GOTOOLCHAIN=go1.23.0+auto", "GOTOOLCHAIN_INTERNAL_SWITCH_COUNT=2"},
			[]string{"GOTOOLCHAIN_INTERNAL_SWITCH_COUNT=2", "GOROOT=" + root, "GOTOOLCHAIN=go1.23.0+auto", "PATH=" + bin, "GOV_SHIM_DEPTH=1"},
		},
	}
	for _, tt := range tests {
		if got := Environ(tt.in, root, 1, false); !slices.Equal(got, tt.want) {
			t.Errorf("Environ(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// fakeStore makes an SDK directory with a receipt for each name.
func fakeStore(t *testing.T, names ...string) string {
	home := t.TempDir()
	for _, n := range names {
		dir := filepath.Join(home, layout.SDKDir, n)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, layout.ReceiptFile), []byte("{}"), 0o644)
	}
	return home
}

func TestResolve(t *testing.T) {
	home := fakeStore(t, "go1.22.3.linux-amd64", "go1.22.1.linux-amd64", "go1.21.10.linux-amd64", "go1.23.0.darwin-arm64")
	os.MkdirAll(filepath.Join(home, "sdk", "go1.22.9.linux-amd64"), 0o755) // no receipt: not installed
	os.WriteFile(filepath.Join(home, "version"), []byte("1.21.10\n"), 0o644)
	proj := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(proj, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	write("pinned/.go-version", "1.22\n")
	write("pinned/deep/er/.keep", "")
	write("mod/go.mod", "module m\ngo 1.22.1\n")
	write("mod/sub/.keep", "")
	write("work/go.work", "go 1.22.3\n")
	write("work/m/go.mod", "module m\ngo 1.21\n")
	write("old/go.mod", "module m\ngo 1.16\n")
	write("dirmod/go.mod/.keep", "") // a directory named go.mod is not one
	// The walk follows the logical path, as the go command's search for
	// go.mod does: through a link, the link's parents count, not the
	// target's.
	write("phys/.go-version", "1.22.1\n")
	write("phys/proj/.keep", "")
	write("logical/.go-version", "1.21\n")
	if err := os.Symlink(filepath.Join(proj, "phys", "proj"), filepath.Join(proj, "logical", "link")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		dir      string
		env      map[string]string
		want     string // installed version, or "-" when none matches
		from     string
		fileBase string
	}{
		{"pinned/deep/er", nil, "1.22.3", FromFile, ".go-version"},
		{"mod/sub", nil, "1.22.1", FromGoMod, "go.mod"},
		{"mod/sub", map[string]string{"GOTOOLCHAIN": "local"}, "1.21.10", FromGlobal, "version"},
		{"work/m", nil, "1.22.3", FromGoWork, "go.work"},
		{"work/m", map[string]string{"GOWORK": "off"}, "1.21.10", FromGlobal, "version"},
		{"old", nil, "1.21.10", FromGlobal, "version"},
		{"dirmod", nil, "1.21.10", FromGlobal, "version"},
		{"logical/link", nil, "1.21.10", FromFile, "logical/.go-version"},
		{"phys/proj", nil, "1.22.1", FromFile, "phys/.go-version"},
		{"mod", map[string]string{"GOV_VERSION": "1.22"}, "1.22.3", FromEnv, ""},
		{"mod", map[string]string{"GOV_VERSION": "1.22.9"}, "-", FromEnv, ""},
		{"mod", map[string]string{"GOV_VERSION": "1.23.0"}, "-", FromEnv, ""}, // only for darwin-arm64
		// GOTOOLCHAIN=goX.Y.Z is over every pin, as over the go command's default.
		{"mod", map[string]string{"GOTOOLCHAIN": "go1.22.1", "GOV_VERSION": "1.21"}, "1.22.1", FromToolchain, ""},
		{"pinned/deep/er", map[string]string{"GOTOOLCHAIN": "go1.22.1+auto"}, "1.22.1", FromToolchain, ""},
		{"work/m", map[string]string{"GOTOOLCHAIN": "go1.21.10+auto"}, "1.22.3", FromGoWork, "go.work"},
		// A pin is kept over go.mod, whatever GOTOOLCHAIN's mode.
		{"mod", map[string]string{"GOV_VERSION": "1.21", "GOTOOLCHAIN": "auto"}, "1.21.10", FromEnv, ""},
		// Modules off: no raise.
		{"mod/sub", map[string]string{"GO111MODULE": "off"}, "1.21.10", FromGlobal, "version"},
	}
	for _, tt := range tests {
		r := &Resolver{Home: home, Platform: platform.Platform{OS: "linux", Arch: "amd64"}, Getenv: func(k string) string { return tt.env[k] }}
		sel, err := r.Resolve(filepath.Join(proj, filepath.FromSlash(tt.dir)))
		if err != nil {
			t.Errorf("Resolve(%s, %v): %v", tt.dir, tt.env, err)
			continue
		}
		got := "-"
		if sel.Installed() {
			got = sel.SDK.Version.String()
		}
		if got != tt.want || sel.From != tt.from || tt.fileBase != "" && !strings.HasSuffix(sel.File, string(filepath.Separator)+filepath.FromSlash(tt.fileBase)) {
			t.Errorf("Resolve(%s, %v) = %s from %s (%s), want %s from %s (%s)", tt.dir, tt.env, got, sel.From, sel.File, tt.want, tt.from, tt.fileBase)
		}
	}
}

// TestReadGlobal checks the global default's errors: what is wrong with
// the file, then what to do, with gov global as the way out.
func TestReadGlobal(t *testing.T) {
	tests := []struct {
		name  string
		setup func(file string)
		want  string // the version, "" for none, or the error
	}{
		{"unset", func(string) {}, ""},
		{"set", func(f string) { os.WriteFile(f, []byte("# default\n1.22.3\n"), 0o644) }, "1.22.3"},
		{"garbage", func(f string) { os.WriteFile(f, []byte("xx\n"), 0o644) },
			`HOME/version:1: "xx" is not a Go version (the global default); write one such as 1.22.3, or run: gov global VERSION`},
		{"unreadable", func(f string) { os.Mkdir(f, 0o755) },
			"cannot read HOME/version: is a directory (the global default); fix its permissions or remove it, or run: gov global VERSION"},
	}
	for _, tt := range tests {
		home := t.TempDir()
		tt.setup(filepath.Join(home, layout.GlobalFile))
		sel, err := ReadGlobal(home)
		got := ""
		switch {
		case err != nil:
			got = strings.ReplaceAll(hint.Message(err), home, "HOME")
		case sel != nil:
			got = sel.Raw
			if sel.From != FromGlobal {
				t.Errorf("ReadGlobal(%s).From = %s, want %s", tt.name, sel.From, FromGlobal)
			}
		}
		if got != tt.want {
			t.Errorf("ReadGlobal(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestResolveGlobalPreRelease: a global default of 1.22rc1 meets go 1.22
// (the language version, older than go1.22rc1), as it would for the go
// command, and is raised by go 1.22.0.
func TestResolveGlobalPreRelease(t *testing.T) {
	home := fakeStore(t, "go1.22rc1.linux-amd64", "go1.22.0.linux-amd64")
	os.WriteFile(filepath.Join(home, "version"), []byte("1.22rc1\n"), 0o644)
	proj := t.TempDir()
	for dir, goLine := range map[string]string{"lang": "1.22", "release": "1.22.0"} {
		os.MkdirAll(filepath.Join(proj, dir), 0o755)
		os.WriteFile(filepath.Join(proj, dir, "go.mod"), []byte("module m\ngo "+goLine+"\n"), 0o644)
	}
	r := NewResolver(home, platform.Platform{OS: "linux", Arch: "amd64"}, func(string) string { return "" })
	for dir, want := range map[string]string{"lang": "1.22rc1", "release": "1.22.0"} {
		sel, err := r.Resolve(filepath.Join(proj, dir))
		if err != nil || sel.SDK.Version.String() != want {
			t.Errorf("Resolve(go.mod %s) = %v, %v, want %s", dir, sel, err, want)
		}
	}
}

// TestResolveUninstalledLineDefault: a global default of a line that
// nothing is installed for ("1.30") is not "raised" by an older go line:
// it stays, and is the not-installed error.
func TestResolveUninstalledLineDefault(t *testing.T) {
	home := fakeStore(t, "go1.22.0.linux-amd64")
	os.WriteFile(filepath.Join(home, "version"), []byte("1.30\n"), 0o644)
	proj := t.TempDir()
	os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module m\ngo 1.22\n"), 0o644)
	r := NewResolver(home, platform.Platform{OS: "linux", Arch: "amd64"}, func(string) string { return "" })
	sel, err := r.Resolve(proj)
	if err != nil || sel.From != FromGlobal || sel.Installed() {
		t.Errorf("Resolve = %+v, %v, want the global default 1.30, not installed", sel, err)
	}
}
