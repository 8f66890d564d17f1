package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/mod/module"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/spec"
	"github.com/gov-dev/gov/pkg/store"
)

func TestToolchainVersion(t *testing.T) {
	for _, tt := range []struct {
		v, p, want string
	}{
		{"1.22.3", "linux-amd64", "v0.0.1-go1.22.3.linux-amd64"},
		{"1.22.3", "linux-armv6l", "v0.0.1-go1.22.3.linux-arm"},
		{"1.21rc2", "darwin-arm64", "v0.0.1-go1.21rc2.darwin-arm64"},
		{"1.20", "windows-amd64", "v0.0.1-go1.20.windows-amd64"},
	} {
		p, err := platform.Parse(tt.p)
		if err != nil {
			t.Fatal(err)
		}
		v := gover.MustParse(tt.v)
		if got := layout.ToolchainVersion(v, p); got != tt.want {
			t.Errorf("layout.ToolchainVersion(%v, %v) = %q, want %q", tt.v, tt.p, got, tt.want)
		}
		if got, ok := parseToolchainVersion(tt.want, p); !ok || gover.Compare(got, v) != 0 {
			t.Errorf("parseToolchainVersion(%q, %v) = %v, %v, want %v", tt.want, p, got, ok, v)
		}
	}
	amd64 := platform.Platform{OS: "linux", Arch: "amd64"}
	for _, mv := range []string{
		"v0.0.1-go1.22.3.linux-arm64",   // another platform
		"v0.0.1-go1.22.3.linux-amd64p",  // not quite
		"v0.0.1-go1.20.0.linux-amd64",   // not canonical: go1.20
		"v0.0.2-go1.22.3.linux-amd64",   // not the toolchain prefix
		"v0.0.1-1.22.3.linux-amd64",     // no go
		"v0.0.1-gotip.linux-amd64",      // not a version
		"v0.0.1-go1.22.3.linux-amd64.x", // trailing junk
	} {
		if v, ok := parseToolchainVersion(mv, amd64); ok {
			t.Errorf("parseToolchainVersion(%q, %v) = %v, true, want false", mv, amd64, v)
		}
	}
}

func TestFixToolchain(t *testing.T) {
	dir := t.TempDir()
	files := map[string]os.FileMode{
		"bin/go":                       0o755,
		"bin/gofmt":                    0o755,
		"pkg/tool/linux_amd64/compile": 0o755,
		"lib/wasm/go_js_wasm_exec":     0o755,
		"lib/wasm/go_wasip1_wasm_exec": 0o755,
		"lib/wasm/wasm_exec.js":        0o644,
		"lib/time/zoneinfo.zip":        0o644,
		"src/fmt/print.go":             0o644,
		"misc/go_android_exec":         0o644, // not under lib/
		"VERSION":                      0o644,
	}
	for name := range files {
		write(t, filepath.Join(dir, name), "x")
	}
	write(t, filepath.Join(dir, "src", "_go.mod"), "module std\n")
	write(t, filepath.Join(dir, "src", "cmd", "_go.mod"), "module cmd\n")
	if err := fixToolchain(dir); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]string{"src/go.mod": "module std\n", "src/cmd/go.mod": "module cmd\n"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(data) != want {
			t.Errorf("%s = %q, %v, want %q", name, data, err, want)
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.Dir(name), "_go.mod")); err == nil {
			t.Errorf("%s: _go.mod is still there", filepath.Dir(name))
		}
	}
}

