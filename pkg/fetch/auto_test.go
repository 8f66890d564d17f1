package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
)

// deadDL is a dl source whose index and archives are at url.
func deadDL(t testing.TB, url string) *DL {
	return &DL{Client: NewClient(), IndexURL: url + "/dl/", BaseURL: url + "/files/",
		Cache: IndexCache{Dir: t.TempDir(), TTL: time.Hour}, Limits: DefaultLimits}
}

// autoWithProxy is auto over dl at dlURL and a working test proxy.
func autoWithProxy(t testing.TB, dlURL string) *Auto {
	_, url := testProxy(t, "go1.22.3")
	_, verifier, _, _ := fetchtest.SumDBKeys()
	src := proxySource(t, url, verifier)
	src.Client.Backoff = time.Millisecond
	src.Client.SetHeaderTimeout(ProxyHeaderTimeout) // it answers, however loaded the machine
	a := &Auto{DL: deadDL(t, dlURL), Proxy: src}
	return a
}

var linux = platform.Platform{OS: "linux", Arch: "amd64"}

// dead servers: a closed port, a server that answers 503, one that never
// answers.
func deadServers(t testing.TB) map[string]string {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	s503 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	t.Cleanup(s503.Close)
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(silent.Close)
	return map[string]string{"refused": closedURL, "503": s503.URL, "no answer": silent.URL}
}

func TestAutoFallsBack(t *testing.T) {
	t.Setenv("GOV_HEADER_TIMEOUT", "300ms")
	for name, url := range deadServers(t) {
		a := autoWithProxy(t, url)
		var said []string
		a.Log = func(format string, args ...any) { said = append(said, format) }
		vs, _, err := a.Versions(context.Background(), linux, false)
		if err != nil || len(vs) != 1 || vs[0].String() != "1.22.3" {
			t.Errorf("%s: Versions = %v, %v, want the proxy's [1.22.3]", name, vs, err)
		}
		if a.Name() != "proxy" || len(said) != 1 {
			t.Errorf("%s: Name() = %s, said %q; want proxy, one line", name, a.Name(), said)
		}
		// The next Auto (the next command) does not ask dl again.
		b := &Auto{DL: a.DL, Proxy: a.Proxy}
		b.DL.Client = nil // any use of dl would panic
		if _, _, err := b.Versions(context.Background(), linux, false); err != nil || b.Name() != "proxy" {
			t.Errorf("%s: the next Versions = %v (%s), want the proxy without asking dl", name, err, b.Name())
		}
	}
}

func TestAutoNoProxy(t *testing.T) {
	a := &Auto{DL: deadDL(t, deadServers(t)["refused"]), NoProxy: "GOPROXY=off"}
	_, _, err := a.Versions(context.Background(), linux, false)
	if err == nil || !strings.Contains(err.Error(), "GOPROXY=off leaves no module proxy") {
		t.Errorf("Versions with no proxy = %v, want an error naming GOPROXY=off", err)
	}
}

// BenchmarkAutoFallback measures the time from a dl source that cannot be
// reached to the proxy's list of versions: what GOV_SOURCE=auto costs a
// user before the proxy download starts. Each iteration is a new command
// (no memory of dl being down).
//
//	go test -run - -bench AutoFallback -benchtime 5x ./pkg/fetch/
func BenchmarkAutoFallback(b *testing.B) {
	servers := deadServers(b)
	for _, name := range []string{"refused", "503", "no answer"} {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				a := autoWithProxy(b, servers[name])
				a.DL.Client.Backoff = 250 * time.Millisecond // as shipped
				b.StartTimer()
				if _, _, err := a.Versions(context.Background(), linux, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A proxy that cannot be reached either, whether for its list or for the
// checksum database: one error that names both attempts.
func TestAutoBothDown(t *testing.T) {
	dead := deadServers(t)["refused"]
	_, verifier, _, _ := fetchtest.SumDBKeys()
	a := &Auto{DL: deadDL(t, dead), Proxy: proxySource(t, dead, verifier)}
	_, _, err := a.Versions(context.Background(), linux, false)
	if err == nil || !strings.Contains(err.Error(), "and the module proxy failed too") {
		t.Errorf("Versions = %v, want an error naming both", err)
	}
	a = &Auto{DL: deadDL(t, dead), Proxy: proxySource(t, dead, verifier)}
	a.Proxy.SumDBDir = t.TempDir()
	_, err = a.Fetch(context.Background(), gover.MustParse("1.22.3"), linux, t.TempDir(), func(string) (*os.File, error) { return os.CreateTemp(t.TempDir(), "") })
	if err == nil || !strings.Contains(err.Error(), "and the module proxy failed too") {
		t.Errorf("Fetch = %v, want an error naming both", err)
	}
}
