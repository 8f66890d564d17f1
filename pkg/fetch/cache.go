package fetch

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/atomicfile"
)

// The download cache ($GOV_HOME/cache) keeps what a reinstall needs
// offline. Its files are named here and nowhere else:
//
//	<sha256>.tar.gz, <sha256>.zip  an archive of the dl source, by the
//	                               SHA-256 the release index lists for it
//	h1-<hex>.zip                   a golang.org/toolchain zip of the proxy
//	                               source, by its h1 hash: the hex of the
//	                               SHA-256 that h1's base64 spells (a file
//	                               name cannot hold its / and +)
//	h1-<hex>.json                  beside each zip, written after it: the
//	                               module, the h1 and the checksum database
//	                               tree that vouched for it (a zipRecord)
//	golang.org-toolchain.list      the proxy's @v/list of golang.org/toolchain
//	                               as the proxy source last read it online
//	index-*                        the dl source's release index (IndexCache)

// A CachedArchive is a download kept in the cache (named by its SHA-256,
// or by its h1 for a module zip of the proxy source), so that a reinstall
// works offline.
type CachedArchive struct {
	Path   string
	SHA256 string // an archive of the dl source
	H1     string // a module zip of the proxy source
	Size   int64
}

// Remove removes the download from the cache, with the record beside a
// module zip: the record first, so that a record never stands without
// its zip.
func (a CachedArchive) Remove() error {
	if a.H1 != "" {
		if err := os.Remove(zipRecordPath(a.Path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return os.Remove(a.Path)
}

// CachedArchives lists the archives and module zips in the download cache
// dir; the records, the index, the list and anything else there are not
// listed.
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
		a := CachedArchive{Path: filepath.Join(dir, name)}
		if h1, ok := cachedZipH1(name); ok {
			a.H1 = h1
		} else if sum, ok := strings.CutSuffix(name, archiveExt(name)); ok && isLowerHex(sum, sha256.Size) {
			a.SHA256 = sum
		} else {
			continue
		}
		if !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		a.Size = fi.Size()
		out = append(out, a)
	}
	return out, nil
}

func archiveExt(filename string) string {
	if strings.HasSuffix(filename, ".zip") {
		return ".zip"
	}
	return ".tar.gz"
}

// zipCacheName is the cache's name for the module zip whose hash is h1;
// ok is false if h1 is not "h1:" and the base64 of a SHA-256.
func zipCacheName(h1 string) (name string, ok bool) {
	b64, ok := strings.CutPrefix(h1, "h1:")
	sum, err := base64.StdEncoding.Strict().DecodeString(b64)
	if !ok || err != nil || len(sum) != sha256.Size || base64.StdEncoding.EncodeToString(sum) != b64 {
		return "", false
	}
	return "h1-" + hex.EncodeToString(sum) + ".zip", true
}

// cachedZipH1 is the h1 hash a cached module zip's name says it has.
func cachedZipH1(name string) (h1 string, ok bool) {
	hx, ok := strings.CutPrefix(name, "h1-")
	hx, zip := strings.CutSuffix(hx, ".zip")
	if !ok || !zip || !isLowerHex(hx, sha256.Size) {
		return "", false
	}
	sum, _ := hex.DecodeString(hx)
	return "h1:" + base64.StdEncoding.EncodeToString(sum), true
}

// isLowerHex reports whether s is n bytes in lower-case hex.
func isLowerHex(s string, n int) bool {
	return len(s) == 2*n && strings.Trim(s, "0123456789abcdef") == ""
}

// zipRecordPath is where the record of the cached zip at zipPath is.
func zipRecordPath(zipPath string) string {
	return strings.TrimSuffix(zipPath, ".zip") + ".json"
}

// toolchainListFile is the cached @v/list of golang.org/toolchain.
const toolchainListFile = "golang.org-toolchain.list"

// A zipRecord is what the proxy source keeps beside a module zip it
// cached: what the checksum database vouched for when it was downloaded.
type zipRecord struct {
	Module   string `json:"module"`    // golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64
	H1       string `json:"h1"`        // the zip's hash, as the database has it
	SumDB    string `json:"sumdb"`     // the database's name
	TreeSize int64  `json:"tree_size"` // the size of its log that vouched for H1
	URL      string `json:"url"`       // where the zip came from (redacted)
}

// maxZipRecord bounds a record: a few hundred bytes.
const maxZipRecord = 64 << 10

func readZipRecord(path string) (zipRecord, error) {
	var rec zipRecord
	data, err := readBounded(path, maxZipRecord)
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, fmt.Errorf("%s: %v", path, err)
	}
	return rec, nil
}

func writeZipRecord(path string, rec zipRecord) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'), 0o644)
}

// readBounded reads the file at path, which may hold at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, limit)
	}
	return data, nil
}
