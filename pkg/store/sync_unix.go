//go:build unix && !linux

package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// syncTree puts everything written under dir on disk. Without syncfs,
// each file and directory is fsynced, then the root once more the way
// os.File.Sync does it (on macOS, F_FULLFSYNC: a barrier for the drive's
// own cache, which one call sets for everything before it).
func syncTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return syscall.Fsync(int(f.Fd()))
	})
	if err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
