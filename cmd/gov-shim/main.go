// Command gov-shim is the shim gov installs as go, gofmt and go1.X.Y in
// $GOV_HOME/shims: it picks the SDK the current directory asks for and
// execs its real binary. All of it is in package shim; this file only
// names the program, so that the shim links nothing else.
package main

import "github.com/gov-dev/gov/pkg/shim"

func main() { shim.Main() }
