package store

import (
	"os"
	"strings"

	"github.com/gov-dev/gov/pkg/layout"
)

// Staging names in tmp/ are "<sdk name>~<purpose>~<random>", so that a
// later command can tell whose leftovers they are and, holding that SDK's
// lock, remove them.
const tmpSep = "~"

// tempDir creates a fresh directory in tmp/ for work on the SDK name.
// The caller holds name's lock.
func (s *Store) tempDir(name, purpose string) (string, error) {
	dir := s.Path(layout.TmpDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(dir, name+tmpSep+purpose+tmpSep)
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
				os.RemoveAll(s.Path(layout.TmpDir, e.Name()))
			}
			continue
		}
		unlock, err := s.tryLock(owner)
		if err != nil {
			continue // in use, or cannot lock: leave it
		}
		os.RemoveAll(s.Path(layout.TmpDir, e.Name()))
		unlock()
	}
}
