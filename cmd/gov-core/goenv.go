package main

import (
	"bytes"
	"os"
	"path/filepath"
)

// goEnv returns the go command's setting of key: the environment, else
// the user's go env file, which "go env -w" writes ($GOENV, default
// <user config dir>/go/env; GOENV=off: none). gov and the go command then
// agree on GOPROXY and GOSUMDB, even where go env -w set them.
func goEnv(key string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	file := os.Getenv("GOENV")
	switch file {
	case "off":
		return ""
	case "":
		dir, err := os.UserConfigDir()
		if err != nil || dir == "" {
			return ""
		}
		file = filepath.Join(dir, "go", "env")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	// The go command's reading (cmd/go/internal/cfg): KEY=VALUE lines, the
	// last one wins, anything else is ignored.
	val := ""
	for _, line := range bytes.Split(data, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte("="))
		if ok && len(line) > 0 && 'A' <= line[0] && line[0] <= 'Z' && string(k) == key {
			val = string(v)
		}
	}
	return val
}
