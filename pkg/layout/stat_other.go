//go:build !unix

package layout

import "os"

// nonEmptyFile reports whether name is a regular file (following links)
// with something in it.
func nonEmptyFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular() && fi.Size() > 0
}
