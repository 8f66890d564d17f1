package doctor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
)

// gov install's sources: GOV_SOURCE=auto, the default, asks the dl index
// first and uses the golang.org/toolchain module from GOPROXY when go.dev
// cannot be reached at all (a network error, HTTP 403 or 5xx); dl and
// proxy force one. The network group asks both, each request within
// probeTimeout, and reports each (network.dl, network.toolchain), then
// which one gov install uses here (network.source).

// defaultSource is gov install's source when GOV_SOURCE is unset.
const defaultSource = "auto"

// A reach is what asking one source found.
type reach int

const (
	reachNotAsked reach = iota // --offline
	reachWorks                 // it answers as a source should
	reachDown                  // it cannot be reached: auto falls back
	reachBroken                // it answers wrongly, or is misconfigured: auto does not fall back
	reachOff                   // a setting turns it off (GOPROXY=off, GOSUMDB=off)
)

// A sourceProbe is what asking one source found.
type sourceProbe struct {
	reach   reach
	name    string // what answered, or was asked
	problem string // unless it works: what is wrong, one line
	offBy   string // reachOff: the setting, such as GOPROXY=off
	detail  string // each request and its answer
	fix     string // what makes this source work
	sumdb   string // the proxy source: what verifies its toolchains
}

// sourceResults are the lines network.dl, network.toolchain and
// network.source. mirror is a public module proxy that answers, if
// proxyAnswers found one.
func (sys *System) sourceResults(dl, tc sourceProbe, mirror string) []Result {
	mode := strings.ToLower(cmp.Or(sys.Getenv("GOV_SOURCE"), defaultSource))
	if tc.reach == reachDown {
		tc.fix = sys.toolchainFix(mirror)
	}

	dlr := Result{ID: "network.dl", Status: OK, Detail: dl.detail}
	switch {
	case dl.reach == reachNotAsked:
		dlr.Summary = "the dl index was not asked (--offline)"
	case dl.reach == reachWorks:
		dlr.Summary = "the dl index " + dl.name + " answers"
	case mode == "proxy":
		dlr.Summary = "the dl index is not used (GOV_SOURCE=proxy)"
		dlr.Detail = dl.problem + "\n" + dl.detail
	default:
		dlr.Status, dlr.Summary, dlr.Fix = Warn, dl.problem, dl.fix
	}

	tcr := Result{ID: "network.toolchain", Status: OK, Detail: tc.detail}
	switch {
	case tc.reach == reachOff:
		tcr.Summary = "GOPROXY was not asked for golang.org/toolchain (" + tc.offBy + ")"
		tcr.Detail = tc.problem
	case tc.reach == reachNotAsked:
		tcr.Summary = "GOPROXY was not asked for golang.org/toolchain (--offline)"
	case tc.reach == reachWorks:
		tcr.Summary = tc.name + " serves golang.org/toolchain"
		tcr.Detail += "\ngov verifies its toolchains with " + tc.sumdb
	case mode == "dl":
		tcr.Summary = "golang.org/toolchain from GOPROXY is not used (GOV_SOURCE=dl)"
		tcr.Detail = strings.TrimSuffix(tc.problem+"\n"+tc.detail, "\n")
	default:
		tcr.Status, tcr.Summary, tcr.Fix = Warn, tc.problem, tc.fix
	}

	return []Result{dlr, tcr, sys.sourceVerdict(mode, dl, tc)}
}

