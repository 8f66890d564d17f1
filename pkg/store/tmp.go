package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gov-dev/gov/pkg/layout"
)

// Staging names in tmp/ are "<sdk name>~<purpose>~<random>", so that a
// later command can tell whose leftovers they are and, holding that SDK's
// lock, remove them.
const tmpSep = "~"

// tempDir creates a fresh directory in tmp/ for work on the SDK name,
// with mode layout.DirMode (a staged SDK becomes an SDK's root as it is).
// The caller holds name's lock.
func (s *Store) tempDir(name, purpose string) (string, error) {
	dir := s.Path(layout.TmpDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(dir, name+tmpSep+purpose+tmpSep)
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, layout.DirMode); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// freeze takes the write bits from everything under dir, the staged SDK,
// and sets each mode exactly (layout.ReadOnly): 0555 for directories and
// executables, 0444 for other files. dir itself stays writable until it
// is committed. Links are left alone (chmod would follow them).
func freeze(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		switch t := d.Type(); {
		case t.IsDir():
			return os.Chmod(p, layout.ReadOnly(layout.DirMode))
		case t.IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			return os.Chmod(p, layout.ReadOnly(layout.FileMode(info.Mode())))
		}
		return nil
	})
}

// RemoveAll removes path and everything under it, as os.RemoveAll does,
// giving back the write bits that a committed SDK's directories lack
// when they are in the way (and, on Windows, where a read-only file
// cannot be deleted, its files' too).
func RemoveAll(path string) error {
	if os.RemoveAll(path) == nil {
		return nil
	}
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case d.IsDir():
			os.Chmod(p, layout.DirMode)
		case d.Type().IsRegular() && runtime.GOOS == "windows":
			os.Chmod(p, 0o644)
		}
		return nil
	})
	return os.RemoveAll(path)
}

// tempFile creates a file in tmp/ for work on the SDK name, such as a
// partial download. The caller holds name's lock.
func (s *Store) tempFile(name, purpose string) (*os.File, error) {
	dir := s.Path(layout.TmpDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return os.CreateTemp(dir, name+tmpSep+purpose+tmpSep+"*.partial")
}

// clean removes what crashed or killed commands left in tmp/: for every SDK
// whose lock is free, its staging directories and partial downloads.
func (s *Store) clean() { s.cleanTmp("", false) }

// Clean removes what crashed or killed commands left in tmp/, as every
// change to the store does first; gov prune asks for it by name.
func (s *Store) Clean() { s.clean() }

// cleanTmp removes leftovers. With held set, the caller holds the lock of
// name and only name's leftovers are removed; otherwise each SDK's
// leftovers are removed if its lock can be taken at once.
func (s *Store) cleanTmp(name string, held bool) {
	entries, err := os.ReadDir(s.Path(layout.TmpDir))
	if err != nil {
		return
	}
	for _, e := range entries {
		owner, _, ok := strings.Cut(e.Name(), tmpSep)
		if !ok {
			continue
		}
		if held {
			if owner == name {
				RemoveAll(s.Path(layout.TmpDir, e.Name()))
			}
			continue
		}
		unlock, err := s.tryLock(owner)
		if err != nil {
			continue // in use, or cannot lock: leave it
		}
		RemoveAll(s.Path(layout.TmpDir, e.Name()))
		unlock()
	}
}
