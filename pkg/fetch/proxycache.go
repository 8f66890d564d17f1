package fetch

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
)

// The proxy source's download cache: every zip it verified stays in
// CacheDir, named by its h1 hash, with a record of what the checksum
// database vouched for (cache.go). A reinstall unpacks it instead of
// downloading it: online once the database vouched for the same h1
// again, offline on the record's word. Either way the zip is hashed again
// first, and an entry whose zip, name and record do not agree is removed,
// never unpacked.

// errNotCached is a module zip the download cache does not hold.
var errNotCached = errors.New("not in the download cache")

// A CachedZipError is a cached module zip that is not the one the
// checksum database vouched for: changed on disk since it was cached, or
// its record is. The entry is removed by the time the error is returned.
type CachedZipError struct {
	Module string
	Path   string
	Want   string // the h1 of its name
	Got    string // what is wrong: "got h1:...", "its record is missing"
}

func (e *CachedZipError) Error() string {
	return fmt.Sprintf("the cached zip of %s is not the one the checksum database vouched for: want %s, %s", e.Module, e.Want, e.Got)
}

// fetchOffline writes Go v into dir from the cached zip of mod, with no
// network: the record beside the zip says what the checksum database
// vouched for, and the zip must hash to it.
func (p *Proxy) fetchOffline(ctx context.Context, mod module.Version, v gover.Version, dir string) (layout.Receipt, error) {
	r := layout.Receipt{Source: p.Name(), Module: mod.String()}
	rec, err := p.cachedRecord(mod)
	if errors.Is(err, errNotCached) {
		return r, hint.New(mod.String()+" is not in the download cache and offline mode is on", "run the install again without --offline (or unset GOV_OFFLINE)")
	}
	if err != nil {
		return r, err
	}
	rec, err = p.fromCache(ctx, mod, v, rec.H1, rec.SumDB, rec.TreeSize, dir)
	var damaged *CachedZipError
	switch {
	case errors.As(err, &damaged):
		return r, hint.With(err, "gov removed it: run the install again without --offline (or unset GOV_OFFLINE) to download it again")
	case errors.Is(err, errNotCached):
		// Removed since cachedRecord saw it (by gov prune, say).
		return r, hint.New(mod.String()+" is not in the download cache and offline mode is on", "run the install again without --offline (or unset GOV_OFFLINE)")
	case err != nil:
		return r, err
	}
	r.URL, r.H1, r.TreeSize, r.Verified = rec.URL, rec.H1, rec.TreeSize, verifiedBy(rec.SumDB, rec.TreeSize)
	return r, nil
}

// fromCache unpacks the cached zip of mod whose hash is h1 into dir, after
// checking that it hashes to h1 and that its record says the same, and
// returns the record. The database db vouched for h1 in its tree of size
// tree, for the log. errNotCached: no such entry; *CachedZipError: the
// entry was damaged, and is removed.
func (p *Proxy) fromCache(ctx context.Context, mod module.Version, v gover.Version, h1, db string, tree int64, dir string) (zipRecord, error) {
	name, ok := zipCacheName(h1)
	if p.CacheDir == "" || !ok {
		return zipRecord{}, errNotCached
	}
	path := filepath.Join(p.CacheDir, name)
	f, err := os.Open(path)
	if err != nil {
		return zipRecord{}, errNotCached
	}
	defer f.Close()
	// Checked and unpacked from the one open file: what was hashed is
	// what is installed, whatever happens to the path meanwhile.
	rec, err := checkCachedZipFile(f, path, mod, h1)
	if err != nil {
		var damaged *CachedZipError
		if errors.As(err, &damaged) {
			CachedArchive{Path: path, H1: h1}.Remove()
		}
		return rec, err
	}
	p.logf("unpacking %s from the download cache (%s, verified with checksum database %s, tree %d)", mod, h1, db, tree)
	return rec, p.unpack(ctx, f, mod, v, path, dir)
}

// checkCachedZip returns the record of the cached zip at path if both say
// it is the zip of mod with the hash h1, and the zip does hash to h1.
func checkCachedZip(path string, mod module.Version, h1 string) (zipRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return zipRecord{}, errNotCached
	}
	defer f.Close()
	return checkCachedZipFile(f, path, mod, h1)
}

// checkCachedZipFile is checkCachedZip for the zip open as f.
func checkCachedZipFile(f *os.File, path string, mod module.Version, h1 string) (zipRecord, error) {
	damaged := &CachedZipError{Module: mod.String(), Path: path, Want: h1}
	rec, err := readZipRecord(zipRecordPath(path))
	switch {
	case err != nil:
		damaged.Got = "but its record is missing or unreadable"
		return rec, damaged
	case rec.H1 != h1 || rec.Module != mod.String():
		damaged.Got = fmt.Sprintf("but its record says %s %s", rec.Module, rec.H1)
		return rec, damaged
	}
	got, err := hashZipFile(f)
	if err != nil {
		damaged.Got = "got a file that is not a zip"
		return rec, damaged
	}
	if got != h1 {
		damaged.Got = "got " + got
		return rec, damaged
	}
	return rec, nil
}