// sourceVerdict says which source gov install uses here: ok when the one
// it uses first works, warn when auto falls back on the proxy, fail when
// gov install has no source that works.
func (sys *System) sourceVerdict(mode string, dl, tc sourceProbe) Result {
	r := Result{ID: "network.source", Status: OK}
	dlUses := "the index " + dl.name
	tcUses := "golang.org/toolchain from " + tc.name + ", verified by " + tc.sumdb
	fail := func(summary, fix string) Result {
		r.Status, r.Summary, r.Fix = Fail, summary, fix
		return r
	}
	unset := sys.unsetFix("GOV_SOURCE")
	cached := "; gov install --offline VERSION installs from the download cache"

	switch mode {
	case "auto", "dl", "proxy":
	default:
		return fail(fmt.Sprintf("GOV_SOURCE=%s is not a source gov knows (auto, dl or proxy)", sys.Getenv("GOV_SOURCE")), unset)
	}
	if dl.reach == reachNotAsked {
		if mode == "proxy" && (tc.reach == reachOff || tc.reach == reachBroken) {
			return fail("gov install uses proxy only (GOV_SOURCE=proxy), and "+tc.problem, tc.fix)
		}
		r.Summary = "which source gov install uses was not checked (--offline)"
		r.Detail = map[string]string{
			"auto":  "GOV_SOURCE=auto: the dl index first, then golang.org/toolchain from GOPROXY when " + indexHost(dl.name) + " cannot be reached",
			"dl":    "GOV_SOURCE=dl: the dl index only",
			"proxy": "GOV_SOURCE=proxy: golang.org/toolchain from GOPROXY only",
		}[mode]
		return r
	}

	switch mode {
	case "dl":
		if dl.reach == reachWorks {
			r.Summary = "gov install uses dl (GOV_SOURCE=dl): " + dlUses
			return r
		}
		if tc.reach == reachWorks {
			r.Detail = "without GOV_SOURCE, gov install would use proxy: " + tcUses
			return fail("gov install uses dl only (GOV_SOURCE=dl), and "+dl.problem, unset)
		}
		return fail("gov install uses dl only (GOV_SOURCE=dl), and "+dl.problem, dl.fix+cached)
	case "proxy":
		if tc.reach == reachWorks {
			r.Summary = "gov install uses proxy (GOV_SOURCE=proxy): " + tcUses
			return r
		}
		if dl.reach == reachWorks {
			r.Detail = "without GOV_SOURCE, gov install would use dl: " + dlUses
			return fail("gov install uses proxy only (GOV_SOURCE=proxy), and "+tc.problem, unset)
		}
		return fail("gov install uses proxy only (GOV_SOURCE=proxy), and "+tc.problem, tc.fix+cached)
	}

	// auto
	if since, ok := sys.remembersDown(dl.name); ok && dl.reach == reachWorks && tc.reach == reachWorks {
		r.Summary = fmt.Sprintf("gov install uses proxy for now: %s was unreachable %v ago, and is asked again after GOV_INDEX_TTL (%v): %s",
			indexHost(dl.name), since.Round(time.Second), fetch.IndexTTL(sys.Getenv), tcUses)
		r.Detail = "it answers now: " + dlUses
		return r
	}
	switch {
	case dl.reach == reachWorks:
		r.Summary = "gov install uses dl: " + dlUses
		if tc.reach == reachWorks {
			r.Detail = "when " + indexHost(dl.name) + " cannot be reached, it uses proxy: " + tcUses
		} else {
			r.Detail = "when " + indexHost(dl.name) + " cannot be reached, it has no other source: " + tc.problem
		}
		return r
	case dl.reach == reachBroken:
		// Only a dl index that cannot be reached makes auto fall back.
		r.Detail = "gov install falls back on GOPROXY only when " + indexHost(dl.name) + " cannot be reached at all"
		fix := dl.fix
		if tc.reach == reachWorks {
			fix += "; or use GOPROXY: " + sys.exportFix("GOV_SOURCE", "proxy")
		}
		return fail("gov install fails here: "+dl.problem, fix)
	case tc.reach == reachWorks:
		r.Status = Warn
		r.Summary = "gov install uses proxy (" + indexHost(dl.name) + " unreachable): " + tcUses
		r.Detail = dl.problem + "\n" + dl.detail
		r.Fix = sys.exportFix("GOV_SOURCE", "proxy") + "   # to skip asking " + indexHost(dl.name) + " first; or point GOV_DL_INDEX and GOV_DL_BASE at a mirror that answers"
		return r
	}
	return fail("gov install has no source that works here: "+dl.problem+", and "+tc.problem,
		tc.fix+"; or point GOV_DL_INDEX and GOV_DL_BASE at a mirror that answers"+cached)
}

