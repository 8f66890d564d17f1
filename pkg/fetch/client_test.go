package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/hint"
)

// testClient is NewClient with retries that do not wait.
func testClient(t *testing.T) *Client {
	t.Helper()
	c := NewClient()
	c.Backoff = time.Millisecond
	return c
}

// server is a loopback server that counts requests and records their
// Range headers.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	n      int
	ranges []string
}

func newServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.n++
		n := s.n
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		s.mu.Unlock()
		h(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() (int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, append([]string(nil), s.ranges...)
}

// payload is a download body that is not all one byte, so that a resume
// at the wrong offset shows.
var payload = func() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 100_000; i++ {
		fmt.Fprintf(&b, "%d,", i)
	}
	return b.Bytes()[:100_000]
}()

// cutAfter sends the first n bytes of data with the full length
// promised, then drops the connection.
func cutAfter(w http.ResponseWriter, data []byte, n int) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data[:n])
	w.(http.Flusher).Flush()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	}
}

func TestGetStatus(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int // answers in order; the last repeats
		want     int   // requests made
		wantErr  string
	}{
		{"ok", []int{200}, 1, ""},
		{"not found is final", []int{404}, 1, "GET http://127.0.0.1:PORT/f: 404 Not Found"},
		{"forbidden is final", []int{403}, 1, "403 Forbidden"},
		{"500 then 200", []int{500, 200}, 2, ""},
		{"503 502 then 200", []int{503, 502, 200}, 3, ""},
		{"429 then 200", []int{429, 200}, 2, ""},
		{"always 500", []int{500}, 4, "500 Internal Server Error (after 4 attempts)"},
		{"not modified", []int{304}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				code := tt.statuses[min(n, len(tt.statuses))-1]
				if code != 200 {
					w.WriteHeader(code)
					return
				}
				w.Write([]byte("hello"))
			})
			resp, err := testClient(t).Get(context.Background(), srv.URL+"/f", nil)
			n, _ := srv.requests()
			if n != tt.want {
				t.Errorf("Get(%s) made %d requests, want %d", tt.name, n, tt.want)
			}
			wantErr := strings.ReplaceAll(tt.wantErr, "127.0.0.1:PORT", srv.Listener.Addr().String())
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Get(%s) = %v, want success", tt.name, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(hint.Message(err), wantErr)):
				t.Errorf("Get(%s) = %v, want an error containing %q", tt.name, err, wantErr)
			}
			if err == nil {
				resp.Body.Close()
			}
			var herr *HTTPError
			if tt.wantErr != "" && !errors.As(err, &herr) {
				t.Errorf("Get(%s) = %T, want an *HTTPError", tt.name, err)
			}
		})
	}
}

