package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/platform"
)

// A Release is one entry of go.dev's release index
// (https://go.dev/dl/?mode=json&include=all).
type Release struct {
	Version string `json:"version"` // go1.22.3
	Stable  bool   `json:"stable"`
	Files   []File `json:"files"`
}

// A File is one download of a release.
type File struct {
	Filename string `json:"filename"`
	OS       string `json:"os"`
	Arch     string `json:"arch"` // go.dev's names: armv6l, not arm
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
	Kind     string `json:"kind"` // archive, installer or source
}

// maxIndexSize bounds the release index (go.dev's is about 1 MB).
const maxIndexSize = 64 << 20

// ParseIndex decodes a release index. Releases whose version is not a Go
// version are dropped; file quirks (empty os/arch of source files, empty
// sha256 of old releases, size 0) are kept for the caller to judge.
func ParseIndex(data []byte) ([]Release, error) {
	var rels []Release
	if err := json.Unmarshal(data, &rels); err != nil {
		return nil, fmt.Errorf("release index is not JSON in go.dev's format: %v", err)
	}
	out := rels[:0]
	for _, r := range rels {
		if _, err := gover.Parse(r.Version); err == nil {
			out = append(out, r)
		}
	}
	return out, nil
}

// Archive returns the archive of version v for platform p: a .tar.gz,
// else a .zip, of kind "archive", from the first release in rels that is
// v and has one. Releases match by version, not by how the index spells
// it ("go1.20", "1.20", "go1.20.0" are one release).
func Archive(rels []Release, v gover.Version, p platform.Platform) (File, bool) {
	for _, r := range rels {
		if !isVersion(r, v) {
			continue
		}
		if f, ok := releaseArchive(r, p); ok {
			return f, true
		}
	}
	return File{}, false
}

// releaseArchive returns r's archive for p: its first .tar.gz, else its
// first .zip. (Old releases have two per platform: osx10.6 and osx10.8.)
func releaseArchive(r Release, p platform.Platform) (File, bool) {
	var found File
	ok := false
	for _, f := range r.Files {
		if f.Kind != "archive" || f.OS != p.OS || !archMatches(f.Arch, p) {
			continue
		}
		if filepath.Ext(f.Filename) == ".gz" {
			return f, true
		}
		if filepath.Ext(f.Filename) == ".zip" && !ok {
			found, ok = f, true
		}
	}
	return found, ok
}

// conflicting returns an archive for v and p that another listing of v in
// rels gives with another SHA-256 than f, the one Archive chose: an index
// that lists a release twice, differently, cannot be trusted to name the
// right bytes.
func conflicting(rels []Release, v gover.Version, p platform.Platform, f File) (File, bool) {
	for _, r := range rels {
		if !isVersion(r, v) {
			continue
		}
		if g, ok := releaseArchive(r, p); ok && !strings.EqualFold(g.SHA256, f.SHA256) {
			return g, true
		}
	}
	return File{}, false
}

func isVersion(r Release, v gover.Version) bool {
	w, err := gover.Parse(r.Version)
	return err == nil && gover.Compare(v, w) == 0
}

func archMatches(arch string, p platform.Platform) bool {
	if arch == p.DLArch() {
		return true
	}
	return p.OS == "linux" && p.Arch == "arm" && arch == "arm6" // go1.6beta1's one-off name
}

// Versions lists the versions in rels that have an archive for p, each
// once, in the order of rels.
func Versions(rels []Release, p platform.Platform) []gover.Version {
	var vs []gover.Version
	for _, r := range rels {
		v, err := gover.Parse(r.Version)
		if err != nil || slices.ContainsFunc(vs, func(w gover.Version) bool { return gover.Compare(v, w) == 0 }) {
			continue
		}
		if _, ok := releaseArchive(r, p); ok {
			vs = append(vs, v)
		}
	}
	return vs
}

// validSHA256 reports whether s is 64 lower- or upper-case hex digits.
func validSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

// indexMeta is stored beside a cached index.
type indexMeta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
}

// IndexCache is where and how long a release index is kept.
type IndexCache struct {
	Dir     string        // $GOV_HOME/cache
	TTL     time.Duration // how long a cached index is used without asking
	Offline bool          // use the cached index whatever its age
	// Note is told when an index that cannot be fetched is answered from
	// a copy cached past its TTL (releases are only ever added, so an old
	// copy is right about what it lists). Nil says nothing.
	Note func(msg string)
	// NoStale turns that answer off: the caller has another source to ask
	// first (GOV_SOURCE=auto).
	NoStale bool
}

