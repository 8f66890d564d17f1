package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/killpoint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// Default locations of the dl source.
const (
	DefaultIndexURL = "https://go.dev/dl/?mode=json&include=all"
	DefaultBaseURL  = "https://dl.google.com/go/"
)

// DL is the dl source: go.dev's release index for versions and SHA-256
// hashes, and archives under a base URL that may be any mirror, since
// every byte is checked against the index.
type DL struct {
	Client   *Client
	IndexURL string
	BaseURL  string
	Cache    IndexCache
	Limits   Limits
	Progress ProgressFunc
	Log      func(format string, args ...any)

	rels    []Release
	network bool // rels came from the network in this run
}

// A Progress shows the bytes of one download as they arrive.
type Progress interface {
	io.Writer
	Done()
}

// A ProgressFunc starts showing a download of total bytes (<= 0: unknown).
type ProgressFunc func(desc string, total int64) Progress

// A ChecksumError is a download whose hash is not the published one.
type ChecksumError struct {
	URL       string
	Want, Got string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("checksum mismatch for %s: want sha256 %s, got %s", redact(e.URL), e.Want, e.Got)
}

func (e *ChecksumError) Hint() string {
	return "the download was deleted: retry, or use another mirror (GOV_DL_BASE)"
}

// Name is the source's name in receipts and messages.
func (d *DL) Name() string { return "dl" }

// Origin says where the source's versions come from, for messages: the
// release index's URL.
func (d *DL) Origin() string { return redact(d.IndexURL) }

func (d *DL) releases(ctx context.Context, refresh bool) ([]Release, error) {
	if d.rels != nil && (!refresh || d.network) {
		return d.rels, nil
	}
	rels, network, err := d.Client.FetchIndex(ctx, d.IndexURL, d.Cache, refresh)
	if err != nil {
		return nil, err
	}
	d.rels, d.network = rels, network
	return rels, nil
}

// Versions lists the versions that have an archive for p. With refresh
// set, a cached index is revalidated first (for a version the cache may
// not know yet); it reports whether that could change the answer.
func (d *DL) Versions(ctx context.Context, p platform.Platform, refresh bool) ([]gover.Version, bool, error) {
	if refresh && (d.network || d.Cache.Offline) {
		return nil, false, nil
	}
	rels, err := d.releases(ctx, refresh)
	if err != nil {
		return nil, false, dlHint(err)
	}
	return Versions(rels, p), true, nil
}

// Releases returns the whole index.
func (d *DL) Releases(ctx context.Context) ([]Release, error) { return d.releases(ctx, false) }

// checkIndex is what to do about a release index that lists something
// gov cannot trust.
const checkIndex = "check GOV_DL_INDEX"

// Fetch writes the SDK for v and p into dir: from the download cache when
// it holds the archive (re-verified), else from BaseURL, streaming the
// archive through its SHA-256 hash, the cache and the extractor at once.
// The partial download is a temp file (on dir's filesystem, so that it
// can be renamed into the cache).
func (d *DL) Fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(purpose string) (*os.File, error)) (layout.Receipt, error) {
	r, err := d.fetch(ctx, v, p, dir, temp)
	return r, dlHint(err)
}

func (d *DL) fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(purpose string) (*os.File, error)) (layout.Receipt, error) {
	rels, err := d.releases(ctx, false)
	if err != nil {
		return layout.Receipt{}, err
	}
	f, ok := Archive(rels, v, p)
	if !ok {
		return layout.Receipt{}, fmt.Errorf("%s has no archive for %s in the release index", v.Toolchain(), p)
	}
	if g, ok := conflicting(rels, v, p, f); ok {
		return layout.Receipt{}, hint.New(fmt.Sprintf("release index lists %s more than once, with different SHA-256s for %s (%s, %s), so gov cannot tell which to trust", v.Toolchain(), p, hint.Quote(f.Filename), hint.Quote(g.Filename)), checkIndex)
	}
	if !plainFileName(f.Filename) {
		return layout.Receipt{}, hint.New("release index has a bad file name "+hint.Quote(f.Filename), checkIndex)
	}
	if f.SHA256 == "" {
		return layout.Receipt{}, hint.New(fmt.Sprintf("%s for %s has no published SHA-256 in the release index, so gov cannot verify it", v.Toolchain(), p), "pick a newer release, or gov import an SDK you trust")
	}
	if !validSHA256(f.SHA256) {
		return layout.Receipt{}, hint.New(fmt.Sprintf("release index lists %s for %s with the SHA-256 %s, which is not 64 hex digits", v.Toolchain(), p, hint.Quote(f.SHA256)), checkIndex)
	}
	if f.Size < 0 || f.Size > d.Limits.MaxBytes {
		return layout.Receipt{}, hint.New(fmt.Sprintf("release index lists %s as %d bytes, which cannot be a Go SDK", f.Filename, f.Size), checkIndex)
	}
	want := strings.ToLower(f.SHA256)
	rawURL, err := archiveURL(d.BaseURL, f.Filename)
	if err != nil {
		return layout.Receipt{}, err
	}
	receipt := layout.Receipt{Source: d.Name(), URL: redact(rawURL), SHA256: want, Verified: "sha256 from " + redact(d.IndexURL)}
	cached := filepath.Join(d.Cache.Dir, want+archiveExt(f.Filename))

	if in, err := os.Open(cached); err == nil {
		d.logf("unpacking %s from the download cache", f.Filename)
		got, xerr := d.unpack(ctx, in, in, f, dir, nil)
		in.Close()
		if got == want && xerr == nil {
			return receipt, nil
		}
		if err := emptyDir(dir); err != nil {
			return receipt, err
		}
		if got == want {
			// The archive is the verified one: the disk failed (or the
			// archive is not an SDK). Keep it for the retry.
			return receipt, xerr
		}
		// A damaged cache entry: forget it and download again.
		os.Remove(cached)
	}
	if d.Cache.Offline {
		return receipt, hint.New(f.Filename+" is not in the download cache and offline mode is on", "run the install again without --offline (or unset GOV_OFFLINE)")
	}

	partial, err := temp("dl")
	if err != nil {
		return receipt, err
	}
	defer func() {
		partial.Close()
		os.Remove(partial.Name()) // renamed into the cache on success
	}()
	body, err := d.Client.Open(ctx, rawURL, f.Size)
	if err != nil {
		return receipt, fmt.Errorf("download %s: %w", f.Filename, err)
	}
	defer body.Close()
	d.logf("downloading %s (%s) from %s", f.Filename, HumanBytes(f.Size), redact(rawURL))
	var prog Progress
	if d.Progress != nil {
		prog = d.Progress(f.Filename, f.Size)
	}
	got, xerr := d.unpack(ctx, body, partial, f, dir, writers(partial, prog))
	if prog != nil {
		prog.Done()
	}
	if got != want && got != "" {
		return receipt, &ChecksumError{URL: rawURL, Want: want, Got: got}
	}
	if xerr != nil {
		return receipt, fmt.Errorf("install %s from %s: %w", v.Toolchain(), redact(rawURL), xerr)
	}
	killpoint.At("after-extract")
	killpoint.PauseAt(ctx, "after-extract")
	if err := partial.Close(); err == nil {
		if os.MkdirAll(d.Cache.Dir, 0o755) == nil {
			atomicfile.Rename(partial.Name(), cached)
		}
	}
	killpoint.At("after-cache")
	killpoint.PauseAt(ctx, "after-cache")
	return receipt, nil
}

