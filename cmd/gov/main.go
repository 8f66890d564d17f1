// Command gov installs Go SDKs into a private, verified store and picks the
// right one for each directory through a tiny shim named go.
//
// This binary is gov's front door (package front): it answers gov env, the
// command every new shell runs, itself, and execs gov-core, the full
// command line beside it, for everything else. go build -o DIR ./cmd/...
// (or go install ./cmd/...) builds gov, gov-core and gov-shim together.
package main

import "github.com/gov-dev/gov/pkg/front"

func main() { front.Main() }
