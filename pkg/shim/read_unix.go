//go:build unix

package shim

import (
	"os"
	"syscall"
)

// readFile reads a small file with plain system calls. os.ReadFile would
// first set up the runtime's network poller (an epoll instance, an eventfd
// and a woken thread), which costs the shim more than the read itself.
// It reads at most maxFile bytes, and never waits: a fifo or a terminal
// where a version file should be reads as empty or fails, at once
// (O_NONBLOCK, which changes nothing for a regular file).
func readFile(name string) ([]byte, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 0, 512)
	for {
		if len(buf) == maxFile {
			return nil, errTooLarge
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow, as append does
		}
		n, err := syscall.Read(fd, buf[len(buf):min(cap(buf), maxFile)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

// getwd returns the working directory as os.Getwd does, the logical path
// in $PWD when it names the same directory (as the go command sees it),
// but with bare system calls.
func getwd() (string, error) {
	var dot, pwd syscall.Stat_t
	if p := os.Getenv("PWD"); len(p) > 0 && p[0] == '/' &&
		syscall.Stat(".", &dot) == nil && syscall.Stat(p, &pwd) == nil &&
		dot.Dev == pwd.Dev && dot.Ino == pwd.Ino {
		return p, nil
	}
	return syscall.Getwd()
}

// exists reports whether name is there and is not a directory (following
// links), as the go command looks for go.mod and go.work.
func exists(name string) bool {
	var st syscall.Stat_t
	return syscall.Stat(name, &st) == nil && st.Mode&syscall.S_IFMT != syscall.S_IFDIR
}

// sameDir reports whether a and b are one directory, through links.
func sameDir(a, b string) bool {
	var sa, sb syscall.Stat_t
	return syscall.Stat(a, &sa) == nil && syscall.Stat(b, &sb) == nil && sa.Dev == sb.Dev && sa.Ino == sb.Ino
}
