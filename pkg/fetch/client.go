// Package fetch gets Go SDKs from where they are published and verifies
// them on the way into the store.
//
// A Client speaks HTTP(S) and file:// with the policy gov promises: plain
// http:// only to loopback hosts (or with GOV_INSECURE=1), bounded retries
// of transient failures, a read timeout instead of a hang, and resumed
// downloads. The dl source (dl.go) reads go.dev's release index and
// streams an archive through a SHA-256 hash, the download cache and the
// extractor (extract.go) in one pass. The proxy source (proxy.go) gets
// the golang.org/toolchain module from a GOPROXY list (goproxy.go) and
// checks its h1 hash with the checksum database (sumdb.go) before it
// unpacks it. Both are sources that package install resolves version
// specs against; the store hands a source the staging directory to fill,
// and fetch itself knows nothing of the store.
package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gov-dev/gov/pkg/hint"
)

// A Client fetches URLs for gov.
type Client struct {
	HTTP *http.Client
	// Insecure allows plain http:// to hosts other than loopback.
	Insecure bool
	// Retries is how many times a transient failure (a network error, a
	// 5xx or 429 answer, a cut or stalled body) is retried.
	Retries int
	// Backoff is the wait before the first retry; it doubles each time.
	Backoff time.Duration
	// ReadTimeout is the longest wait for the next byte of a body: a
	// download that keeps moving takes as long as it needs, one that
	// stalls this long is cut and resumed.
	ReadTimeout time.Duration
	// HeaderTimeout is the longest wait for an answer's headers once the
	// request is sent, and DialTimeout for a connection: a server that
	// cannot be reached, or accepts and never answers, fails the request
	// at once, without retries (Unreachable), so that GOV_SOURCE=auto
	// falls back quickly.
	HeaderTimeout time.Duration
	DialTimeout   time.Duration
}

// NewClient returns a Client configured from the environment:
// GOV_INSECURE=1 allows plain http://, GOV_READ_TIMEOUT (a duration such as
// 30s) bounds stalls of a body, GOV_HEADER_TIMEOUT (default 5s) the wait
// for an answer, GOV_DIAL_TIMEOUT (default 3s) the wait for a connection.
func NewClient() *Client {
	c := &Client{
		Insecure:      os.Getenv("GOV_INSECURE") == "1",
		Retries:       3,
		Backoff:       250 * time.Millisecond,
		ReadTimeout:   30 * time.Second,
		HeaderTimeout: 5 * time.Second,
		DialTimeout:   3 * time.Second,
	}
	for _, d := range []struct {
		env string
		to  *time.Duration
	}{{"GOV_READ_TIMEOUT", &c.ReadTimeout}, {"GOV_HEADER_TIMEOUT", &c.HeaderTimeout}, {"GOV_DIAL_TIMEOUT", &c.DialTimeout}} {
		if v, err := time.ParseDuration(os.Getenv(d.env)); err == nil && v > 0 {
			*d.to = v
		}
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: c.DialTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = c.HeaderTimeout
	t.ResponseHeaderTimeout = c.HeaderTimeout
	t.RegisterProtocol("file", http.NewFileTransport(http.Dir("/")))
	c.HTTP = &http.Client{
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("too many redirects")
			}
			return c.checkURL(req.URL)
		},
	}
	return c
}

// SetHeaderTimeout sets HeaderTimeout after NewClient.
func (c *Client) SetHeaderTimeout(d time.Duration) {
	c.HeaderTimeout = d
	if t, ok := c.HTTP.Transport.(*http.Transport); ok {
		t.ResponseHeaderTimeout = d
	}
}

// ProxyHeaderTimeout is the module proxies' HeaderTimeout: a proxy such as
// Athens may fetch a toolchain from upstream before it answers for it.
const ProxyHeaderTimeout = time.Minute

// NewProxyClient is NewClient for module proxies: ProxyHeaderTimeout
// unless GOV_HEADER_TIMEOUT says otherwise.
func NewProxyClient() *Client {
	c := NewClient()
	if os.Getenv("GOV_HEADER_TIMEOUT") == "" {
		c.SetHeaderTimeout(ProxyHeaderTimeout)
	}
	return c
}

// An HTTPError is a final answer other than success.
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// A TransferError is a request or a download that kept failing (no
// connection, no answer, a cut or a stall) after every retry: the network
// or the mirror is at fault, not the bytes.
type TransferError struct {
	msg string
	err error // the last failure
}

func (e *TransferError) Error() string { return e.msg }
func (e *TransferError) Unwrap() error { return e.err }

// A PolicyError is a URL that gov's transport policy refuses.
type PolicyError struct{ msg, hint string }

func (e *PolicyError) Error() string { return e.msg }
func (e *PolicyError) Hint() string  { return e.hint }

// CheckURL says whether the client may ask rawURL at all (a
// *PolicyError when not), as every request it makes checks first.
func (c *Client) CheckURL(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("bad URL %q: %v", rawURL, err)
	}
	return c.checkURL(u)
}