func write(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testProxy serves versions of a fake toolchain for linux-amd64 from a
// loopback module proxy with its own checksum database.
func testProxy(t testing.TB, versions ...string) (*fetchtest.GoProxy, string) {
	t.Helper()
	p, url, start := unstartedProxy(t, versions...)
	start()
	return p, url
}

// unstartedProxy is testProxy for a proxy that the caller configures
// before it starts serving.
func unstartedProxy(t testing.TB, versions ...string) (p *fetchtest.GoProxy, url string, start func()) {
	t.Helper()
	signer, _, _, _ := fetchtest.SumDBKeys()
	p = fetchtest.NewGoProxy(signer)
	for _, v := range versions {
		p.Add(v, "linux-amd64", fetchtest.ModuleZip(fetchtest.FakeToolchain(v, "linux-amd64")))
	}
	srv := httptest.NewUnstartedServer(p)
	t.Cleanup(srv.Close)
	return p, "http://" + srv.Listener.Addr().String(), srv.Start
}

// proxySource is the proxy source for GOPROXY and GOSUMDB.
func proxySource(t testing.TB, goproxy, gosumdb string) *Proxy {
	t.Helper()
	list, err := ParseGOPROXY(goproxy)
	if err != nil {
		t.Fatal(err)
	}
	db, err := ParseGOSUMDB(gosumdb)
	if err != nil {
		t.Fatal(err)
	}
	return &Proxy{Client: NewClient(), Proxies: list, SumDB: db, DirectURL: "http://127.0.0.1:1/not-used"}
}

func install(t *testing.T, st *store.Store, src *Proxy, s string) (layout.SDK, error) {
	t.Helper()
	sp, err := spec.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	in := &installer{Store: st, Source: src, Platform: platform.Platform{OS: "linux", Arch: "amd64"}}
	sdk, _, err := in.Install(context.Background(), sp)
	return sdk, err
}

// checkUnchanged fails if a failed install left an SDK or staging files.
func checkUnchanged(t *testing.T, st *store.Store, want int) {
	t.Helper()
	sdks, err := layout.List(st.Home, platform.Platform{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sdks) != want {
		t.Errorf("store has %d SDKs, want %d", len(sdks), want)
	}
	if entries, _ := os.ReadDir(st.Path("tmp")); len(entries) != 0 {
		t.Errorf("tmp/ has %d leftovers", len(entries))
	}
}

func TestProxyInstall(t *testing.T) {
	_, key, _, otherKey := fetchtest.SumDBKeys()
	for _, tt := range []struct {
		name  string
		setup func(p *fetchtest.GoProxy, url string) (goproxy, gosumdb string)
		edit  func(src *Proxy)
		spec  string
		check func(t *testing.T, sdk layout.SDK, err error)
	}{
		{
			name: "verified",
			spec: "1.22",
			check: func(t *testing.T, sdk layout.SDK, err error) {
				if err != nil {
					t.Fatal(err)
				}
				r := receipt(t, sdk)
				h1, _ := fetchtest.HashZip(fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.22.3", "linux-amd64")))
				if r.Source != "proxy" || r.Module != "golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64" || r.H1 != h1 ||
					r.Verified != "sumdb sum.gov.test tree 1" || r.TreeSize != 1 || !strings.HasSuffix(r.URL, "/golang.org/toolchain/@v/v0.0.1-go1.22.3.linux-amd64.zip") {
					t.Errorf("receipt = %+v", r)
				}
			},
		},
		{
			name: "credentials in GOPROXY stay out of the receipt",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				return strings.Replace(url, "http://", "http://gopher:secret@", 1), key
			},
			spec: "1.22.3",
			check: func(t *testing.T, sdk layout.SDK, err error) {
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := os.ReadFile(filepath.Join(sdk.Dir, layout.ReceiptFile))
				if strings.Contains(string(raw), "secret") || !strings.Contains(receipt(t, sdk).URL, "gopher:xxxxx@") {
					t.Errorf("receipt = %s, want the URL with its password redacted", raw)
				}
			},
		},
		{
			name: "database URL in GOSUMDB",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				p.NoSumDB = true
				return url, key + " " + url + "/sumdb/sum.gov.test"
			},
			spec:  "1.22.3",
			check: wantOK,
		},
		{
			name: "proxy without the database",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				p.NoSumDB = true
				return url, key
			},
			// Then the database is asked directly, at https://sum.gov.test.
			edit:  offline,
			spec:  "1.22.3",
			check: wantErr[*SumDBError]("GET https://sum.gov.test/lookup/golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64: no network in tests"),
		},
		{
			name: "tampered zip",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				p.Tamper("go1.22.3", "linux-amd64", fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.22.1", "linux-amd64")))
				return url, key
			},
			spec:  "1.22.3",
			check: wantErr[*ModuleChecksumError]("checksum mismatch for golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64"),
		},
		{
			name: "not a zip",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				p.Tamper("go1.22.3", "linux-amd64", []byte("<html>login required</html>"))
				return url, key
			},
			spec:  "1.22.3",
			check: wantErr[error]("is not a zip file"),
		},
		{
			name: "record signed by another key",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				return url, otherKey + " " + url + "/sumdb/sum.gov.test"
			},
			spec:  "1.22.3",
			check: wantErr[*SumDBError]("its answer is not signed by the key in GOSUMDB"),
		},
		{
			name: "tile that does not authenticate",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				p.CorruptTiles = true
				return url, key
			},
			spec:  "1.22.3",
			check: wantErr[*SumDBError]("a tile of its log does not authenticate"),
		},
		{
			name: "listed but not served",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				p.Missing("go1.22.3", "linux-amd64")
				return url, key
			},
			spec:  "1.22.3",
			check: wantErr[*HTTPError]("404 Not Found; GOPROXY lists go1.22.3 for linux-amd64 but serves no zip for it"),
		},
		{
			name:  "over the size bound",
			edit:  func(src *Proxy) { src.MaxZipBytes = 1000 },
			spec:  "1.22.3",
			check: wantErr[*UnsafeArchiveError]("is larger than 1000 bytes"),
		},
		{
			name: "hostile zip the database vouches for",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				sdk := fetchtest.FakeToolchain("go1.22.3", "linux-amd64")
				p.Add("go1.22.3", "linux-amd64", fetchtest.ModuleZip(append(sdk, fetchtest.Entry{Name: "golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64/../../x", Body: "x"})))
				return url, key
			},
			spec:  "1.22.3",
			check: wantErr[*UnsafeArchiveError](`invalid path element ".."`),
		},
		{
			name:  "GOSUMDB=off",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) { return url, "off" },
			spec:  "1.22.3",
			check: wantErr[error]("GOSUMDB=off: gov does not install Go toolchains it cannot verify"),
		},
		{
			name:  "GOSUMDB=off with GOV_INSECURE",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) { return url, "off" },
			edit:  func(src *Proxy) { src.Insecure = true },
			spec:  "1.22.3",
			check: func(t *testing.T, sdk layout.SDK, err error) {
				if err != nil {
					t.Fatal(err)
				}
				if r := receipt(t, sdk); r.Verified != "unverified" || r.TreeSize != 0 || !strings.HasPrefix(r.H1, "h1:") {
					t.Errorf("receipt = %+v", r)
				}
			},
		},
		{
			name:  "GOPROXY=off",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) { return "off", key },
			spec:  "1.22.3",
			check: wantErr[error]("module downloads disabled by GOPROXY=off; set GOPROXY"),
		},
		{
			name: "direct",
			setup: func(p *fetchtest.GoProxy, url string) (string, string) {
				return "direct", key + " " + url + "/sumdb/sum.gov.test"
			},
			edit:  func(src *Proxy) { src.DirectURL = src.SumDB.URL[:strings.Index(src.SumDB.URL, "/sumdb/")] },
			spec:  "latest",
			check: wantOK,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, url, start := unstartedProxy(t, "go1.22.3", "go1.22.1")
			goproxy, gosumdb := url, key
			if tt.setup != nil {
				goproxy, gosumdb = tt.setup(p, url)
			}
			start()
			src := proxySource(t, goproxy, gosumdb)
			if tt.edit != nil {
				tt.edit(src)
			}
			st := store.Open(t.TempDir())
			sdk, err := install(t, st, src, tt.spec)
			tt.check(t, sdk, err)
			if err != nil {
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q is more than one line", err)
				}
				checkUnchanged(t, st, 0)
			}
		})
	}
}

