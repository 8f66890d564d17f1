package fetch

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A CachedArchive is a download kept in the cache (named by its SHA-256),
// so that a reinstall works offline.
type CachedArchive struct {
	Path   string
	SHA256 string
	Size   int64
}

// CachedArchives lists the archives in the download cache dir; the index
// and anything else there is not listed.
func CachedArchives(dir string) ([]CachedArchive, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []CachedArchive
	for _, e := range entries {
		name := e.Name()
		sum, ok := strings.CutSuffix(name, archiveExt(name))
		if !ok || !e.Type().IsRegular() || len(sum) != sha256.Size*2 || strings.Trim(sum, "0123456789abcdef") != "" {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, CachedArchive{Path: filepath.Join(dir, name), SHA256: sum, Size: fi.Size()})
	}
	return out, nil
}

func archiveExt(filename string) string {
	if strings.HasSuffix(filename, ".zip") {
		return ".zip"
	}
	return ".tar.gz"
}
