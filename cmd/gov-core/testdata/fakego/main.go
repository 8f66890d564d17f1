// Command fakego stands in for an SDK's bin/go where the SDK may be
// uninstalled while it starts (concurrency_test.go). A shell script would
// be opened again by path by /bin/sh after exec, and fail if its directory
// moved in between; this binary touches no file. It prints
// "go version go1.22.3 linux/amd64" for the SDK directory the shim put in
// GOROOT (.../go1.22.3.linux-amd64).
package main

import (
	"os"
	"path/filepath"
	"strings"
)

func main() {
	name := filepath.Base(os.Getenv("GOROOT"))
	i := strings.LastIndexByte(name, '.')
	if len(os.Args) < 2 || os.Args[1] != "version" || i < 0 {
		os.Stderr.WriteString("fakego: usage: GOROOT=.../go1.X.Y.os-arch go version\n")
		os.Exit(2)
	}
	os.Stdout.WriteString("go version " + name[:i] + " " + strings.Replace(name[i+1:], "-", "/", 1) + "\n")
}