// hashZipFile is dirhash.HashZip of the zip open as f.
func hashZipFile(f *os.File) (string, error) {
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	z, err := zip.NewReader(f, fi.Size())
	if err != nil {
		return "", err
	}
	files := make([]string, 0, len(z.File))
	byName := make(map[string]*zip.File, len(z.File))
	for _, zf := range z.File {
		files = append(files, zf.Name)
		byName[zf.Name] = zf
	}
	return dirhash.Hash1(files, func(name string) (io.ReadCloser, error) { return byName[name].Open() })
}

// cachedRecord returns the record of the cached zip of mod.
func (p *Proxy) cachedRecord(mod module.Version) (zipRecord, error) {
	recs, err := p.cachedRecords()
	if err != nil {
		return zipRecord{}, err
	}
	var found []zipRecord
	for _, rec := range recs {
		if rec.Module == mod.String() {
			found = append(found, rec)
		}
	}
	switch len(found) {
	case 0:
		return zipRecord{}, errNotCached
	case 1:
		return found[0], nil
	}
	// Only checksum databases that disagree (GOSUMDB changed between
	// downloads) can have vouched for two zips of one module.
	return zipRecord{}, hint.New(fmt.Sprintf("the download cache holds %d zips of %s that checksum databases vouched for (%s, %s), so gov cannot tell which to trust offline", len(found), mod, found[0].SumDB, found[1].SumDB), "run the install again without --offline (or unset GOV_OFFLINE)")
}

// cachedRecords returns the records of the cached zips that agree with
// their names; whether the zips hash to them is checked before one is
// used.
func (p *Proxy) cachedRecords() ([]zipRecord, error) {
	if p.CacheDir == "" {
		return nil, nil
	}
	archives, err := CachedArchives(p.CacheDir)
	if err != nil {
		return nil, fmt.Errorf("read the download cache: %w", err)
	}
	var recs []zipRecord
	for _, a := range archives {
		if a.H1 == "" {
			continue
		}
		if rec, err := readZipRecord(zipRecordPath(a.Path)); err == nil && rec.H1 == a.H1 {
			recs = append(recs, rec)
		}
	}
	return recs, nil
}

// keep moves the downloaded zip f of mod, verified as r says, into the
// cache and writes its record beside it. Caching is best effort: an
// install does not fail because its download could not be kept.
func (p *Proxy) keep(f *os.File, mod module.Version, r layout.Receipt) {
	name, ok := zipCacheName(r.H1)
	if p.CacheDir == "" || !ok || f.Close() != nil || os.MkdirAll(p.CacheDir, 0o755) != nil {
		return
	}
	path := filepath.Join(p.CacheDir, name)
	if atomicfile.Rename(f.Name(), path) != nil {
		return
	}
	rec := zipRecord{Module: mod.String(), H1: r.H1, SumDB: p.SumDB.Name, TreeSize: r.TreeSize, URL: r.URL}
	if writeZipRecord(zipRecordPath(path), rec) != nil {
		os.Remove(path) // no zip without its record
	}
}

// cachedList is the offline list of toolchains: the @v/list the proxy
// source last read online, and the module versions of the cached zips.
func (p *Proxy) cachedList() ([]string, error) {
	none := hint.New("no cached list of Go toolchains ("+layout.ToolchainModule+") and offline mode is on", hint.Run("list-remote --source proxy")+" once without --offline (or unset GOV_OFFLINE)")
	if p.CacheDir == "" {
		return nil, none
	}
	recs, err := p.cachedRecords()
	if err != nil {
		return nil, err
	}
	list := []string{}
	data, err := readBounded(filepath.Join(p.CacheDir, toolchainListFile), maxListSize)
	switch {
	case err == nil:
		list = parseList(data)
	case len(recs) == 0:
		return nil, none
	}
	for _, rec := range recs {
		if path, version, ok := strings.Cut(rec.Module, "@"); ok && path == layout.ToolchainModule {
			list = append(list, version)
		}
	}
	return list, nil
}

// saveList keeps the @v/list read online for offline runs, best effort.
func (p *Proxy) saveList(list []string) {
	if p.CacheDir == "" || os.MkdirAll(p.CacheDir, 0o755) != nil {
		return
	}
	var b strings.Builder
	for _, mv := range list {
		b.WriteString(mv + "\n")
	}
	atomicfile.Write(filepath.Join(p.CacheDir, toolchainListFile), []byte(b.String()), 0o644)
}

// verifiedBy is a receipt's Verified for an h1 that database name vouched
// for in its tree of size tree.
func verifiedBy(name string, tree int64) string {
	return fmt.Sprintf("sumdb %s tree %d", name, tree)
}