// TestOpen downloads through cuts, resumes, stalls and mirrors that lie
// about the length.
func TestOpen(t *testing.T) {
	half := len(payload) / 2
	tests := []struct {
		name       string
		size       int64 // what the index says; 0: unknown
		handler    func(w http.ResponseWriter, r *http.Request, n int)
		wantErr    string // "" for a download of payload
		wantRanges []string
		stall      bool // use a short read timeout
	}{
		{
			name: "plain",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(payload))
			},
			wantRanges: []string{""},
		},
		{
			name: "cut once, resumed with Range",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					cutAfter(w, payload, half)
					return
				}
				http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(payload))
			},
			wantRanges: []string{"", "bytes=" + strconv.Itoa(half) + "-"},
		},
		{
			name: "cut twice, size unknown",
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				switch n {
				case 1:
					cutAfter(w, payload, 1000)
				case 2:
					w.Header().Set("Content-Range", fmt.Sprintf("bytes 1000-%d/%d", len(payload)-1, len(payload)))
					w.Header().Set("Content-Length", strconv.Itoa(len(payload)-1000))
					w.WriteHeader(http.StatusPartialContent)
					w.Write(payload[1000:half])
					w.(http.Flusher).Flush()
					conn, _, _ := w.(http.Hijacker).Hijack()
					conn.Close()
				default:
					http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(payload))
				}
			},
			wantRanges: []string{"", "bytes=1000-", "bytes=" + strconv.Itoa(half) + "-"},
		},
		{
			name: "server ignores Range",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					cutAfter(w, payload, half)
					return
				}
				w.Write(payload) // 200 with everything, whatever was asked
			},
			wantRanges: []string{"", "bytes=" + strconv.Itoa(half) + "-"},
		},
		{
			name: "server ignores Range and cuts before the offset",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				switch n {
				case 1:
					cutAfter(w, payload, half)
				case 2:
					cutAfter(w, payload, 1000) // 200, cut while gov skips what it has
				default:
					w.Write(payload)
				}
			},
			wantRanges: []string{"", "bytes=" + strconv.Itoa(half) + "-", "bytes=" + strconv.Itoa(half) + "-"},
		},
		{
			name: "cut every time",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				cutAfter(w, payload, 10)
			},
			wantErr:    "failed after 10 of 100000 bytes, 3 retries",
			wantRanges: []string{"", "bytes=10-", "bytes=10-", "bytes=10-"},
		},
		{
			// A resume that gets no answer is one more cut, not the end.
			name: "cut, then a resume with no answer, then resumed",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				switch n {
				case 1:
					cutAfter(w, payload, half)
				case 2:
					<-r.Context().Done()
				default:
					http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(payload))
				}
			},
			wantRanges: []string{"", "bytes=" + strconv.Itoa(half) + "-", "bytes=" + strconv.Itoa(half) + "-"},
			stall:      true,
		},
		{
			name: "resume answered 404",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					cutAfter(w, payload, half)
					return
				}
				http.NotFound(w, r)
			},
			wantErr:    "resume download of http://127.0.0.1:PORT/f after 50000 bytes: GET http://127.0.0.1:PORT/f: 404 Not Found",
			wantRanges: []string{"", "bytes=" + strconv.Itoa(half) + "-"},
		},
		{
			name: "stall mid-body",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
				w.Write(payload[:half])
				w.(http.Flusher).Flush()
				<-r.Context().Done() // stall until the client gives up
			},
			wantErr:    "no data for 500ms",
			wantRanges: []string{"", "bytes=50000-", "bytes=50000-", "bytes=50000-"},
			stall:      true,
		},
		{
			name: "stall before headers",
			size: int64(len(payload)),
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				<-r.Context().Done()
			},
			// A server that accepts and never answers is not retried:
			// it is unreachable (and GOV_SOURCE=auto falls back).
			wantErr:    "timeout awaiting response headers",
			wantRanges: []string{""},
			stall:      true,
		},
		{
			name: "longer than the index says",
			size: int64(len(payload)) - 1,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
				w.Write(payload)
			},
			wantErr:    "is 100000 bytes, but the release index says 99999; the mirror serves another file than the index lists: use another mirror (GOV_DL_BASE), or check GOV_DL_INDEX",
			wantRanges: []string{""},
		},
		{
			name: "shorter than the index says",
			size: int64(len(payload)) + 1,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
				w.Write(payload)
			},
			wantErr:    "is 100000 bytes, but the release index says 100001",
			wantRanges: []string{""},
		},
		{
			name: "longer than the index says, chunked",
			size: 1000,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Write(payload[:500])
				w.(http.Flusher).Flush() // no Content-Length: chunked
				w.Write(payload[500:])
			},
			wantErr:    "sent more than the 1000 bytes the release index lists",
			wantRanges: []string{""},
		},
		{
			name: "shorter than the index says, chunked",
			size: int64(len(payload)) + 1,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				w.Write(payload[:500])
				w.(http.Flusher).Flush()
				w.Write(payload[500:])
			},
			wantErr: "unexpected EOF",
		},
		{
			name: "shorter than the index says, chunked, the mirror honours ranges",
			size: int64(len(payload)) + 1,
			handler: func(w http.ResponseWriter, r *http.Request, n int) {
				if r.Header.Get("Range") != "" {
					http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(payload)) // 416: nothing there
					return
				}
				w.Write(payload[:500])
				w.(http.Flusher).Flush()
				w.Write(payload[500:])
			},
			wantErr:    "http://127.0.0.1:PORT/f ends after 100000 bytes, but the release index says 100001; the mirror serves another file than the index lists",
			wantRanges: []string{"", "bytes=100000-"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Long enough for a loaded machine under the race detector;
			// short where a stall is the point.
			t.Setenv("GOV_READ_TIMEOUT", map[bool]string{false: "20s", true: "500ms"}[tt.stall])
			t.Setenv("GOV_HEADER_TIMEOUT", map[bool]string{false: "20s", true: "500ms"}[tt.stall])
			srv := newServer(t, tt.handler)
			c := testClient(t)
			got, err := download(c, srv.URL+"/f", tt.size)
			wantErr := strings.ReplaceAll(tt.wantErr, "127.0.0.1:PORT", srv.Listener.Addr().String())
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("download(%s) = %v, want success", tt.name, err)
			case tt.wantErr == "" && !bytes.Equal(got, payload):
				t.Errorf("download(%s) = %d bytes (%.20q...), want the %d bytes of payload", tt.name, len(got), got, len(payload))
			case tt.wantErr != "" && (err == nil || !strings.Contains(hint.Message(err), wantErr)):
				t.Errorf("download(%s) = %v, want an error containing %q", tt.name, err, wantErr)
			}
			if _, ranges := srv.requests(); tt.wantRanges != nil && strings.Join(ranges, "|") != strings.Join(tt.wantRanges, "|") {
				t.Errorf("download(%s) asked for ranges %q, want %q", tt.name, ranges, tt.wantRanges)
			}
		})
	}
}

