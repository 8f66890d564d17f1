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

// Set at link time by scripts/release.sh (go build -ldflags "-X ..."):
// the release's tag, and the minisign public key (the base64 line of a
// minisign .pub file) that signs gov's releases, which gov self update
// checks every update against. A build without them (go install, a
// clone) reports its module version and cannot update itself.
var (
	Version   string // v1.2.3
	PublicKey string // RWQ...
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
