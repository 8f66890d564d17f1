//go:build !unix

package layout

import (
	"errors"
	"io"
	"os"
)

// readEnds reads the first len(head) and the last len(tail) bytes of the
// regular file name (following links).
func readEnds(name string, head, tail []byte) (h, t []byte, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, errNotFile
	}
	size := fi.Size()
	read := func(b []byte, off int64) ([]byte, error) {
		n, err := f.ReadAt(b, off)
		if errors.Is(err, io.EOF) {
			err = nil
		}
		return b[:n], err
	}
	if h, err = read(head[:min(int64(len(head)), size)], 0); err != nil || size <= int64(len(head)) {
		return h, h, err
	}
	n := min(int64(len(tail)), size)
	t, err = read(tail[:n], size-n)
	return h, t, err
}
