//go:build unix

package manifest

import (
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// A root looks up entries of an SDK relative to its open directory, so
// that the kernel walks only the entry's own path, not the store's: gov
// doctor's quick check is one such lstat an entry, and little else.
type root struct {
	dir string
	fd  int
}

func openRoot(dir string) (*root, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return &root{dir, fd}, nil
}

func (r *root) Close() error { return unix.Close(r.fd) }

// lstat describes the entry name (slash-separated) without its hash,
// as stat does.
func (r *root) lstat(name string) (Entry, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(r.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return Entry{}, &fs.PathError{Op: "lstat", Path: filepath.Join(r.dir, name), Err: err}
	}
	e := Entry{Name: name, Perm: fs.FileMode(st.Mode & 0o777)}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		e.Kind = Dir
	case unix.S_IFREG:
		e.Kind, e.Size = File, st.Size
	case unix.S_IFLNK:
		// Readlink as os does, growing the buffer until the target fits.
		for n := 256; ; n *= 2 {
			buf := make([]byte, n)
			got, err := unix.Readlinkat(r.fd, name, buf)
			if err != nil {
				return Entry{}, &fs.PathError{Op: "readlink", Path: filepath.Join(r.dir, name), Err: err}
			}
			if got < n {
				e.Kind, e.Size, e.Hash = Link, int64(got), sum(buf[:got])
				break
			}
		}
	default:
		return Entry{}, errNotListed(name)
	}
	return e, nil
}