func download(c *Client, rawURL string, size int64) ([]byte, error) {
	body, err := c.Open(context.Background(), rawURL, size)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	return io.ReadAll(body)
}

// TestOpenCancel checks that cancelling the context ends a stalled
// download at once, without retries.
func TestOpenCancel(t *testing.T) {
	started := make(chan bool, 1)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.Write(payload[:100])
		w.(http.Flusher).Flush()
		started <- true
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	c := testClient(t)
	body, err := c.Open(ctx, srv.URL+"/f", int64(len(payload)))
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	go func() { <-started; cancel() }()
	_, err = io.ReadAll(body)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ReadAll(cancelled download) = %v, want context.Canceled", err)
	}
	if n, _ := srv.requests(); n != 1 {
		t.Errorf("cancelled download made %d requests, want 1", n)
	}
}

// TestPolicy checks which URLs gov fetches. Refused URLs make no
// request, so the non-loopback hosts here are never contacted.
func TestPolicy(t *testing.T) {
	local := filepath.Join(t.TempDir(), "index.json")
	if err := os.WriteFile(local, []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url      string
		insecure bool
		want     string // part of the error; "" if allowed
	}{
		{"https://go.dev/dl/", false, ""},
		{"file://" + filepath.ToSlash(local), false, ""},
		{"http://127.0.0.1:8080/dl/", false, ""},
		{"http://127.1.2.3/dl/", false, ""},
		{"http://[::1]:8080/dl/", false, ""},
		{"http://localhost/dl/", false, ""},
		{"http://mirror.example/dl/", false, "refusing plain http:// URL http://mirror.example/dl/; use https://, or set GOV_INSECURE=1 to allow it"},
		{"http://user:secret@mirror.example/dl/", false, "http://user:xxxxx@mirror.example/dl/"},
		{"http://10.0.0.1/dl/", false, "refusing plain http://"},
		{"http://localhost.example/dl/", false, "refusing plain http://"},
		{"http://mirror.example/dl/", true, ""},
		{"ftp://mirror.example/dl/", false, `unsupported URL "ftp://mirror.example/dl/"`},
		{"ftp://mirror.example/dl/", true, "unsupported URL"},
		{"mirror.example/dl/", false, "unsupported URL"},
	}
	for _, tt := range tests {
		if tt.insecure {
			t.Setenv("GOV_INSECURE", "1")
		} else {
			t.Setenv("GOV_INSECURE", "")
		}
		c := NewClient()
		u, _ := url.Parse(tt.url)
		err := c.checkURL(u)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("checkURL(%s, insecure=%v) = %v, want allowed", tt.url, tt.insecure, err)
		case tt.want != "" && (err == nil || !strings.Contains(hint.Message(err), tt.want)):
			t.Errorf("checkURL(%s, insecure=%v) = %v, want an error containing %q", tt.url, tt.insecure, err, tt.want)
		}
		if tt.want != "" {
			// Get refuses it too, before any request.
			_, err := c.Get(context.Background(), tt.url, nil)
			var perr *PolicyError
			if !errors.As(err, &perr) {
				t.Errorf("Get(%s, insecure=%v) = %v, want a *PolicyError", tt.url, tt.insecure, err)
			}
		}
	}
}

