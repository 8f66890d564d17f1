package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/layout"
)

// The projects gov knows are the directories gov use wrote a .go-version
// in, one absolute path a line in $GOV_HOME/projects, so that gov upgrade
// --pins, gov prune and gov outdated can see pins outside the working
// directory. Only gov use adds to the list; the shim never writes it.

// Projects returns the projects gov knows whose .go-version is still
// there, in the order they were added. A project whose pin is gone is
// left out (and dropped from the file by the next AddProject): reading
// changes nothing.
func (s *Store) Projects() ([]string, error) {
	data, err := os.ReadFile(s.Path(layout.Projects))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, line := range strings.Split(string(data), "\n") {
		dir := strings.TrimSuffix(line, "\r") // a path may start or end with a space
		if !filepath.IsAbs(dir) || slices.Contains(dirs, dir) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, layout.GoVersionFile)); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

// AddProject records dir, an absolute directory that holds a .go-version,
// among the projects gov knows. Two gov use at once both land: the file
// is rewritten under the store's projects lock, in one rename.
func (s *Store) AddProject(ctx context.Context, dir string) error {
	if !filepath.IsAbs(dir) || strings.ContainsAny(dir, "\n\r") {
		return errors.New("not a project directory: " + dir)
	}
	unlock, err := s.Lock(ctx, layout.Projects)
	if err != nil {
		return err
	}
	defer unlock()
	dirs, err := s.Projects()
	if err != nil {
		return err
	}
	if slices.Contains(dirs, dir) {
		return nil
	}
	dirs = append(dirs, dir)
	return atomicfile.Write(s.Path(layout.Projects), []byte(strings.Join(dirs, "\n")+"\n"), 0o644)
}
