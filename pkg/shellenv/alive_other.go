//go:build !unix

package shellenv

import (
	"io/fs"
	"time"
)

// alive guesses, where a process cannot be asked, that a stamp untouched
// for a month belongs to a shell that is gone. A shell that is not asks
// gov again at its next prompt, which writes it again.
func alive(_ int, e fs.DirEntry) bool {
	fi, err := e.Info()
	return err == nil && time.Since(fi.ModTime()) < 30*24*time.Hour
}
