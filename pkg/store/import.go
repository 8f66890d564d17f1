package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// Import copies the SDK at src (a GOROOT already on disk, such as
// /usr/local/go) into the store after checking it is complete. Its receipt
// says it was imported, not verified.
func (s *Store) Import(ctx context.Context, src string, force bool) (layout.SDK, bool, error) {
	src, err := filepath.Abs(src)
	if err != nil {
		return layout.SDK{}, false, err
	}
	name, err := ReadVersionFile(src)
	if err != nil {
		return layout.SDK{}, false, fmt.Errorf("%s is %w: %w", src, ErrNotSDK, err)
	}
	v, _ := gover.Parse(name)
	if err := checkLayout(src); err != nil {
		return layout.SDK{}, false, fmt.Errorf("%s is %w: %w", src, ErrNotSDK, err)
	}
	p, err := toolPlatform(src)
	if err != nil {
		return layout.SDK{}, false, err
	}
	return s.Install(ctx, v, p, force, func(ctx context.Context, dir string, _ func(string) (*os.File, error)) (layout.Receipt, error) {
		if err := copyTree(ctx, src, dir); err != nil {
			return layout.Receipt{}, fmt.Errorf("copy %s: %w", src, err)
		}
		return layout.Receipt{Source: "import", URL: src, Verified: "imported from " + src + " (not verified)"}, nil
	})
}

// toolPlatform reads an SDK's platform from its pkg/tool/<goos>_<goarch>
// directory; where there are several (cross-compiled tools), the native
// platform wins.
func toolPlatform(goroot string) (platform.Platform, error) {
	entries, err := os.ReadDir(filepath.Join(goroot, "pkg", "tool"))
	if err != nil {
		return platform.Platform{}, fmt.Errorf("%s is %w: it has no pkg/tool directory", goroot, ErrNotSDK)
	}
	var found []platform.Platform
	for _, e := range entries {
		if p, err := platform.Parse(strings.Replace(e.Name(), "_", "-", 1)); err == nil && e.IsDir() {
			if p == platform.Native() {
				return p, nil
			}
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		return platform.Platform{}, fmt.Errorf("%s is %w: pkg/tool has no <goos>_<goarch> directory", goroot, ErrNotSDK)
	}
	return found[0], nil
}

// copyTree copies the directory tree src into the existing directory dst,
// keeping file modes and symbolic links.
func copyTree(ctx context.Context, src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if rel == "." || layout.OwnFile(filepath.ToSlash(rel)) {
			return nil
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if err := os.Mkdir(target, layout.DirMode); err != nil {
				return err
			}
			return os.Chmod(target, layout.DirMode)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.Type().IsRegular():
			return atomicfile.Copy(path, target, layout.FileMode(info.Mode()))
		}
		return nil // sockets, devices: not part of an SDK
	})
}