// DefaultIndexTTL is how long a cached release index is used without
// asking the server again, and how long GOV_SOURCE=auto remembers that it
// could not be reached.
const DefaultIndexTTL = time.Hour

// IndexTTL is GOV_INDEX_TTL (a duration such as 10m) as getenv reads it,
// else DefaultIndexTTL.
func IndexTTL(getenv func(string) string) time.Duration {
	if d, err := time.ParseDuration(getenv("GOV_INDEX_TTL")); err == nil {
		return d
	}
	return DefaultIndexTTL
}

// DownFile names the file whose time says when the index at url was last
// found unreachable (GOV_SOURCE=auto then asks the proxy first until the
// TTL has passed).
func (ic IndexCache) DownFile(url string) string { return ic.indexBase(url) + ".down" }

// Down reports whether the index at url was found unreachable within the
// TTL, and when.
func (ic IndexCache) Down(url string) (time.Time, bool) {
	fi, err := os.Stat(ic.DownFile(url))
	if err != nil {
		return time.Time{}, false
	}
	return fi.ModTime(), time.Since(fi.ModTime()) < ic.TTL
}

// MarkDown records that the index at url cannot be reached now; ClearDown
// that it can. Both are best effort: the cache is an optimisation.
func (ic IndexCache) MarkDown(url string) {
	if os.MkdirAll(ic.Dir, 0o755) == nil {
		atomicfile.Write(ic.DownFile(url), nil, 0o644)
	}
}

func (ic IndexCache) ClearDown(url string) { os.Remove(ic.DownFile(url)) }

// indexFiles names the cache files of the index at url.
func (ic IndexCache) indexFiles(url string) (data, meta string) {
	base := ic.indexBase(url)
	return base + ".json", base + ".meta.json"
}

// summaryFile names the cached index's summary: in go.dev's format (so
// ParseIndex reads it), each release with only its archives' names,
// platforms and kind, a fifth of the index, which CachedVersions reads in
// a fraction of the time. Nothing that installs reads it.
func (ic IndexCache) summaryFile(url string) string {
	return ic.indexBase(url) + ".summary.json"
}

func (ic IndexCache) indexBase(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(ic.Dir, "index-"+hex.EncodeToString(sum[:6]))
}

type summaryRelease struct {
	Version string        `json:"version"`
	Files   []summaryFile `json:"files"`
}

