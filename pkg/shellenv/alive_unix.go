//go:build unix

package shellenv

import (
	"io/fs"
	"syscall"
)

// alive reports whether the process pid still runs (or runs as another
// user, which only gov's own shells would not).
func alive(pid int, _ fs.DirEntry) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