// checkURL enforces the transport policy.
func (c *Client) checkURL(u *url.URL) error {
	switch u.Scheme {
	case "https", "file":
		return nil
	case "http":
		if c.Insecure || isLoopback(u.Hostname()) {
			return nil
		}
		return &PolicyError{"refusing plain http:// URL " + u.Redacted(), "use https://, or set GOV_INSECURE=1 to allow it"}
	}
	return &PolicyError{fmt.Sprintf("unsupported URL %q", u.Redacted()), "use https://, file:// or http:// on loopback"}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Get fetches rawURL, retrying transient failures. A 304 answer is
// returned as is (for conditional requests); any other answer than 2xx is
// an *HTTPError. The caller closes the body.
func (c *Client) Get(ctx context.Context, rawURL string, header http.Header) (*http.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %v", rawURL, err)
	}
	if err := c.checkURL(u); err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, attempt); err != nil {
				return nil, err
			}
		}
		req, err := http.NewRequestWithContext(ctx, "GET", rawURL, nil)
		if err != nil {
			return nil, err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		req.Header.Set("User-Agent", "gov")
		resp, err := c.HTTP.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var perr *PolicyError
			if errors.As(err, &perr) {
				return nil, perr // a redirect to a URL the policy refuses
			}
			lastErr = fmt.Errorf("GET %s: %w", u.Redacted(), unwrapURLError(err))
			if noAnswer(err) {
				// Retries are for a connection that was made and broke.
				return nil, &TransferError{lastErr.Error(), lastErr}
			}
			continue
		}
		if resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusNotModified {
			return resp, nil
		}
		resp.Body.Close()
		lastErr = &HTTPError{URL: u.Redacted(), Status: resp.StatusCode}
		if !transientStatus(resp.StatusCode) {
			return nil, lastErr
		}
	}
	if _, ok := lastErr.(*HTTPError); ok {
		return nil, fmt.Errorf("%w (after %d attempts)", lastErr, c.Retries+1)
	}
	return nil, &TransferError{fmt.Sprintf("%v (after %d attempts)", lastErr, c.Retries+1), lastErr}
}

// noAnswer reports whether a request failed before the server answered
// anything: no name, no route, no connection, no TLS session, or no
// headers in time. Retrying such a request only makes the user wait.
func noAnswer(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var tlsErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &tlsErr), errors.As(err, &recErr):
		return true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true // the dial, the TLS handshake or the headers timed out
	}
	return false
}

// Unreachable reports whether err says that a server could not be
// reached at all (no connection, no answer, a 403 or 5xx after the
// retries), as opposed to an answer gov refuses (a checksum mismatch, an
// unsafe archive, a 404, a policy refusal): what GOV_SOURCE=auto falls
// back on.
func Unreachable(err error) bool {
	var transfer *TransferError
	var httpErr *HTTPError
	switch {
	case errors.As(err, &transfer):
		return true
	case errors.As(err, &httpErr):
		return UnreachableStatus(httpErr.Status)
	}
	return false
}

// UnreachableStatus reports whether an HTTP answer with code (after the
// retries) means the server cannot serve gov at all: 403 (a firewall's
// answer, as often as not) or 5xx.
func UnreachableStatus(code int) bool { return code == http.StatusForbidden || code >= 500 }

// Refused reports whether err is gov refusing what it got: a checksum
// mismatch, an unsafe archive, a checksum database that does not vouch
// for a zip or contradicts itself, a URL the transport policy refuses.
// Such an error is never answered by trying another source.
func Refused(err error) bool {
	var (
		sum    *ChecksumError
		unsafe *UnsafeArchiveError
		sec    *SecurityError
		mod    *ModuleChecksumError
		policy *PolicyError
	)
	return errors.As(err, &sum) || errors.As(err, &unsafe) || errors.As(err, &sec) || errors.As(err, &mod) || errors.As(err, &policy)
}

func unwrapURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}

func transientStatus(code int) bool {
	return code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout
}

