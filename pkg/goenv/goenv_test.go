package goenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParse(t *testing.T) {
	got := Parse([]byte("# GOROOT=/x\n\ngarbage\nGOPRIVATE=x\r\nGOFLAGS=-a=b -c\nlower=1\n=2\nGOPROXY=\nGOSUMDB=a\nGOSUMDB=b"))
	want := map[string]string{"GOPRIVATE": "x", "GOFLAGS": "-a=b -c", "GOPROXY": "", "GOSUMDB": "b"}
	if len(got) != len(want) {
		t.Errorf("Parse = %q, want %q", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("Parse[%s] = %q, want %q", k, g, v)
		}
	}
}

func TestFile(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if got, want := File(getenv, "/cfg"), filepath.Join("/cfg", "go", "env"); got != want {
		t.Errorf("File() = %q, want %q", got, want)
	}
	if got := File(getenv, ""); got != "" {
		t.Errorf("File(no config dir) = %q, want none", got)
	}
	env["GOENV"] = "/etc/goenv"
	if got := File(getenv, "/cfg"); got != "/etc/goenv" {
		t.Errorf("File(GOENV=/etc/goenv) = %q", got)
	}
	env["GOENV"] = "off"
	if got := File(getenv, "/cfg"); got != "" {
		t.Errorf("File(GOENV=off) = %q, want none", got)
	}
}

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "env")
	if err := os.WriteFile(file, []byte("# comment\nGOPROXY=https://first.example\nGOSUMDB=off\nGOPROXY=https://last.example\nlower=x\nGONOSUMDB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		goenv, env, key, want string
	}{
		{file, "", "GOPROXY", "https://last.example"},
		{file, "", "GOSUMDB", "off"},
		{file, "https://env.example", "GOPROXY", "https://env.example"},
		{file, "", "GONOSUMDB", ""},
		{file, "", "lower", ""},
		{"off", "", "GOPROXY", ""},
		{filepath.Join(dir, "missing"), "", "GOPROXY", ""},
	} {
		t.Setenv("GOENV", tt.goenv)
		t.Setenv(tt.key, tt.env)
		if got := Lookup(tt.key); got != tt.want {
			t.Errorf("GOENV=%s %s=%q: Lookup(%q) = %q, want %q", tt.goenv, tt.key, tt.env, tt.key, got, tt.want)
		}
	}
	// Without GOENV, the file is go/env in the user's config directory.
	config := t.TempDir()
	t.Setenv("GOENV", "")
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("GOPROXY", "")
	if err := os.MkdirAll(filepath.Join(config, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "go", "env"), []byte("GOPROXY=https://config.example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := Lookup("GOPROXY"), "https://config.example"; got != want {
		t.Errorf("Lookup(GOPROXY) = %q, want %q", got, want)
	}
}

// TestGetenv: the environment first, then the file, read once, and never
// for gov's own settings.
func TestGetenv(t *testing.T) {
	env := map[string]string{"GOENV": "/cfg/go/env", "GOWORK": "off"}
	reads := 0
	read := func(name string) ([]byte, error) {
		reads++
		if name != "/cfg/go/env" {
			t.Errorf("read %s, want the GOENV file", name)
		}
		return []byte("GOTOOLCHAIN=go1.22.3+auto\nGOWORK=/w/go.work\nGOV_VERSION=1.21\n"), nil
	}
	getenv := Getenv(func(k string) string { return env[k] }, "/home/.config", read)
	for _, tt := range []struct{ key, want string }{
		{"GOWORK", "off"}, // the environment wins
		{"GOTOOLCHAIN", "go1.22.3+auto"},
		{"GO111MODULE", ""},
		{"GOV_VERSION", ""}, // gov's own: never from the go env file
	} {
		if got := getenv(tt.key); got != tt.want {
			t.Errorf("Getenv(%s) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if reads != 1 {
		t.Errorf("the go env file was read %d times, want once", reads)
	}
}

// TestUnhook: GOTOOLCHAIN=local that the prompt hook exported reads as the
// user's own GOTOOLCHAIN; a value the user set since, and every other key,
// read as they are; so does go env -w's file behind an unset one.
func TestUnhook(t *testing.T) {
	for _, tt := range []struct{ tc, hooked, want string }{
		{"local", HookUnset, ""},
		{"local", "go1.22.3+auto", "go1.22.3+auto"},
		{"local", "", "local"},
		{"auto", HookUnset, "auto"},
		{"", HookUnset, ""},
	} {
		env := map[string]string{"GOTOOLCHAIN": tt.tc, HookVar: tt.hooked, "GOWORK": "local"}
		getenv := func(k string) string { return env[k] }
		if got := Unhook(getenv, "GOTOOLCHAIN"); got != tt.want {
			t.Errorf("GOTOOLCHAIN=%q %s=%q: Unhook = %q, want %q", tt.tc, HookVar, tt.hooked, got, tt.want)
		}
		if got := Unhook(getenv, "GOWORK"); got != "local" {
			t.Errorf("Unhook(GOWORK) = %q", got)
		}
		// Unset by the user, so the go env file's setting applies.
		read := func(string) ([]byte, error) { return []byte("GOTOOLCHAIN=go1.21.0\n"), nil }
		if got := Getenv(getenv, "/cfg", read)("GOTOOLCHAIN"); tt.want == "" && got != "go1.21.0" {
			t.Errorf("GOTOOLCHAIN=%q %s=%q: Getenv = %q, want the file's go1.21.0", tt.tc, HookVar, tt.hooked, got)
		}
	}
}
