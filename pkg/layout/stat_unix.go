//go:build unix

package layout

import (
	"io/fs"
	"syscall"
)

// readEnds reads the first len(head) and the last len(tail) bytes of the
// regular file name (following links), with bare system calls: the shim
// calls it before every go command, and an *os.File costs more than the
// read. O_NONBLOCK keeps a fifo from blocking the open.
func readEnds(name string, head, tail []byte) (h, t []byte, err error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	})
	if err == syscall.ENOTDIR { // the SDK is a file
		return nil, nil, errNotFile
	}
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, nil, errNotFile
	}
	pread := func(b []byte, off int64) ([]byte, error) {
		n, err := ignoringEINTR(func() (int, error) { return syscall.Pread(fd, b, off) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		return b[:n], nil
	}
	if h, err = pread(head[:min(int64(len(head)), st.Size)], 0); err != nil || st.Size <= int64(len(head)) {
		return h, h, err
	}
	n := min(int64(len(tail)), st.Size)
	t, err = pread(tail[:n], st.Size-n)
	return h, t, err
}

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