// offline keeps src from reaching anything but loopback.
func offline(src *Proxy) {
	next := src.Client.HTTP.Transport
	src.Client.HTTP.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Hostname() != "127.0.0.1" {
			return nil, errors.New("no network in tests")
		}
		return next.RoundTrip(r)
	})
	src.Client.Retries = 0
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func wantOK(t *testing.T, sdk layout.SDK, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(sdk.Dir, "bin", "go")); err != nil {
		t.Error(err)
	}
}

// wantErr checks that an install failed with an error of type E that says msg.
func wantErr[E error](msg string) func(t *testing.T, sdk layout.SDK, err error) {
	return func(t *testing.T, sdk layout.SDK, err error) {
		t.Helper()
		var target E
		if err == nil || !errors.As(err, &target) || !strings.Contains(hint.Message(err), msg) {
			t.Fatalf("install: %v; want a %T containing %q", err, target, msg)
		}
	}
}

// A log that is not consistent with the tree gov kept is a security error,
// never a silent pass, and leaves gov's tree as it was.
func TestProxyForkedLog(t *testing.T) {
	_, key, _, _ := fetchtest.SumDBKeys()
	st := store.Open(t.TempDir())
	_, url := testProxy(t, "go1.22.3")
	if _, err := install(t, st, proxySource(t, url, key), "1.22.3"); err != nil {
		t.Fatal(err)
	}
	latest := filepath.Join(st.Home, "sumdb", "sum.gov.test", "latest")
	before, err := os.ReadFile(latest)
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name string
		fork func(p *fetchtest.GoProxy)
	}{
		// Another history of the same size, and a longer one.
		{"same size", func(p *fetchtest.GoProxy) {}},
		{"longer", func(p *fetchtest.GoProxy) { p.Record("example.com/b", "v1.0.0", "example.com/b v1.0.0 h1:BBBB\n") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, url := testProxy(t)
			p.Record("example.com/a", "v1.0.0", "example.com/a v1.0.0 h1:AAAA\n")
			tt.fork(p)
			p.Add("go1.21.10", "linux-amd64", fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.21.10", "linux-amd64")))
			_, err := install(t, st, proxySource(t, url, key), "1.21.10")
			var sec *SecurityError
			if !errors.As(err, &sec) || !strings.Contains(err.Error(), "SECURITY ERROR: checksum database sum.gov.test is not consistent with the log gov verified before") {
				t.Fatalf("install from a forked log: %v; want a SecurityError", err)
			}
			if !strings.Contains(sec.Report, "proof of misbehavior") {
				t.Errorf("report has no proof:\n%s", sec.Report)
			}
			after, err := os.ReadFile(latest)
			if err != nil || string(after) != string(before) {
				t.Errorf("gov's tree changed after a security error:\n%s\nwant\n%s", after, before)
			}
			checkUnchanged(t, st, 1)
		})
	}
}