// indexHost names the dl index's server, as in "go.dev unreachable".
func indexHost(index string) string {
	if u, err := url.Parse(index); err == nil && u.Host != "" {
		return u.Host
	}
	return "the dl index"
}

// remembersDown reports whether gov install remembers the dl index as
// unreachable (GOV_SOURCE=auto then starts at the proxy), and since when.
func (sys *System) remembersDown(index string) (time.Duration, bool) {
	ic := fetch.IndexCache{Dir: filepath.Join(sys.govHome(), layout.CacheDir)}
	fi, err := sys.stat(ic.DownFile(index))
	if err != nil {
		return 0, false
	}
	since := time.Since(fi.ModTime())
	return since, since < fetch.IndexTTL(sys.Getenv)
}

// probeDL asks for the release index at GOV_DL_INDEX, as the dl source
// does.
func (sys *System) probeDL(ctx context.Context) sourceProbe {
	index := cmp.Or(sys.Getenv("GOV_DL_INDEX"), fetch.DefaultIndexURL)
	p := sourceProbe{name: index}
	if sys.Probe == nil {
		return p
	}
	if err := (&fetch.Client{Insecure: sys.Getenv("GOV_INSECURE") == "1"}).CheckURL(index); err != nil {
		// gov install refuses it before asking: no fallback either.
		p.reach, p.problem, p.fix = reachBroken, "the dl index: "+err.Error(), hint.Of(err)
		return p
	}
	code, evidence, err := sys.get(ctx, index)
	p.detail = evidence
	switch {
	case err == nil && code < 400:
		p.reach = reachWorks
		return p
	case err != nil:
		p.reach, p.problem = reachDown, "the dl index "+index+" cannot be reached"
	case fetch.UnreachableStatus(code): // what GOV_SOURCE=auto falls back on
		p.reach, p.problem = reachDown, fmt.Sprintf("the dl index %s answers HTTP %d", index, code)
	default:
		p.reach, p.problem = reachBroken, fmt.Sprintf("the dl index %s answers HTTP %d", index, code)
	}
	switch {
	case p.reach == reachBroken && sys.Getenv("GOV_DL_INDEX") != "":
		p.fix = "check GOV_DL_INDEX, or use go.dev's: " + sys.unsetFix("GOV_DL_INDEX")
	case err != nil:
		p.fix = "check the network connection (and HTTPS_PROXY), or point GOV_DL_INDEX and GOV_DL_BASE at a mirror that answers"
	default:
		p.fix = "retry later, or point GOV_DL_INDEX and GOV_DL_BASE at a mirror that answers"
	}
	return p
}

