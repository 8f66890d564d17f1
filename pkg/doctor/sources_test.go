package doctor

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch"
)

const (
	dlIndex       = "https://go.dev/dl/?mode=json&include=all"
	toolchainList = "https://proxy.golang.org/golang.org/toolchain/@v/list"
	// deadIndex is on a closed loopback port: the connection is refused.
	deadIndex = "http://127.0.0.1:1/dl/?mode=json&include=all"
)

// TestInstallSources covers network.dl, network.toolchain and network.source:
// whether each of gov install's sources answers, and which one it uses
// here. Each case starts online with nothing answering, then sets up
// what answers.
func TestInstallSources(t *testing.T) {
	dlOK := func(w *world) { w.probes[dlIndex] = answer{code: 200} }
	tcOK := func(w *world) { w.probes[toolchainList] = answer{code: 200} }
	dlDead := func(w *world) {
		w.env["GOV_DL_INDEX"] = deadIndex
		w.probes[deadIndex] = answer{err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")}
	}
	with := func(fs ...func(w *world)) func(w *world) {
		return func(w *world) {
			for _, f := range fs {
				f(w)
			}
		}
	}
	env := func(k, v string) func(w *world) { return func(w *world) { w.env[k] = v } }
	probe := func(url string, a answer) func(w *world) { return func(w *world) { w.probes[url] = a } }
	const viaProxy = "golang.org/toolchain from https://proxy.golang.org, verified by sum.golang.org"

	tests := []struct {
		name          string
		setup         func(w *world)
		offline       bool
		dl, tc, src   Status
		summary       string // a substring of one of the results' summaries
		fix, detail   string // substrings of network.source's
		otherID, want string // another result's id, and a substring of its summary
	}{
		{
			name: "dl and proxy answer", setup: with(dlOK, tcOK),
			dl: OK, tc: OK, src: OK,
			summary: "gov install uses dl: the index " + dlIndex,
			detail:  "when go.dev cannot be reached, it uses proxy: " + viaProxy,
			otherID: "network.toolchain", want: "https://proxy.golang.org serves golang.org/toolchain",
		},
		{
			name: "dl refused (a closed loopback port), proxy answers", setup: with(dlDead, tcOK),
			dl: Warn, tc: OK, src: Warn,
			summary: "gov install uses proxy (127.0.0.1:1 unreachable): " + viaProxy,
			fix:     "export GOV_SOURCE=proxy   # to skip asking 127.0.0.1:1 first; or point GOV_DL_INDEX and GOV_DL_BASE at a mirror",
			detail:  "the dl index " + deadIndex + " cannot be reached",
			otherID: "network.dl", want: "the dl index " + deadIndex + " cannot be reached",
		},
		{
			name: "dl answers 503, proxy answers", setup: with(probe(dlIndex, answer{code: 503}), tcOK),
			dl: Warn, tc: OK, src: Warn,
			summary: "gov install uses proxy (go.dev unreachable): " + viaProxy,
			otherID: "network.dl", want: "the dl index " + dlIndex + " answers HTTP 503",
		},
		{
			name: "dl refuses (403), proxy answers", setup: with(probe(dlIndex, answer{code: 403}), tcOK),
			dl: Warn, tc: OK, src: Warn, summary: "gov install uses proxy (go.dev unreachable)",
		},
		{
			name: "dl times out, proxy answers", setup: tcOK,
			dl: Warn, tc: OK, src: Warn, summary: "gov install uses proxy (go.dev unreachable)",
			detail: "GET " + dlIndex + ": dial tcp: i/o timeout",
		},
		{
			// A 404 is an answer: auto does not fall back on it.
			name:  "the dl index is not there",
			setup: with(env("GOV_DL_INDEX", "https://mirror.corp/dl/"), probe("https://mirror.corp/dl/", answer{code: 404}), tcOK),
			dl:    Warn, tc: OK, src: Fail,
			summary: "gov install fails here: the dl index https://mirror.corp/dl/ answers HTTP 404",
			fix:     "check GOV_DL_INDEX, or use go.dev's: unset GOV_DL_INDEX   # and remove it from wherever your session sets it; or use GOPROXY: export GOV_SOURCE=proxy",
			detail:  "falls back on GOPROXY only when mirror.corp cannot be reached at all",
		},
		{
			name: "both dead", setup: dlDead,
			dl: Warn, tc: Warn, src: Fail,
			summary: "gov install has no source that works here: the dl index " + deadIndex + " cannot be reached, and the proxy https://proxy.golang.org cannot be reached",
			fix:     "check the network connection (and HTTPS_PROXY), or set GOPROXY to a module proxy that serves golang.org/toolchain; or point GOV_DL_INDEX and GOV_DL_BASE at a mirror that answers; gov install --offline VERSION installs from the download cache",
		},
		{
			name: "both dead, a public proxy answers", setup: with(dlDead, probe("https://goproxy.cn/", answer{code: 200})),
			dl: Warn, tc: Warn, src: Fail,
			fix:     "go env -w GOPROXY=https://goproxy.cn,direct; or point GOV_DL_INDEX",
			otherID: "network.toolchain", want: "the proxy https://proxy.golang.org cannot be reached",
		},
		{
			name: "GOPROXY=off, dl dead", setup: with(env("GOPROXY", "off"), dlDead),
			dl: Warn, tc: OK, src: Fail,
			summary: "gov install has no source that works here: the dl index " + deadIndex + " cannot be reached, and GOPROXY=off turns the proxy source off",
			fix:     "unset GOPROXY",
			otherID: "network.toolchain", want: "GOPROXY was not asked for golang.org/toolchain (GOPROXY=off)",
		},
		{
			name: "GOPROXY=off, dl answers", setup: with(env("GOPROXY", "off"), dlOK),
			dl: OK, tc: OK, src: OK,
			detail: "when go.dev cannot be reached, it has no other source: GOPROXY=off turns the proxy source off",
		},
		{
			name: "GOV_SOURCE=proxy", setup: with(env("GOV_SOURCE", "proxy"), dlDead, tcOK),
			dl: OK, tc: OK, src: OK,
			summary: "gov install uses proxy (GOV_SOURCE=proxy): " + viaProxy,
			otherID: "network.dl", want: "the dl index is not used (GOV_SOURCE=proxy)",
		},
		{
			name: "GOV_SOURCE=proxy, the proxy is dead, dl answers", setup: with(env("GOV_SOURCE", "proxy"), dlOK),
			dl: OK, tc: Warn, src: Fail,
			summary: "gov install uses proxy only (GOV_SOURCE=proxy), and the proxy https://proxy.golang.org cannot be reached",
			fix:     "unset GOV_SOURCE", detail: "without GOV_SOURCE, gov install would use dl: the index " + dlIndex,
		},
		{
			name: "GOV_SOURCE=proxy, both dead", setup: with(env("GOV_SOURCE", "proxy"), dlDead),
			dl: OK, tc: Warn, src: Fail, fix: "set GOPROXY to a module proxy that serves golang.org/toolchain; gov install --offline",
		},
		{
			name: "GOV_SOURCE=dl", setup: with(env("GOV_SOURCE", "dl"), dlOK),
			dl: OK, tc: OK, src: OK,
			summary: "gov install uses dl (GOV_SOURCE=dl): the index " + dlIndex,
			otherID: "network.toolchain", want: "golang.org/toolchain from GOPROXY is not used (GOV_SOURCE=dl)",
		},
		{
			name: "GOV_SOURCE=dl, dl dead, the proxy answers", setup: with(env("GOV_SOURCE", "dl"), dlDead, tcOK),
			dl: Warn, tc: OK, src: Fail,
			summary: "gov install uses dl only (GOV_SOURCE=dl), and the dl index " + deadIndex + " cannot be reached",
			fix:     "unset GOV_SOURCE", detail: "without GOV_SOURCE, gov install would use proxy: " + viaProxy,
		},
		{
			name: "GOV_SOURCE is not a source", setup: with(env("GOV_SOURCE", "mirror"), dlOK, tcOK),
			dl: OK, tc: OK, src: Fail,
			summary: "GOV_SOURCE=mirror is not a source gov knows (auto, dl or proxy)", fix: "unset GOV_SOURCE",
		},
		{
			name: "GOV_SOURCE=auto, spelled out", setup: with(env("GOV_SOURCE", "AUTO"), dlOK, tcOK),
			dl: OK, tc: OK, src: OK, summary: "gov install uses dl: ",
		},
		{
			name: "offline", offline: true,
			dl: OK, tc: OK, src: OK,
			summary: "which source gov install uses was not checked (--offline)",
			detail:  "GOV_SOURCE=auto: the dl index first, then golang.org/toolchain from GOPROXY when go.dev cannot be reached",
			otherID: "network.dl", want: "the dl index was not asked (--offline)",
		},
		{
			name: "offline, GOV_SOURCE=proxy and GOPROXY=off", offline: true,
			setup: with(env("GOV_SOURCE", "proxy"), env("GOPROXY", "off")),
			dl:    OK, tc: OK, src: Fail,
			summary: "gov install uses proxy only (GOV_SOURCE=proxy), and GOPROXY=off turns the proxy source off",
			fix:     "unset GOPROXY",
		},
		{
			name:  "a proxy without toolchains, then the next (,)",
			setup: with(dlOK, env("GOPROXY", "https://athens.corp,https://proxy.golang.org"), probe("https://athens.corp/golang.org/toolchain/@v/list", answer{code: 404}), tcOK),
			dl:    OK, tc: OK, src: OK,
			detail:  "when go.dev cannot be reached, it uses proxy: " + viaProxy,
			otherID: "network.toolchain", want: "https://proxy.golang.org serves golang.org/toolchain",
		},
		{
			name:  "a dead proxy ends a list of commas",
			setup: with(dlOK, env("GOPROXY", "https://athens.corp,https://proxy.golang.org"), tcOK),
			dl:    OK, tc: Warn, src: OK,
			detail:  "it has no other source: the proxy https://athens.corp cannot be reached",
			otherID: "network.toolchain", want: "the proxy https://athens.corp cannot be reached",
		},
		{
			name:  "a dead proxy, then the next (|)",
			setup: with(dlDead, env("GOPROXY", "https://athens.corp|https://proxy.golang.org"), tcOK),
			dl:    Warn, tc: OK, src: Warn, summary: "gov install uses proxy (127.0.0.1:1 unreachable): " + viaProxy,
		},
		{
			name:  "a proxy that errs",
			setup: with(dlDead, probe(toolchainList, answer{code: 502})),
			dl:    Warn, tc: Warn, src: Fail,
			otherID: "network.toolchain", want: "the proxy https://proxy.golang.org answers HTTP 502 for golang.org/toolchain",
		},
		{
			name:  "no proxy serves golang.org/toolchain",
			setup: with(dlDead, env("GOPROXY", "https://athens.corp"), probe("https://athens.corp/golang.org/toolchain/@v/list", answer{code: 404})),
			dl:    Warn, tc: Warn, src: Fail,
			summary: "and the proxy https://athens.corp does not serve golang.org/toolchain",
		},
		{
			name:  "direct is go.dev's toolchain proxy",
			setup: with(dlDead, env("GOPROXY", "direct"), probe("https://go.dev/dl/mod/golang.org/toolchain/@v/list", answer{code: 200})),
			dl:    Warn, tc: OK, src: Warn,
			summary: "gov install uses proxy (127.0.0.1:1 unreachable): golang.org/toolchain from https://go.dev/dl/mod (direct), verified by sum.golang.org",
		},
		{
			name: "a file proxy",
			setup: with(dlDead, env("GOPROXY", "file:///srv/goproxy"), func(w *world) {
				w.file("/srv/goproxy/golang.org/toolchain/@v/list", "v0.0.1-go1.22.3.linux-amd64\n", 0o644)
			}),
			dl: Warn, tc: OK, src: Warn,
			otherID: "network.toolchain", want: "file:///srv/goproxy serves golang.org/toolchain",
		},
		{
			name:  "a file proxy without toolchains",
			setup: with(dlDead, env("GOPROXY", "file:///srv/goproxy"), func(w *world) { w.mkdir("/srv/goproxy") }),
			dl:    Warn, tc: Warn, src: Fail,
			otherID: "network.toolchain", want: "the proxy file:///srv/goproxy does not serve golang.org/toolchain",
		},
		{
			name: "a file index",
			setup: with(tcOK, env("GOV_DL_INDEX", "file:///srv/dl/index.json"), func(w *world) {
				w.file("/srv/dl/index.json", "[]", 0o644)
			}),
			dl: OK, tc: OK, src: OK, summary: "gov install uses dl: the index file:///srv/dl/index.json",
		},
		{
			name: "GOPROXY from go env -w", setup: with(dlDead, probe("https://goproxy.cn/golang.org/toolchain/@v/list", answer{code: 200}), func(w *world) {
				w.file(home+"/.config/go/env", "GOPROXY=https://goproxy.cn,direct\n", 0o644)
			}),
			dl: Warn, tc: OK, src: Warn,
			summary: "gov install uses proxy (127.0.0.1:1 unreachable): golang.org/toolchain from https://goproxy.cn, verified by sum.golang.org",
		},
		{
			// gov's proxy source reads GOPROXY as the go command does,
			// but not from an SDK's go.env: that one ships the default.
			name: "an SDK's go.env does not count", setup: with(dlDead, tcOK, func(w *world) {
				w.file(sdkDir("1.22.3", "linux-amd64")+"/go.env", "GOPROXY=https://sdk.example\n", 0o644)
			}),
			dl: Warn, tc: OK, src: Warn, summary: "gov install uses proxy (127.0.0.1:1 unreachable): " + viaProxy,
		},
		{
			name: "GOSUMDB=off", setup: with(dlDead, tcOK, env("GOSUMDB", "off")),
			dl: Warn, tc: OK, src: Fail,
			summary: "and GOSUMDB=off turns the proxy source off", fix: "unset GOSUMDB",
			otherID: "network.toolchain", want: "GOPROXY was not asked for golang.org/toolchain (GOSUMDB=off)",
		},
		{
			name: "GOSUMDB=off with GOV_INSECURE=1", setup: with(dlDead, tcOK, env("GOSUMDB", "off"), env("GOV_INSECURE", "1")),
			dl: Warn, tc: OK, src: Warn,
			summary: "golang.org/toolchain from https://proxy.golang.org, verified by nothing: GOSUMDB=off and GOV_INSECURE=1",
		},
		{
			name: "GOSUMDB names another database", setup: with(dlDead, tcOK, env("GOSUMDB", "sum.golang.google.cn")),
			dl: Warn, tc: OK, src: Warn, summary: "verified by sum.golang.org",
		},
		{
			// gov install refuses the URL before it asks: no fallback.
			name: "a plain-http dl index that is not loopback", setup: with(tcOK, env("GOV_DL_INDEX", "http://192.0.2.1/dl/")),
			dl: Warn, tc: OK, src: Fail,
			summary: "gov install fails here: the dl index: refusing plain http:// URL http://192.0.2.1/dl/",
			fix:     "use https://, or set GOV_INSECURE=1",
		},
		{
			// gov install remembers dl as down for the index TTL.
			name: "dl answers, but gov install remembers it as down", setup: with(dlOK, tcOK, func(w *world) {
				down := fetch.IndexCache{Dir: home + "/.gov/cache"}.DownFile(dlIndex)
				w.file(down, "", 0o644)
			}),
			dl: OK, tc: OK, src: OK,
			summary: "gov install uses proxy for now: go.dev was unreachable",
			detail:  "it answers now: the index " + dlIndex,
		},
		{
			name: "GOPROXY is not valid", setup: with(dlDead, env("GOPROXY", "ftp://x")),
			dl: Warn, tc: Warn, src: Fail,
			otherID: "network.toolchain", want: "invalid GOPROXY",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.online = !tt.offline
			if tt.setup != nil {
				tt.setup(w)
			}
			got := results(t, checkNetwork, w.system())
			var all []string
			for _, id := range []string{"network.dl", "network.toolchain", "network.source"} {
				all = append(all, got[id].Summary)
				if strings.Contains(got[id].Summary+got[id].Detail+got[id].Fix, w.root) {
					t.Errorf("%s names the test's root: %+v", id, got[id])
				}
			}
			for id, want := range map[string]Status{"network.dl": tt.dl, "network.toolchain": tt.tc, "network.source": tt.src} {
				if got[id].Status != want {
					t.Errorf("%s = %s %q (fix %q), want %s", id, got[id].Status, got[id].Summary, got[id].Fix, want)
				}
			}
			src := got["network.source"]
			if !strings.Contains(strings.Join(all, "\n"), tt.summary) {
				t.Errorf("summaries = %q, want one with %q", all, tt.summary)
			}
			if !strings.Contains(src.Fix, tt.fix) || !strings.Contains(src.Detail, tt.detail) {
				t.Errorf("network.source = fix %q, detail %q; want fix with %q, detail with %q", src.Fix, src.Detail, tt.fix, tt.detail)
			}
			if tt.otherID != "" && !strings.Contains(got[tt.otherID].Summary, tt.want) {
				t.Errorf("%s = %q, want %q", tt.otherID, got[tt.otherID].Summary, tt.want)
			}
		})
	}
}

// The probes of the network group go out at once: it takes as long as
// its slowest question, not their sum. Checked by counting the questions
// that wait together, not by a clock.
func TestNetworkAsksAtOnce(t *testing.T) {
	w := newWorld(t)
	sys := w.system()
	const n = 3 // the first proxy's root, the dl index, the toolchain list
	var asked atomic.Int32
	release := make(chan struct{})
	sys.Probe = func(ctx context.Context, url string) (int, error) {
		if asked.Add(1) == n {
			close(release)
		}
		select {
		case <-release:
			return 200, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	for _, r := range checkNetwork(context.Background(), sys) {
		if r.Status != OK {
			t.Errorf("%s = %s %q, want ok (the questions did not go out at once)", r.ID, r.Status, r.Summary)
		}
	}
}