// A proxy that serves an older tree of the same log is fine: gov checks it
// against the newer tree it kept, and keeps that.
func TestProxyOlderTree(t *testing.T) {
	signer, key, _, _ := fetchtest.SumDBKeys()
	st := store.Open(t.TempDir())
	_, url := testProxy(t, "go1.22.1", "go1.22.3")
	for _, v := range []string{"1.22.1", "1.22.3"} {
		if _, err := install(t, st, proxySource(t, url, key), v); err != nil {
			t.Fatal(err)
		}
	}
	// A copy of the log from before go1.22.3 was recorded, and no cached
	// record: the lookup comes with tree 1.
	old := fetchtest.NewGoProxy(signer)
	old.Add("go1.22.1", "linux-amd64", fetchtest.ModuleZip(fetchtest.FakeToolchain("go1.22.1", "linux-amd64")))
	srv := httptest.NewServer(old)
	defer srv.Close()
	if err := os.RemoveAll(filepath.Join(st.Home, "sumdb", "cache", "sum.gov.test", "lookup")); err != nil {
		t.Fatal(err)
	}
	in := &installer{Store: st, Source: proxySource(t, srv.URL, key), Platform: platform.Platform{OS: "linux", Arch: "amd64"}, Force: true}
	sdk, _, err := in.Install(context.Background(), gover.Exact{V: gover.MustParse("1.22.1")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := receipt(t, sdk).Verified, "sumdb sum.gov.test tree 2"; got != want {
		t.Errorf("verified = %q, want %q", got, want)
	}
}

func TestProxyFileTree(t *testing.T) {
	signer, key, _, _ := fetchtest.SumDBKeys()
	p := fetchtest.NewGoProxy(signer)
	for _, v := range []string{"go1.22.3", "go1.22.1", "go1.21.10"} {
		p.Add(v, "linux-amd64", fetchtest.ModuleZip(fetchtest.FakeToolchain(v, "linux-amd64")))
	}
	root := t.TempDir()
	if err := p.WriteDir(root); err != nil {
		t.Fatal(err)
	}
	st := store.Open(t.TempDir())
	sdk, err := install(t, st, proxySource(t, "file://"+root, key), "1.22")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := receipt(t, sdk).Verified, "sumdb sum.gov.test tree 3"; got != want {
		t.Errorf("verified = %q, want %q", got, want)
	}
}

// A full disk is not the proxy's fault: the error says so, and gives no
// advice about GOPROXY.
func TestProxyDownloadFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	_, key, _, _ := fetchtest.SumDBKeys()
	_, url := testProxy(t, "go1.22.3")
	src := proxySource(t, url+"|"+url, key)
	v, pl := gover.MustParse("1.22.3"), platform.Platform{OS: "linux", Arch: "amd64"}
	mod := module.Version{Path: layout.ToolchainModule, Version: layout.ToolchainVersion(v, pl)}
	_, err = src.download(context.Background(), mod, v, pl, full)
	if !errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "; ") {
		t.Errorf("download to a full disk: %v; want ENOSPC without a hint", err)
	}
}
