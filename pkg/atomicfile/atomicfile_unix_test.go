//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteMode checks that the mode is the one asked, whatever the umask.
func TestWriteMode(t *testing.T) {
	for _, umask := range []int{0o077, 0o000} {
		old := syscall.Umask(umask)
		name := filepath.Join(t.TempDir(), "f")
		err := Write(name, []byte("x"), 0o644)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("Write under umask %03o: Stat = %v, %v, want mode 0644", umask, fi, err)
		}
	}
}