// probeToolchain asks GOPROXY for golang.org/toolchain's version list as
// the proxy source does: GOPROXY and GOSUMDB from the environment, else
// the go env file (not the SDK's go.env), and the list's rules for moving
// on to the next proxy.
func (sys *System) probeToolchain(ctx context.Context) sourceProbe {
	var p sourceProbe
	proxy, proxyFrom := sys.sourceSetting("GOPROXY")
	list, err := fetch.ParseGOPROXY(cmp.Or(proxy, fetch.DefaultGOPROXY))
	if err != nil {
		p.reach, p.problem, p.fix = reachBroken, err.Error(), hint.Of(err)
		return p
	}
	sumdb, sumdbFrom := sys.sourceSetting("GOSUMDB")
	db, err := fetch.ParseGOSUMDB(sumdb)
	if err != nil {
		p.reach, p.problem, p.fix = reachBroken, err.Error(), hint.Of(err)
		return p
	}
	// Whether the proxy source can install anything is its own rule.
	px := &fetch.Proxy{Proxies: list, SumDB: db, Insecure: sys.Getenv("GOV_INSECURE") == "1"}
	p.sumdb = px.Verifier()
	switch why := px.Unusable(); {
	case why == "":
	case strings.HasPrefix(why, "GOPROXY"):
		p.reach, p.offBy = reachOff, "GOPROXY=off"
		p.problem = "GOPROXY=off turns the proxy source off"
		p.fix = sys.settingFix("GOPROXY", proxyFrom)
		return p
	default:
		p.reach, p.offBy = reachOff, "GOSUMDB=off"
		p.problem = "GOSUMDB=off turns the proxy source off: gov installs no toolchain the checksum database has not vouched for (unless GOV_INSECURE=1)"
		p.fix = sys.settingFix("GOSUMDB", sumdbFrom)
		return p
	}
	if sys.Probe == nil {
		return p
	}

	var evidence, asked []string
	for _, e := range list {
		if e.URL == "off" {
			evidence = append(evidence, "off: no other proxy is asked")
			break
		}
		base, name := e.URL, e.URL
		if e.URL == "direct" {
			base, name = fetch.DirectToolchainURL, fetch.DirectToolchainURL+" (direct)"
		}
		asked = append(asked, name)
		code, line, err := sys.get(ctx, base+"/"+layout.ToolchainModule+"/@v/list")
		evidence = append(evidence, line)
		if err == nil && code < 400 {
			p.reach, p.name = reachWorks, name
			p.detail = strings.Join(evidence, "\n")
			return p
		}
		notHere := err == nil && (code == 404 || code == 410)
		if p.problem == "" && !notHere {
			if err != nil {
				p.problem = "the proxy " + name + " cannot be reached"
			} else {
				p.problem = fmt.Sprintf("the proxy %s answers HTTP %d for golang.org/toolchain", name, code)
			}
		}
		if !notHere && !e.FallBack {
			break
		}
	}
	p.reach = reachDown
	p.detail = strings.Join(evidence, "\n")
	switch {
	case p.problem != "":
	case len(asked) == 1:
		p.problem = "the proxy " + asked[0] + " does not serve golang.org/toolchain"
	default:
		p.problem = "no proxy in GOPROXY serves golang.org/toolchain"
	}
	return p
}

// toolchainFix is what makes GOPROXY serve toolchains: the public proxy
// that answers, if one does.
func (sys *System) toolchainFix(mirror string) string {
	if mirror != "" {
		return sys.setProxyFix(strings.TrimSuffix(mirror, "/") + ",direct")
	}
	return "check the network connection (and HTTPS_PROXY), or set GOPROXY to a module proxy that serves golang.org/toolchain"
}

// sourceSetting is a setting as gov install's proxy source reads it: the
// environment, else the go env file; an SDK's go.env does not count.
func (sys *System) sourceSetting(key string) (value, from string) {
	if v := sys.Getenv(key); v != "" {
		return v, fromEnv
	}
	if _, vars, _ := sys.goEnvFile(); vars[key] != "" {
		return vars[key], fromFile
	}
	return "", fromUnset
}

// get asks url (https, http or file) within probeTimeout and returns the
// answer's status code and a line of evidence. A file:// URL answers 200
// when the file exists and 404 when it does not.
func (sys *System) get(ctx context.Context, rawURL string) (int, string, error) {
	if u, err := url.Parse(rawURL); err == nil && u.Scheme == "file" {
		p := filepath.FromSlash(u.Path)
		fi, err := sys.stat(p)
		switch {
		case err == nil && fi.Mode().IsRegular():
			return 200, p + " exists", nil
		case err == nil || errors.Is(err, fs.ErrNotExist):
			return 404, p + " is not a file", nil
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // without the path under Root
		}
		return 0, p + ": " + err.Error(), err
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	start := time.Now()
	code, err := sys.Probe(ctx, rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %v", probeTimeout)
		}
		return 0, "GET " + rawURL + ": " + err.Error(), err
	}
	return code, fmt.Sprintf("GET %s: HTTP %d in %v", rawURL, code, time.Since(start).Round(time.Millisecond)), nil
}