// unpack streams r through the hash, the extra writer and the extractor,
// and returns the SHA-256 of every byte read from r ("" if reading r
// failed). An archive that fails to unpack is still read to its end, so
// that a corrupt download is reported as a checksum mismatch. spool is
// the file that holds every byte of r once r is read (the cached archive,
// or the download that extra writes): a zip is extracted from it.
func (d *DL) unpack(ctx context.Context, r io.Reader, spool *os.File, f File, dir string, extra io.Writer) (sum string, err error) {
	h := sha256.New()
	var w io.Writer = h
	if extra != nil {
		w = io.MultiWriter(h, extra)
	}
	rec := &readErr{r: r}
	tr := io.TeeReader(rec, w)
	if archiveExt(f.Filename) == ".zip" {
		return d.unpackZip(ctx, tr, rec, h, spool, f, dir)
	}
	xerr := ExtractTarGz(ctx, tr, dir, "go/", d.Limits)
	if _, err := io.Copy(io.Discard, io.LimitReader(tr, d.Limits.MaxBytes)); err != nil && rec.err == nil {
		rec.err = err
	}
	if rec.err != nil {
		// The source failed: that is the error, whatever the extractor said.
		return "", rec.err
	}
	return hex.EncodeToString(h.Sum(nil)), xerr
}

// unpackZip reads a zip (which cannot be extracted as a stream) to its
// end, verifies it, then extracts it from spool.
func (d *DL) unpackZip(ctx context.Context, tr io.Reader, rec *readErr, h hash.Hash, spool *os.File, f File, dir string) (string, error) {
	if _, err := io.Copy(io.Discard, tr); err != nil {
		if rec.err != nil {
			return "", rec.err
		}
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if sum != strings.ToLower(f.SHA256) {
		return sum, nil // the caller reports the mismatch; nothing unpacked
	}
	return sum, ExtractZip(ctx, spool, dir, "go/", d.Limits)
}

// readErr remembers the error of the underlying reader, to tell a failed
// download from a bad archive.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

func writers(f *os.File, p Progress) io.Writer {
	if p == nil {
		return f
	}
	return io.MultiWriter(f, p)
}

func (d *DL) logf(format string, args ...any) {
	if d.Log != nil {
		d.Log(format, args...)
	}
}

// dlHint says what to do about a failure of the dl source that does not
// say it already: the mirror and the index are the user's to change.
func dlHint(err error) error {
	var unsafe *UnsafeArchiveError
	var httpErr *HTTPError
	var transferErr *TransferError
	switch {
	case err == nil || hint.Of(err) != "":
		return err
	case errors.As(err, &unsafe):
		return hint.With(err, "nothing was installed: the archive is not a safe Go SDK, so use another mirror (GOV_DL_BASE)")
	case errors.As(err, &httpErr):
		return hint.With(err, "check the mirror (GOV_DL_BASE, GOV_DL_INDEX) or retry later; --source proxy gets Go from GOPROXY, --offline from the download cache")
	case errors.As(err, &transferErr):
		return hint.With(err, "check the network and the mirror (GOV_DL_BASE, GOV_DL_INDEX), then retry; --source proxy gets Go from GOPROXY, --offline from the download cache")
	}
	return err
}

func archiveURL(base, filename string) (string, error) {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("GOV_DL_BASE %q is not a URL: %v", base, err)
	}
	return u.JoinPath(filename).String(), nil
}

// plainFileName reports whether an archive's name from the index can be
// put after the mirror's URL and into messages as it is: one short path
// element of printable characters.
func plainFileName(name string) bool {
	if name == "" || name[0] == '.' || len(name) > 255 || strings.ContainsAny(name, "/\\") {
		return false
	}
	for _, r := range name {
		if r < ' ' || r == 0x7f || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// emptyDir removes everything inside dir.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// HumanBytes is n for a message: 67.1 MB. Zero or less is "size unknown".
func HumanBytes(n int64) string {
	switch {
	case n <= 0:
		return "size unknown"
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
