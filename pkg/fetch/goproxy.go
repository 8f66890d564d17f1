package fetch

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
)

// DefaultGOPROXY is the go command's default module proxy list.
const DefaultGOPROXY = "https://proxy.golang.org,direct"

// DirectToolchainURL is where "direct" finds golang.org/toolchain: the
// module proxy that the go-import tag at https://golang.org/toolchain?go-get=1
// names ("golang.org/toolchain mod https://go.dev/dl/mod").
const DirectToolchainURL = "https://go.dev/dl/mod"

// A ProxyEntry is one element of a GOPROXY list.
type ProxyEntry struct {
	// URL is a proxy's base URL, or "direct" or "off".
	URL string
	// FallBack is set when the entry is followed by "|": any error, not
	// only a 404 or 410 answer, moves on to the next entry.
	FallBack bool
}

// ParseGOPROXY parses a GOPROXY list the way the go command does: entries
// separated by "," (try the next one after a 404 or 410 answer) or "|"
// (after any error); "direct" and "off" end the list; a URL without a
// scheme is https://.
func ParseGOPROXY(s string) ([]ProxyEntry, error) {
	var list []ProxyEntry
	for s != "" {
		var entry string
		fallBack := false
		if i := strings.IndexAny(s, ",|"); i >= 0 {
			entry, fallBack, s = s[:i], s[i] == '|', s[i+1:]
		} else {
			entry, s = s, ""
		}
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if entry == "off" || entry == "direct" {
			// The go command ignores what follows, for forward compatibility.
			list = append(list, ProxyEntry{URL: entry})
			break
		}
		if strings.ContainsAny(entry, ".:/") && !strings.Contains(entry, ":/") && !filepath.IsAbs(entry) && !path.IsAbs(entry) {
			entry = "https://" + entry
		}
		if err := checkProxyURL(entry); err != nil {
			return nil, hint.New(fmt.Sprintf("invalid GOPROXY: %v", err), "set GOPROXY to a list such as https://proxy.golang.org,direct")
		}
		list = append(list, ProxyEntry{URL: strings.TrimSuffix(entry, "/"), FallBack: fallBack})
	}
	if len(list) == 0 {
		return nil, hint.New("invalid GOPROXY: the list has no entries", "set GOPROXY to a list such as https://proxy.golang.org,direct, or unset it")
	}
	return list, nil
}

func checkProxyURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL", raw)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("proxy URL %s has no host", u.Redacted())
		}
		return nil
	case "file":
		if *u != (url.URL{Scheme: u.Scheme, Path: u.Path, RawPath: u.RawPath}) {
			return fmt.Errorf("file:// proxy URL %s has more than a path", u.Redacted())
		}
		return nil
	case "":
		return fmt.Errorf("proxy URL %q has no scheme", raw)
	}
	return fmt.Errorf("proxy URL %s has scheme %q (want https, http or file)", u.Redacted(), u.Scheme)
}

// errProxyOff is the answer of the "off" entry.
var errProxyOff = notFound("module downloads disabled by GOPROXY=off")

// notFoundError is an answer that lets the next entry of a list be tried.
type notFoundError struct{ msg string }

func notFound(msg string) error          { return &notFoundError{msg} }
func (e *notFoundError) Error() string   { return e.msg }
func (e *notFoundError) Is(t error) bool { return t == fs.ErrNotExist }

// isNotFound reports whether err says "not here" (a 404 or 410 answer, a
// missing file) rather than "broken".
func isNotFound(err error) bool {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Status == http.StatusNotFound || h.Status == http.StatusGone
	}
	return errors.Is(err, fs.ErrNotExist)
}

// tryProxies calls f with each entry of list until one succeeds, or fails
// with an error that its separator does not fall through, or with a
// localError (such as a full disk) that no proxy can help with. It
// returns the most useful error: from "direct", else a proxy's failure,
// else the last "not found".
func tryProxies(list []ProxyEntry, f func(e ProxyEntry) error) error {
	if len(list) == 0 {
		return errors.New("GOPROXY list is empty")
	}
	const (
		notFoundRank = iota
		proxyRank
		directRank
	)
	var best error
	bestRank := notFoundRank
	for _, e := range list {
		err := f(e)
		if err == nil {
			return nil
		}
		var local *localError
		if errors.As(err, &local) {
			return err // no other proxy can help
		}
		nf := isNotFound(err)
		switch {
		case e.URL == "direct":
			best, bestRank = err, directRank
		case bestRank <= proxyRank && !nf:
			best, bestRank = err, proxyRank
		case bestRank == notFoundRank:
			best = err
		}
		if !e.FallBack && !nf {
			break
		}
	}
	return best
}

// A localError is a failure on this machine, such as a full disk, that
// no other proxy can help with.
type localError struct{ err error }

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// joinURL appends the slash-separated elem to the base URL of a proxy.
func joinURL(base, elem string) string {
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(elem, "/")
}
