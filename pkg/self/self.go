// Package self finds gov's own programs. gov (the front door), gov-core
// (the full command line) and gov-shim (what the shims are copies of) are
// built together and installed side by side, so each finds the others in
// the directory of the running one.
//
// The front door links this package, so it imports almost nothing.
package self

import (
	"os"
	"path/filepath"

	"github.com/gov-dev/gov/pkg/platform"
)

// The file names of gov's programs.
const (
	Gov  = "gov" + platform.ExeSuffix
	Core = "gov-core" + platform.ExeSuffix
	Shim = "gov-shim" + platform.ExeSuffix
)

// Exe returns the running program's path, with symbolic links resolved
// (a gov linked into ~/bin still finds its siblings).
func Exe() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return exe, nil
}

// Sibling returns the path of gov's program name (Gov, Core or Shim)
// beside the running one; it may not exist.
func Sibling(name string) (string, error) {
	exe, err := Exe()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(exe), name), nil
}