func TestGetFile(t *testing.T) {
	local := filepath.Join(t.TempDir(), "index.json")
	if err := os.WriteFile(local, []byte(`[{"version":"go1.22.3"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	resp, err := testClient(t).Get(context.Background(), "file://"+filepath.ToSlash(local), nil)
	if err != nil {
		t.Fatalf("Get(file://...) = %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if string(data) != `[{"version":"go1.22.3"}]` {
		t.Errorf("Get(file://...) = %q, want the file", data)
	}
}

// TestRedirect checks that a loopback mirror cannot redirect gov to a
// plain http:// URL elsewhere, unless GOV_INSECURE=1.
func TestRedirect(t *testing.T) {
	target := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte("redirected")) })
	// mirror.example is never resolved: the test's dialer sends every
	// connection to the loopback target.
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, "http://mirror.example/f", http.StatusFound)
		case "/ftp":
			http.Redirect(w, r, "ftp://mirror.example/f", http.StatusFound)
		case "/local":
			http.Redirect(w, r, target.URL+"/f", http.StatusFound)
		}
	})
	tests := []struct {
		path     string
		insecure bool
		want     string // the body, or part of the error
	}{
		{"/local", false, "redirected"},
		{"/away", false, "refusing plain http:// URL http://mirror.example/f"},
		{"/away", true, "redirected"},
		{"/ftp", true, "unsupported URL"},
	}
	for _, tt := range tests {
		t.Setenv("GOV_INSECURE", map[bool]string{true: "1"}[tt.insecure])
		c := testClient(t)
		tr := c.HTTP.Transport.(*http.Transport)
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if strings.HasPrefix(addr, "mirror.example:") {
				addr = target.Listener.Addr().String()
			}
			return (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		}
		resp, err := c.Get(context.Background(), srv.URL+tt.path, nil)
		got := ""
		if err != nil {
			got = err.Error()
			var perr *PolicyError
			if !errors.As(err, &perr) {
				t.Errorf("Get(%s, insecure=%v) = %T, want a *PolicyError", tt.path, tt.insecure, err)
			}
		} else {
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			got = string(data)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("Get(%s, insecure=%v) = %q, want %q", tt.path, tt.insecure, got, tt.want)
		}
	}
	if n, _ := target.requests(); n != 2 {
		t.Errorf("redirect target got %d requests, want 2 (the allowed redirects)", n)
	}
}

// TestUnreachable checks which failures GOV_SOURCE=auto falls back on, and
// that a server that cannot be reached is asked once, not four times.
func TestUnreachable(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + "/f"
	closed.Close()
	stalled := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { <-r.Context().Done() })
	status := func(code int) *server {
		return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(code) })
	}
	s503, s403, s404 := status(503), status(403), status(404)
	count := func(s *server) func() int { return func() int { n, _ := s.requests(); return n } }
	for _, tt := range []struct {
		name        string
		url         string
		unreachable bool
		requests    func() int
		want        int
	}{
		{"connection refused", closedURL, true, nil, 0},
		{"no answer", stalled.URL + "/f", true, count(stalled), 1},
		{"503 after the retries", s503.URL + "/f", true, count(s503), 4},
		{"403", s403.URL + "/f", true, count(s403), 1},
		{"404", s404.URL + "/f", false, count(s404), 1},
	} {
		c := testClient(t)
		if tt.name == "no answer" {
			c.SetHeaderTimeout(300 * time.Millisecond)
		} else {
			c.SetHeaderTimeout(time.Minute) // they answer, however loaded the machine
		}
		_, err := c.Get(context.Background(), tt.url, nil)
		if err == nil || Unreachable(err) != tt.unreachable {
			t.Errorf("Get(%s) = %v; Unreachable = %v, want %v", tt.name, err, Unreachable(err), tt.unreachable)
		}
		if tt.requests != nil && tt.requests() != tt.want {
			t.Errorf("Get(%s) made %d requests, want %d", tt.name, tt.requests(), tt.want)
		}
	}
	for _, err := range []error{&ChecksumError{}, &UnsafeArchiveError{}, &PolicyError{}, context.Canceled} {
		if Unreachable(err) {
			t.Errorf("Unreachable(%T) = true, want false: a refused answer never falls back", err)
		}
	}
}
