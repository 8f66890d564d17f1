package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncTree puts everything written under dir on disk: on Linux, one
// syncfs of the file system that holds it (the store's). An fsync of
// each of an SDK's 15,000 files would each wait for the journal; syncfs
// waits once, though for every dirty page on that file system, other
// programs' included (on a busy disk, more than gov's own writes).
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
