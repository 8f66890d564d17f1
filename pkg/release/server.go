package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/minisign"
	"github.com/gov-dev/gov/pkg/platform"
)

// Bounds on what a release server may send.
const (
	maxLatest  = 1 << 10
	maxSums    = 1 << 20
	maxSig     = 64 << 10
	maxArchive = 256 << 20
)

// unchanged is what to do when a release is refused: nothing was touched.
const unchanged = "nothing was changed; retry later, and if it happens again, tell gov's maintainers (or check " + EnvURL + ")"

// A Server is a release server: the base URL of the layout.
type Server struct {
	URL    string // the base URL, without a final slash (BaseURL)
	Client *fetch.Client
	Key    minisign.PublicKey // the key that signs every release
}

// Latest returns the tag of the newest release, as the server's latest
// file names it.
func (s *Server) Latest(ctx context.Context) (string, error) {
	url := s.URL + "/" + LatestFile
	data, err := s.get(ctx, url, maxLatest)
	if err != nil {
		return "", hint.Else(err, "check "+EnvURL+" (it names where gov's releases are)")
	}
	tag, err := ParseTag(strings.TrimSpace(string(data)))
	if err != nil {
		return "", hint.With(fmt.Errorf("%s: %v", url, err), "check "+EnvURL)
	}
	return tag, nil
}

// ArchiveURL is the address of release tag's archive for p.
func (s *Server) ArchiveURL(tag string, p platform.Platform) string {
	return URL(s.URL, tag, ArchiveName(tag, p))
}

// Programs downloads release tag's archive for p, checks that the
// release's key signed the SHA256SUMS that holds its hash, checks the
// hash and unpacks it. It returns the contents of each of Programs.
func (s *Server) Programs(ctx context.Context, tag string, p platform.Platform) (map[string][]byte, error) {
	sums, err := s.Sums(ctx, tag)
	if err != nil {
		return nil, err
	}
	name := ArchiveName(tag, p)
	want, ok := sums[name]
	if !ok {
		return nil, hint.New(fmt.Sprintf("gov %s has no build for %s (%s lists no %s)", tag, p, SumsFile, name), "gov releases are built for "+platformsIn(sums, tag))
	}
	url := URL(s.URL, tag, name)
	data, err := s.download(ctx, url)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != want {
		return nil, hint.With(&fetch.ChecksumError{URL: url, Want: want, Got: got}, unchanged)
	}
	files, err := Unpack(data)
	if err != nil {
		return nil, hint.With(fmt.Errorf("%s: %w", url, err), unchanged)
	}
	return files, nil
}

// Sums returns the SHA256SUMS of release tag, once its signature shows
// that the release key signed it for tag.
func (s *Server) Sums(ctx context.Context, tag string) (map[string]string, error) {
	sumsURL := URL(s.URL, tag, SumsFile)
	data, err := s.get(ctx, sumsURL, maxSums)
	if err != nil {
		return nil, notFound(err)
	}
	sig, err := s.get(ctx, URL(s.URL, tag, SigFile), maxSig)
	if err != nil {
		return nil, err
	}
	comment, err := minisign.Verify(s.Key, data, sig)
	if err != nil {
		return nil, hint.With(fmt.Errorf("verify %s: %w", sumsURL, err), unchanged)
	}
	// A release's signed file, served as another's, says so.
	if want := TrustedComment(tag); comment != want {
		return nil, hint.With(fmt.Errorf("verify %s: its trusted comment is %s, not %s: it was not signed for %s", sumsURL, hint.Quote(comment), hint.Quote(want), tag), unchanged)
	}
	sums, err := ParseSums(data)
	if err != nil {
		return nil, hint.With(fmt.Errorf("%s: %w", sumsURL, err), unchanged)
	}
	return sums, nil
}

// get fetches a small file of at most max bytes.
func (s *Server) get(ctx context.Context, url string, max int64) ([]byte, error) {
	resp, err := s.Client.Get(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if int64(len(data)) > max {
		return nil, hint.With(fmt.Errorf("%s is larger than %d bytes, which no release file is", url, max), unchanged)
	}
	return data, nil
}

// download fetches an archive, resuming it after cuts (fetch.Client.Open).
func (s *Server) download(ctx context.Context, url string) ([]byte, error) {
	body, err := s.Client.Open(ctx, url, 0)
	if err != nil {
		return nil, notFound(err)
	}
	defer body.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(body, maxArchive+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxArchive {
		return nil, hint.With(fmt.Errorf("%s is larger than %d MiB, which no gov release is", url, maxArchive>>20), unchanged)
	}
	return buf.Bytes(), nil
}

// notFound says what a 404 of a release's file means: no such release.
func notFound(err error) error {
	var h *fetch.HTTPError
	if errors.As(err, &h) && h.Status == 404 {
		return hint.With(err, "no such release: gov self update --check names the newest (or check "+EnvURL+")")
	}
	return err
}

// platformsIn lists the platforms SHA256SUMS has archives of tag for.
func platformsIn(sums map[string]string, tag string) string {
	var ps []string
	for name := range sums {
		if t, p, ok := ParseArchiveName(name); ok && t == tag {
			ps = append(ps, p.String())
		}
	}
	if len(ps) == 0 {
		return "no platform: its " + SumsFile + " lists no archive"
	}
	slices.Sort(ps)
	return strings.Join(ps, ", ")
}
