package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncTree puts everything written under dir on disk: on Linux, one
// syncfs of the file system that holds it (the store's), which costs
// about what the last file's fsync would, not one per file.
func syncTree(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	for {
		err := unix.Syncfs(int(d.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}
