//go:build unix

package layout

import "syscall"

// nonEmptyFile reports whether name is a regular file (following links)
// with something in it, with a bare stat: os.Stat builds a FileInfo that
// nobody here needs.
func nonEmptyFile(name string) bool {
	var st syscall.Stat_t
	return syscall.Stat(name, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Size > 0
}
