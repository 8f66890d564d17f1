//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// tryLockFile takes an exclusive flock without waiting. flock locks belong
// to the open file, so the kernel drops them when the process dies.
func tryLockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

func unlockFile(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
