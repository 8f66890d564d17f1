package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/gov-dev/gov/pkg/layout"
)

func TestProjects(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := Open(filepath.Join(root, "home"))
	if got, err := s.Projects(); got != nil || err != nil {
		t.Errorf("Projects() of a new store = %q, %v, want none", got, err)
	}
	var dirs []string
	for i := range 8 {
		dir := filepath.Join(root, fmt.Sprint("p", i))
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, layout.GoVersionFile), []byte("1.22.3\n"), 0o644)
		dirs = append(dirs, dir)
	}
	// Concurrent adds all land (one lock, one rename each), once each.
	var wg sync.WaitGroup
	for _, d := range append(dirs, dirs...) {
		wg.Go(func() {
			if err := s.AddProject(ctx, d); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := s.Projects()
	if err != nil || len(got) != len(dirs) || !slices.Equal(slices.Sorted(slices.Values(got)), dirs) {
		t.Fatalf("Projects() = %q, %v, want %q", got, err, dirs)
	}
	// A project whose pin is gone is left out when read, and dropped
	// from the file by the next add; reading changes nothing.
	os.Remove(filepath.Join(dirs[0], layout.GoVersionFile))
	before, _ := os.ReadFile(s.Path(layout.Projects))
	if got, _ := s.Projects(); slices.Contains(got, dirs[0]) || len(got) != len(dirs)-1 {
		t.Errorf("Projects() = %q, want all but %s", got, dirs[0])
	}
	if after, _ := os.ReadFile(s.Path(layout.Projects)); string(after) != string(before) {
		t.Errorf("Projects() rewrote the file")
	}
	if err := s.AddProject(ctx, dirs[1]); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dirs[0], layout.GoVersionFile), []byte("1.22.3\n"), 0o644)
	if got, _ := s.Projects(); !slices.Contains(got, dirs[0]) {
		t.Errorf("Projects() = %q: the file was rewritten without a new project", got)
	}
	if err := s.AddProject(ctx, "relative/dir"); err == nil {
		t.Error("AddProject(relative) succeeded")
	}
}
