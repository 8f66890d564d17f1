//go:build !unix

package manifest

import (
	"path/filepath"
)

// A root looks up entries of an SDK.
type root struct{ dir string }

func openRoot(dir string) (*root, error) { return &root{dir}, nil }

func (r *root) Close() error { return nil }

// lstat describes the entry name (slash-separated) without its hash.
func (r *root) lstat(name string) (Entry, error) {
	return stat(filepath.Join(r.dir, filepath.FromSlash(name)), name)
}
