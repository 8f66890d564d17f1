package shellenv

import (
	"os"
	"runtime"
)

// How a shell was found, for messages.
const (
	FromArg    = "named"          // given on the command line
	FromParent = "parent process" // the process that ran gov
	FromEnv    = "$SHELL"         // the login shell
)

// Detect returns the shell gov runs under and how it was found: the
// parent process if it is a shell (the shell that evaluates gov env's
// output), else $SHELL. On Windows, with neither, it is PowerShell.
func Detect() (*Shell, string, bool) {
	s, from, ok := Pick(ParentName(), os.Getenv("SHELL"))
	if !ok && runtime.GOOS == "windows" {
		return pwshShell, FromEnv, true
	}
	return s, from, ok
}

// Pick is Detect's choice between the parent process's name and $SHELL.
func Pick(parent, shellVar string) (*Shell, string, bool) {
	if s, ok := Lookup(parent); ok && parent != "" {
		return s, FromParent, true
	}
	if s, ok := Lookup(shellVar); ok && shellVar != "" {
		return s, FromEnv, true
	}
	return nil, "", false
}
