// Package atomicfile writes files so that no reader sees half of one, even
// while several gov processes write the same file or one is killed in the
// middle: every write goes to a name private to the writing call, in the
// target's directory, and is renamed into place.
//
// Replacements are durable: the new content is flushed to disk (fsync)
// before the rename, and the directory after it, so that a power cut
// leaves the old file or the whole new one, never a new name with no
// content behind it.
//
// Private names are ".gov-tmp.<pid>.<seq>.<base>": the process id tells
// writers apart and lets a later writer remove what a killed one left
// (Leftover). The shims directory, the store's files and the download
// caches all use them.
package atomicfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
)

// Prefix starts every private name.
const Prefix = ".gov-tmp."

// seq numbers this process's private names.
var seq atomic.Uint64

// TempName returns a name in dir for a file of the calling write alone,
// ending in base. A file left with that name by a killed process whose id
// was reused is removed.
func TempName(dir, base string) string {
	name := filepath.Join(dir, Prefix+strconv.Itoa(os.Getpid())+"."+strconv.FormatUint(seq.Add(1), 10)+"."+base)
	os.Remove(name)
	return name
}

// Leftover reports whether the file name (a base name) is the private
// file of a process that is gone: it was killed before it cleaned up.
func Leftover(name string) bool {
	rest, ok := strings.CutPrefix(name, Prefix)
	if !ok {
		return false
	}
	pid, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(pid)
	return err == nil && n > 0 && n != os.Getpid() && !processExists(n)
}

// Write writes data to name with exactly the mode perm (whatever the
// umask): readers see the old content or the new, never a part, and so
// does the next boot after a power cut.
func Write(name string, data []byte, perm fs.FileMode) error {
	tmp := TempName(filepath.Dir(name), filepath.Base(name))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return SyncDir(filepath.Dir(name))
}

// Rename moves the complete file tmp (a private name, or a file in a
// directory of gov's own) to name, durably: tmp's content reaches the
// disk before the rename, and the rename before Rename returns.
//
// On Windows, which cannot flush a file opened only to read
// (FlushFileBuffers needs write access, and tmp may be read-only), the
// rename is done without the flush.
func Rename(tmp, name string) error {
	if runtime.GOOS != "windows" {
		f, err := os.Open(tmp)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(name))
}

// SyncDir flushes the directory dir, so that the names just created or
// renamed in it survive a power cut. Windows has no such call (its file
// systems log renames themselves): there it does nothing.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Symlink makes name a symbolic link to target, replacing whatever link
// was there in one rename: a reader sees the old link or the new one.
func Symlink(target, name string) error {
	tmp := TempName(filepath.Dir(name), filepath.Base(name))
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return SyncDir(filepath.Dir(name))
}

// Copy copies the file src into dst, a new file (a private name, or one
// inside a directory nobody reads yet) with exactly the mode perm. On
// failure dst is removed.
func Copy(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Chmod(perm)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}
