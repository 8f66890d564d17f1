package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/layout"
)

// TestInstallMirrorFaults runs gov install against mirrors that fail in
// each way pkg/fetch's client tests cover one by one: an error then
// success, no answer, a cut or a stall mid-file (resumed, or for good),
// fewer or more bytes than the index lists (with and without a
// Content-Length), and a resume that splices in another file's bytes.
// Each install ends with the verified SDK, or with a one-line error that
// says what to do and the store as it was; never with a corrupt SDK or a
// corrupt download cache.
func TestInstallMirrorFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the mirror fault tests in -short mode")
	}
	bin := builtGov(t)
	rel := newFakeRelease("go1.22.3", 100, 1024, 3, nil)
	data := rel.Data
	half := len(data) / 2
	tampered := append(append([]byte{}, data[:len(data)-100]...), bytes.Repeat([]byte("x"), 100)...)
	longer := append(append([]byte{}, data...), "trailing bytes"...)

	tests := []struct {
		name string
		// serve answers the nth request (from 1) for the archive.
		serve func(n int, w http.ResponseWriter, r *http.Request, stop <-chan struct{})
		env   []string
		// requests is how many archive requests gov makes (at least,
		// with a read timeout: a loaded machine may stall once more);
		// err, if set, what its error says after "gov: ".
		requests int
		err      string
	}{
		{
			name: "500 then 200",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				if n == 1 {
					http.Error(w, "busy", http.StatusInternalServerError)
					return
				}
				serveBytes(w, r, data)
			},
			requests: 2,
		},
		{
			name: "cut mid-file, resumed",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				if n == 1 {
					cutAt(w, data, half)
					return
				}
				serveBytes(w, r, data)
			},
			requests: 2,
		},
		{
			name: "cut mid-file, the mirror ignores the range and starts over",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				if n == 1 {
					cutAt(w, data, half)
					return
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(data)))
				w.Write(data)
			},
			requests: 2,
		},
		{
			name: "stall mid-file, resumed",
			env:  []string{"GOV_READ_TIMEOUT=300ms"},
			serve: func(n int, w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
				if n == 1 {
					stallAt(w, r, data, half, stop)
					return
				}
				serveBytes(w, r, data)
			},
			requests: 2,
		},
		{
			name: "stall mid-file, every time",
			env:  []string{"GOV_READ_TIMEOUT=300ms"},
			serve: func(n int, w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
				stallAt(w, r, data, half, stop)
			},
			requests: 4,
			// A loaded machine may miss the headers of a resume in time:
			// that is a stall too.
			err: `install go1\.22\.3 from http://127\.0\.0\.1:\d+/files/go1\.22\.3\.linux-amd64\.tar\.gz: ` +
				`(download of http://\S+ failed after \d+ of ` + strconv.Itoa(len(data)) + ` bytes, 3 retries: no data for 300ms|` +
				`resume download of http://\S+ after \d+ bytes: GET http://\S+: net/http: timeout awaiting response headers)` +
				`; check the network and the mirror \(GOV_DL_BASE, GOV_DL_INDEX\), then retry; --source proxy gets Go from GOPROXY, --offline from the download cache`,
		},
		{
			// A server that accepts and never answers is asked once:
			// retries are for a connection that was made and broke.
			name: "no answer",
			env:  []string{"GOV_HEADER_TIMEOUT=300ms"},
			serve: func(n int, w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
				select {
				case <-r.Context().Done():
				case <-stop:
				}
			},
			requests: 1,
			err:      `download go1\.22\.3\.linux-amd64\.tar\.gz: GET http://\S+: net/http: timeout awaiting response headers; check the network and the mirror \(GOV_DL_BASE, GOV_DL_INDEX\), then retry; --source proxy gets Go from GOPROXY, --offline from the download cache`,
		},
		{
			name: "fewer bytes than the index lists",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				serveBytes(w, r, data[:len(data)-1000])
			},
			requests: 1,
			err:      `download go1\.22\.3\.linux-amd64\.tar\.gz: http://\S+ is ` + strconv.Itoa(len(data)-1000) + ` bytes, but the release index says ` + strconv.Itoa(len(data)) + `; the mirror serves another file than the index lists: use another mirror \(GOV_DL_BASE\), or check GOV_DL_INDEX`,
		},
		{
			name: "fewer bytes than the index lists, with no Content-Length",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				if r.Header.Get("Range") != "" {
					serveBytes(w, r, data[:len(data)-1000])
					return
				}
				chunked(w, data[:len(data)-1000])
			},
			requests: 2,
			err:      `install go1\.22\.3 from http://\S+: http://\S+ ends after ` + strconv.Itoa(len(data)-1000) + ` bytes, but the release index says ` + strconv.Itoa(len(data)) + `; the mirror serves another file than the index lists: use another mirror \(GOV_DL_BASE\), or check GOV_DL_INDEX`,
		},
		{
			name: "more bytes than the index lists",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				serveBytes(w, r, longer)
			},
			requests: 1,
			err:      `download go1\.22\.3\.linux-amd64\.tar\.gz: http://\S+ is ` + strconv.Itoa(len(longer)) + ` bytes, but the release index says ` + strconv.Itoa(len(data)) + `; the mirror serves another file than the index lists: use another mirror \(GOV_DL_BASE\), or check GOV_DL_INDEX`,
		},
		{
			name: "more bytes than the index lists, with no Content-Length",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				chunked(w, longer)
			},
			requests: 1,
			err:      `install go1\.22\.3 from http://\S+: http://\S+ sent more than the ` + strconv.Itoa(len(data)) + ` bytes the release index lists; the mirror serves another file than the index lists: use another mirror \(GOV_DL_BASE\), or check GOV_DL_INDEX`,
		},
		{
			name: "cut mid-file, resumed with another file's bytes",
			serve: func(n int, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
				if n == 1 {
					cutAt(w, data, half)
					return
				}
				serveBytes(w, r, tampered)
			},
			requests: 2,
			err:      `checksum mismatch for http://\S+: want sha256 ` + rel.SHA256 + `, got [0-9a-f]{64}; the download was deleted: retry, or use another mirror \(GOV_DL_BASE\)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			requests := 0
			stop := make(chan struct{})
			indexURL, baseURL := serveMirror(t, []fetchtest.Release{rel.release()}, func(w http.ResponseWriter, r *http.Request, _ string, _ []byte) {
				mu.Lock()
				requests++
				n := requests
				mu.Unlock()
				tt.serve(n, w, r, stop)
			})
			defer close(stop) // before the server closes: stalled handlers return
			home := filepath.Join(memTempDir(t), "gov")
			// The dl source alone: how its client meets each fault (auto's
			// fallback has tests of its own).
			env := govEnv(t, home, append(tt.env, "GOV_SOURCE=dl", "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)...)

			r := runProc(t, env, filepath.Join(bin, "gov"), "install", "--quiet", "1.22.3")
			if tt.err == "" {
				if r.code != 0 || r.stderr != "" {
					t.Fatalf("gov install 1.22.3: %v, want it installed", r)
				}
				if got := checkStore(t, home, rel); len(got) != 1 {
					t.Errorf("sdk/ holds %q after a successful install, want %s", got, rel.SDKName())
				}
			} else {
				want := regexp.MustCompile(`^gov: ` + tt.err + "\n$")
				if r.code != 1 || !want.MatchString(r.stderr) {
					t.Errorf("gov install 1.22.3: %v; want exit 1 and one line matching %s", r, want)
				}
				if got := dirNames(t, filepath.Join(home, layout.SDKDir)); len(got) != 0 {
					t.Errorf("sdk/ holds %q after a failed install, want nothing", got)
				}
			}
			if got := dirNames(t, filepath.Join(home, layout.TmpDir)); len(got) != 0 {
				t.Errorf("tmp/ holds %q after gov install, want nothing", got)
			}
			// The download cache holds the archive as the index lists it,
			// or nothing.
			cached, err := os.ReadFile(filepath.Join(home, layout.CacheDir, rel.SHA256+".tar.gz"))
			switch {
			case tt.err == "" && (err != nil || !bytes.Equal(cached, data)):
				t.Errorf("the download cache holds %d bytes (%v) after a successful install, want the archive's %d", len(cached), err, len(data))
			case tt.err != "" && err == nil:
				t.Errorf("the download cache holds %d bytes after a failed install, want nothing", len(cached))
			}
			mu.Lock()
			defer mu.Unlock()
			if requests != tt.requests && (tt.env == nil || requests < tt.requests) {
				t.Errorf("gov install made %d requests for the archive, want %d", requests, tt.requests)
			}
		})
	}
}

// serveBytes serves data as a file, with ranges.
func serveBytes(w http.ResponseWriter, r *http.Request, data []byte) {
	http.ServeContent(w, r, "archive.tar.gz", fixedTime, bytes.NewReader(data))
}

// cutAt promises all of data, sends the first n bytes and drops the
// connection.
func cutAt(w http.ResponseWriter, data []byte, n int) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data[:n])
	w.(http.Flusher).Flush()
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		conn.Close()
	}
}

// stallAt promises the rest of data from the requested offset, sends up
// to byte n (or a few bytes, if the offset is past it), then sends nothing
// until the client gives up or the test ends.
func stallAt(w http.ResponseWriter, r *http.Request, data []byte, n int, stop <-chan struct{}) {
	off := 0
	if rng := r.Header.Get("Range"); rng != "" {
		fmt.Sscanf(rng, "bytes=%d-", &off)
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", off, len(data)-1, len(data)))
		w.Header().Set("Content-Length", strconv.Itoa(len(data)-off))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	}
	w.Write(data[off:max(n, min(off+100, len(data)))])
	w.(http.Flusher).Flush()
	select {
	case <-r.Context().Done():
	case <-stop:
	}
}

// chunked sends data with no Content-Length.
func chunked(w http.ResponseWriter, data []byte) {
	w.Write(data[:len(data)/2])
	w.(http.Flusher).Flush()
	w.Write(data[len(data)/2:])
}
