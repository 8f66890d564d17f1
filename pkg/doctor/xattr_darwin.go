package doctor

import (
	"errors"

	"golang.org/x/sys/unix"
)

// hasXattr reports whether path has the extended attribute name.
func hasXattr(path, name string) (bool, error) {
	_, err := unix.Getxattr(path, name, nil)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.ENOATTR):
		return false, nil
	}
	return false, err
}