func (c *Client) sleep(ctx context.Context, attempt int) error {
	d := c.Backoff << (attempt - 1)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// Open starts a download of rawURL, whose length is size bytes (0 or less:
// unknown). The returned body resumes (with a Range request) or restarts
// after a cut or a stall, up to c.Retries times, and fails if the mirror
// sends more or fewer bytes than size.
func (c *Client) Open(ctx context.Context, rawURL string, size int64) (*Body, error) {
	b := &Body{c: c, ctx: ctx, url: rawURL, size: size}
	if err := b.start(0); err != nil {
		return nil, err
	}
	return b, nil
}

// otherFile is what to do about a download whose length is not the one
// the release index lists.
const otherFile = "the mirror serves another file than the index lists: use another mirror (GOV_DL_BASE), or check GOV_DL_INDEX"

// A Body is a download that survives cuts and stalls.
type Body struct {
	c       *Client
	ctx     context.Context
	url     string
	size    int64 // expected length, or <= 0 if unknown
	n       int64 // bytes delivered to the reader
	resp    *http.Response
	cancel  context.CancelFunc
	stalled atomic.Bool
	pending error // a failure seen after delivering bytes; handled on next Read
	err     error // the download failed for good: every Read returns it
	retries int
	etag    string
}

// start (re)issues the request for the bytes from offset on.
func (b *Body) start(offset int64) error {
	ctx, cancel := context.WithCancel(b.ctx)
	h := http.Header{}
	if offset > 0 {
		h.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
		if b.etag != "" {
			h.Set("If-Range", b.etag)
		}
	}
	resp, err := b.c.Get(ctx, b.url, h)
	if err != nil {
		cancel()
		return err
	}
	if offset == 0 {
		b.etag = resp.Header.Get("ETag")
		if b.size > 0 && resp.ContentLength >= 0 && resp.ContentLength != b.size {
			resp.Body.Close()
			cancel()
			return hint.With(fmt.Errorf("%s is %d bytes, but the release index says %d", redact(b.url), resp.ContentLength, b.size), otherFile)
		}
		if b.size <= 0 {
			b.size = resp.ContentLength
		}
	}
	b.resp, b.cancel = resp, cancel
	if offset > 0 && resp.StatusCode != http.StatusPartialContent {
		// The server ignored the range: skip what we already have. A cut
		// or stall while skipping is one more cut, which Read resumes.
		if _, err := io.CopyN(io.Discard, b.timed(), offset); err != nil {
			if b.stalled.Load() {
				err = fmt.Errorf("no data for %v", b.c.ReadTimeout)
			}
			b.close()
			b.pending = err
		}
	}
	return nil
}

// Size is the download's length: the one Open was given, else the one
// the server announced; 0 or less when neither is known.
func (b *Body) Size() int64 { return b.size }

func (b *Body) close() {
	if b.resp != nil {
		b.resp.Body.Close()
		b.resp = nil
	}
	if b.cancel != nil {
		b.cancel()
	}
}

// timed returns the body as a reader whose every Read must make progress
// within ReadTimeout, else the request is cancelled.
func (b *Body) timed() io.Reader {
	return readerFunc(func(p []byte) (int, error) {
		b.stalled.Store(false)
		cancel := b.cancel
		t := time.AfterFunc(b.c.ReadTimeout, func() { b.stalled.Store(true); cancel() })
		n, err := b.resp.Body.Read(p)
		t.Stop()
		return n, err
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func (b *Body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.read(p)
	if err != nil && err != io.EOF {
		b.close()
		b.err = err
	}
	return n, err
}

func (b *Body) read(p []byte) (int, error) {
	for {
		if b.pending == nil && b.resp != nil {
			n, err := b.timed().Read(p)
			b.n += int64(n)
			if b.size > 0 && b.n > b.size {
				return 0, hint.With(fmt.Errorf("%s sent more than the %d bytes the release index lists", redact(b.url), b.size), otherFile)
			}
			if err == io.EOF && b.size > 0 && b.n < b.size {
				err = io.ErrUnexpectedEOF
			}
			if err == nil || err == io.EOF {
				return n, err
			}
			if b.stalled.Load() {
				err = fmt.Errorf("no data for %v", b.c.ReadTimeout)
			}
			b.pending = err
			if n > 0 {
				return n, nil
			}
		}
		if b.ctx.Err() != nil {
			return 0, b.ctx.Err()
		}
		// The connection was cut or stalled: resume.
		cut := b.pending
		b.close()
		if b.retries >= b.c.Retries {
			return 0, &TransferError{fmt.Sprintf("download of %s failed after %d of %s bytes, %d retries: %v", redact(b.url), b.n, sizeString(b.size), b.retries, cut), cut}
		}
		b.retries++
		if err := b.c.sleep(b.ctx, b.retries); err != nil {
			return 0, err
		}
		b.pending = nil
		if err := b.start(b.n); err != nil {
			var herr *HTTPError
			if errors.As(err, &herr) && herr.Status == http.StatusRequestedRangeNotSatisfiable && b.size > 0 {
				// The mirror's file ends where the body did.
				return 0, hint.With(fmt.Errorf("%s ends after %d bytes, but the release index says %d", redact(b.url), b.n, b.size), otherFile)
			}
			if Unreachable(err) && b.retries < b.c.Retries && b.ctx.Err() == nil {
				b.pending = err // a resume that got no answer is one more cut
				continue
			}
			return 0, fmt.Errorf("resume download of %s after %d bytes: %w", redact(b.url), b.n, err)
		}
	}
}

func (b *Body) Close() error {
	b.close()
	return nil
}

func sizeString(n int64) string {
	if n <= 0 {
		return "?"
	}
	return strconv.FormatInt(n, 10)
}

func redact(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Redacted()
	}
	return rawURL
}
