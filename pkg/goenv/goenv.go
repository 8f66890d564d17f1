// Package goenv reads the go command's own settings the way the go command
// does: the environment, else the settings file that "go env -w" writes
// ($GOENV, default <user config dir>/go/env; GOENV=off: none). gov and the
// go command then agree on GOPROXY and GOSUMDB even where go env -w set
// them, and gov doctor can show what that file hides.
package goenv

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// Lookup returns the go command's setting of key on this machine: the
// environment, else the go env file.
func Lookup(key string) string { return Local()(key) }

// Local is Getenv for this machine: its environment and its go env file.
func Local() func(string) string {
	dir, _ := os.UserConfigDir()
	return Getenv(os.Getenv, dir, os.ReadFile)
}

// Getenv returns a getenv that reads the go command's settings the way the
// go command does: getenv (the environment), else the go env file (File,
// for getenv and configDir), read with read at most once, when a setting
// the environment lacks is first asked for. gov's own settings (GOV_*)
// come from the environment alone.
func Getenv(getenv func(string) string, configDir string, read func(string) ([]byte, error)) func(string) string {
	var vars map[string]string
	loaded := false
	return func(key string) string {
		if v := Unhook(getenv, key); v != "" || strings.HasPrefix(key, "GOV_") {
			return v
		}
		if !loaded {
			loaded = true
			if f := File(getenv, configDir); f != "" {
				if data, err := read(f); err == nil {
					vars = Parse(data)
				}
			}
		}
		return vars[key]
	}
}

// HookVar is set by gov's prompt hook (gov env SHELL --hook) while it
// exports GOTOOLCHAIN=local for the SDK it put first in PATH: it holds the
// user's own GOTOOLCHAIN, or HookUnset when the user set none.
const (
	HookVar   = "GOV_HOOK_GOTOOLCHAIN"
	HookUnset = "unset"
)

// Unhook returns the environment's key (getenv) as the user set it: a
// GOTOOLCHAIN=local that gov's prompt hook exported reads as the user's
// own GOTOOLCHAIN, kept in HookVar. Every other key, and a GOTOOLCHAIN the
// user changed since (anything but local), is as it is.
func Unhook(getenv func(string) string, key string) string {
	v := getenv(key)
	if key != "GOTOOLCHAIN" || v != "local" {
		return v
	}
	switch u := getenv(HookVar); u {
	case "":
		return v
	case HookUnset:
		return ""
	default:
		return u
	}
}

// File returns where go env -w writes, for a machine with the
// environment getenv and the user config directory configDir: $GOENV,
// else configDir/go/env. It is "" with GOENV=off, or when neither is known.
func File(getenv func(string) string, configDir string) string {
	switch f := getenv("GOENV"); f {
	case "off":
		return ""
	case "":
		if configDir == "" {
			return ""
		}
		return filepath.Join(configDir, "go", "env")
	default:
		return f
	}
}

// Parse reads the KEY=VALUE lines of a go env file (or a GOROOT's go.env)
// as the go command does (cmd/go/internal/cfg): a line that does not start
// with a capital letter or has no = is ignored, and the last setting of a
// key wins. A line may end in CRLF (a file edited on Windows): the CR is
// not part of the value.
func Parse(data []byte) map[string]string {
	vars := map[string]string{}
	for line := range bytes.Lines(data) {
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		k, v, ok := bytes.Cut(line, []byte("="))
		if !ok || len(k) == 0 || k[0] < 'A' || k[0] > 'Z' {
			continue
		}
		vars[string(k)] = string(v)
	}
	return vars
}