type summaryFile struct {
	Filename string `json:"filename"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	Kind     string `json:"kind"`
}

// summarize keeps of rels what Versions looks at.
func summarize(rels []Release) []summaryRelease {
	out := make([]summaryRelease, 0, len(rels))
	for _, r := range rels {
		s := summaryRelease{Version: r.Version, Files: []summaryFile{}}
		for _, f := range r.Files {
			if ext := filepath.Ext(f.Filename); f.Kind == "archive" && (ext == ".gz" || ext == ".zip") {
				s.Files = append(s.Files, summaryFile{f.Filename, f.OS, f.Arch, f.Kind})
			}
		}
		out = append(out, s)
	}
	return out
}

// CachedVersions lists the versions of the release index cached for url
// that have an archive for p, as Versions does, whatever the cache's age.
// It only reads the cache: no request, no write, so that shell completion
// can call it on every key press. An error means there is no usable cache.
func (ic IndexCache) CachedVersions(url string, p platform.Platform) ([]gover.Version, error) {
	if data, err := os.ReadFile(ic.summaryFile(url)); err == nil {
		if rels, err := ParseIndex(data); err == nil {
			return Versions(rels, p), nil
		}
	}
	dataFile, _ := ic.indexFiles(url)
	data, err := os.ReadFile(dataFile)
	if err != nil {
		return nil, err
	}
	rels, err := ParseIndex(data)
	if err != nil {
		return nil, err
	}
	return Versions(rels, p), nil
}

// stale answers from the cached copy data (read with error cerr) when the
// index cannot be fetched (err), with a note; ok is false when there is no
// usable copy, or the failure is not the network's (a policy refusal).
func (ic IndexCache) stale(data []byte, cerr error, meta indexMeta, err error) ([]Release, bool) {
	if cerr != nil || ic.NoStale || !Unreachable(err) {
		return nil, false
	}
	rels, perr := ParseIndex(data)
	if perr != nil {
		return nil, false
	}
	if ic.Note != nil {
		age := "at an unknown time"
		if !meta.Fetched.IsZero() {
			age = humanAge(time.Since(meta.Fetched)) + " ago"
		}
		ic.Note(fmt.Sprintf("note: %s; using the release index cached %s", hint.OneLine(err.Error()), age))
	}
	return rels, true
}

// humanAge is d for a note: "3 days", "5 hours", "1 minute", "0 seconds".
func humanAge(d time.Duration) string {
	n, unit := int(d.Seconds()), "second"
	switch {
	case d >= 48*time.Hour:
		n, unit = int(d.Hours()/24), "day"
	case d >= time.Hour:
		n, unit = int(d.Hours()), "hour"
	case d >= time.Minute:
		n, unit = int(d.Minutes()), "minute"
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// FetchIndex returns the release index at url: from the cache while it is
// fresh (or offline), else with a conditional GET that refreshes it. With
// refresh set the cache is revalidated even when fresh. It reports whether
// the answer came from the network.
func (c *Client) FetchIndex(ctx context.Context, url string, ic IndexCache, refresh bool) ([]Release, bool, error) {
	dataFile, metaFile := ic.indexFiles(url)
	cached, cerr := os.ReadFile(dataFile)
	var meta indexMeta
	if cerr == nil {
		if m, err := os.ReadFile(metaFile); err == nil {
			json.Unmarshal(m, &meta)
		}
	}
	if cerr == nil && (ic.Offline || (!refresh && time.Since(meta.Fetched) < ic.TTL)) {
		rels, err := ParseIndex(cached)
		if err == nil {
			return rels, false, nil
		}
		cerr = err // a damaged cache: fetch again
	}
	if ic.Offline {
		return nil, false, hint.New("no cached release index for "+redact(url)+" and offline mode is on", hint.Run("list-remote")+" once without --offline (or unset GOV_OFFLINE)")
	}
	h := http.Header{}
	if cerr == nil {
		if meta.ETag != "" {
			h.Set("If-None-Match", meta.ETag)
		}
		if meta.LastModified != "" {
			h.Set("If-Modified-Since", meta.LastModified)
		}
	}
	resp, err := c.Get(ctx, url, h)
	if err != nil {
		err = fmt.Errorf("fetch release index: %w", err)
		if rels, ok := ic.stale(cached, cerr, meta, err); ok {
			return rels, false, nil
		}
		return nil, false, err
	}
	defer resp.Body.Close()
	data := cached
	fresh := resp.StatusCode != http.StatusNotModified || cerr != nil
	if fresh {
		data, err = io.ReadAll(io.LimitReader(resp.Body, maxIndexSize+1))
		if err != nil {
			return nil, false, fmt.Errorf("fetch release index %s: %v", redact(url), err)
		}
		if len(data) > maxIndexSize {
			return nil, false, fmt.Errorf("release index %s is larger than %d bytes", redact(url), maxIndexSize)
		}
	}
	rels, err := ParseIndex(data)
	if err != nil {
		return nil, false, hint.With(fmt.Errorf("%s: %w", redact(url), err), checkIndex)
	}
	meta = indexMeta{URL: url, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Fetched: time.Now()}
	if err := os.MkdirAll(ic.Dir, 0o755); err == nil {
		// The cache is an optimisation: failing to write it is not an
		// error. After a 304, only the time it was checked changes. The
		// summary goes first and comes last, so that it never stays
		// beside an index it does not summarise.
		summary := ic.summaryFile(url)
		if fresh {
			os.Remove(summary)
		}
		if !fresh || atomicfile.Write(dataFile, data, 0o644) == nil {
			if m, err := json.Marshal(meta); err == nil {
				atomicfile.Write(metaFile, m, 0o644)
			}
			if _, err := os.Stat(summary); err != nil {
				if s, err := json.Marshal(summarize(rels)); err == nil {
					atomicfile.Write(summary, s, 0o644)
				}
			}
		}
	}
	return rels, true, nil
}
