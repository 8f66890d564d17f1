package release

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/hint"
)

// rename is os.Rename; tests make it fail.
var rename = os.Rename

// Writable reports whether new programs can be put in dir: whether a
// file can be made there (permission bits alone do not tell, for root or
// on a read-only file system).
func Writable(dir string) error {
	f, err := os.CreateTemp(dir, atomicfile.Prefix+"check.")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// A Staged update is the new programs, written in full and flushed to
// disk beside the ones they replace, under private names: nothing is in
// place until Commit.
type Staged struct {
	dir   string
	paths map[string]string // program name -> staged file
}

// Stage writes programs (name -> content, each of Programs) into dir
// under private names (atomicfile's, so that what a killed update left is
// removed by the next one), with mode 0755.
func Stage(dir string, programs map[string][]byte) (*Staged, error) {
	removeLeftovers(dir)
	s := &Staged{dir: dir, paths: map[string]string{}}
	for _, name := range Programs {
		data, ok := programs[name]
		if !ok {
			s.Discard()
			return nil, fmt.Errorf("stage %s: missing from the release", name)
		}
		path := atomicfile.TempName(dir, name)
		s.paths[name] = path
		if err := writeSynced(path, data); err != nil {
			s.Discard()
			return nil, fmt.Errorf("stage %s in %s: %w", name, dir, err)
		}
	}
	return s, nil
}

// Path returns where the new program name is staged.
func (s *Staged) Path(name string) string { return s.paths[name] }

// Discard removes what is staged and not committed.
func (s *Staged) Discard() {
	for name, path := range s.paths {
		os.Remove(path)
		delete(s.paths, name)
	}
}

// Commit renames the staged programs into place, in the order of
// Programs (gov last). Each old program is kept under a private name
// until all three are in place; if a rename fails, the ones already
// renamed get their old programs back, and the error says nothing was
// changed.
func (s *Staged) Commit() error {
	type replaced struct{ target, old string } // old "": there was none
	var done []replaced
	undo := func(err error) error {
		for i := len(done) - 1; i >= 0; i-- {
			if d := done[i]; d.old == "" {
				os.Remove(d.target)
			} else {
				os.Rename(d.old, d.target)
			}
		}
		atomicfile.SyncDir(s.dir)
		s.Discard()
		return hint.With(err, "nothing was changed: the old programs are in place")
	}
	for _, name := range Programs {
		target := filepath.Join(s.dir, name)
		old, moved, err := keepOld(s.dir, target)
		if err != nil {
			return undo(fmt.Errorf("keep the old %s: %w", target, err))
		}
		if err := rename(s.paths[name], target); err != nil {
			switch {
			case moved:
				os.Rename(old, target)
			case old != "":
				os.Remove(old)
			}
			return undo(fmt.Errorf("put the new %s in place: %w", name, err))
		}
		delete(s.paths, name)
		done = append(done, replaced{target, old})
	}
	if err := atomicfile.SyncDir(s.dir); err != nil {
		return undo(fmt.Errorf("flush %s: %w", s.dir, err))
	}
	for _, d := range done {
		if d.old != "" {
			// A running program cannot be removed on Windows; the next
			// update removes it (removeLeftovers).
			os.Remove(d.old)
		}
	}
	return nil
}

// keepOld keeps the program at target under a private name beside it, so
// that a failed update can put it back: a hard link, which leaves target
// in place; where there are none (and on Windows, where a running program
// cannot be replaced but can be moved), target is moved. It returns ""
// when there is no target.
func keepOld(dir, target string) (old string, moved bool, err error) {
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	old = atomicfile.TempName(dir, filepath.Base(target)+".old")
	if runtime.GOOS != "windows" && os.Link(target, old) == nil {
		return old, false, nil
	}
	if err := os.Rename(target, old); err != nil {
		return "", false, err
	}
	return old, true, nil
}

// writeSynced writes data to the new file path with mode 0755 and flushes
// it to disk.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o755) // whatever the umask
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeLeftovers removes the private files of updates that were killed
// in dir: staged programs and kept old ones (atomicfile.Leftover: their
// process is gone).
func removeLeftovers(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if atomicfile.Leftover(e.Name()) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
