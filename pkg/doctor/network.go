package doctor

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// probeTimeout is how long the first proxy has to answer.
const probeTimeout = 3 * time.Second

// publicProxies are the Go module mirrors suggested when the configured
// proxy does not answer: the first that does is named in the fix.
var publicProxies = []string{
	"https://proxy.golang.org",
	"https://goproxy.cn",
	"https://goproxy.io",
	"https://mirrors.aliyun.com/goproxy/",
}

// checkNetwork reports the module download settings, whether the first
// proxy answers, whether gov install's two sources answer and which one it
// uses here (sources.go). Nothing is asked with --offline; the questions
// go out at once, so the group takes as long as its slowest.
func checkNetwork(ctx context.Context, sys *System) []Result {
	var (
		proxy  Result
		mirror string
		dl, tc sourceProbe
		wg     sync.WaitGroup
	)
	wg.Go(func() { proxy, mirror = sys.proxyAnswers(ctx) })
	wg.Go(func() { dl = sys.probeDL(ctx) })
	wg.Go(func() { tc = sys.probeToolchain(ctx) })
	wg.Wait()
	return append([]Result{sys.networkSettings(), proxy}, sys.sourceResults(dl, tc, mirror)...)
}

// netVar is a network setting with the go command's default.
func (sys *System) netVar(key string) (value, from string) {
	v, from := sys.goVar(key)
	if v == "" {
		switch key {
		case "GOPROXY":
			return "https://proxy.golang.org,direct", "the go command's default"
		case "GOSUMDB":
			return "sum.golang.org", "the go command's default"
		}
	}
	return v, from
}

// settingFix is the command that removes a setting where it came from.
func (sys *System) settingFix(key, from string) string {
	switch from {
	case fromEnv:
		return sys.unsetFix(key)
	case fromFile:
		return "go env -u " + key
	}
	return "go env -w " + key + "=   # override the SDK's default"
}

func (sys *System) networkSettings() Result {
	proxy, proxyFrom := sys.netVar("GOPROXY")
	sumdb, sumdbFrom := sys.netVar("GOSUMDB")
	r := Result{ID: "network", Status: OK, Summary: fmt.Sprintf("GOPROXY=%s, GOSUMDB=%s", proxy, sumdb)}
	var b strings.Builder
	for _, k := range []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"} {
		if v, from := sys.netVar(k); v != "" {
			fmt.Fprintf(&b, "%s=%s (from %s)\n", k, v, from)
		}
	}
	if p, _ := sys.goVar("GOPRIVATE"); p != "" {
		fmt.Fprintf(&b, "modules matching %s skip the proxy and the checksum database\n", p)
	}
	r.Detail = strings.TrimSuffix(b.String(), "\n")
	// Each problem, most serious first: the first is the summary, the
	// others join the detail.
	type problem struct{ summary, fix string }
	var problems []problem
	if sumdb == "off" {
		problems = append(problems, problem{"GOSUMDB=off: downloaded modules are not checked against the checksum database", sys.settingFix("GOSUMDB", sumdbFrom)})
	}
	if proxy == "off" {
		problems = append(problems, problem{"GOPROXY=off: the go command downloads no module", sys.settingFix("GOPROXY", proxyFrom)})
	}
	if insecure, from := sys.goVar("GOINSECURE"); insecure != "" {
		problems = append(problems, problem{fmt.Sprintf("GOINSECURE=%s: modules matching it are fetched without TLS checks", insecure), sys.settingFix("GOINSECURE", from)})
	}
	if len(problems) > 0 {
		r.Status, r.Summary, r.Fix = Warn, problems[0].summary, problems[0].fix
		for _, p := range problems[1:] {
			r.Detail += "\nalso: " + p.summary + " (fix: " + p.fix + ")"
		}
	}
	return r
}

// setProxyFix is the command that sets GOPROXY to value where the user
// sets it: the environment, else the go env file.
func (sys *System) setProxyFix(value string) string {
	if sys.Getenv("GOPROXY") != "" {
		return sys.exportFix("GOPROXY", value)
	}
	return "go env -w GOPROXY=" + value
}

// proxyAnswers asks the first proxy of GOPROXY for its root page; any
// HTTP answer within probeTimeout will do. When none comes, it asks the
// public mirrors, to tell "this proxy is unreachable from here" (and name
// one that is reachable, also returned as mirror) from "this machine is
// offline".
func (sys *System) proxyAnswers(ctx context.Context) (r Result, mirror string) {
	r = Result{ID: "network.proxy", Status: OK}
	proxy, _ := sys.netVar("GOPROXY")
	useProxy := sys.setProxyFix
	first, _, _ := strings.Cut(proxy, ",")
	first, _, _ = strings.Cut(first, "|")
	first = strings.TrimSpace(first)
	switch {
	case sys.Probe == nil:
		r.Summary = "the proxy was not asked (--offline)"
		return r, ""
	case first == "direct":
		r.Summary = "GOPROXY starts with direct: modules come straight from their repositories"
		return r, ""
	case first == "off":
		r.Summary = "the proxy was not asked (GOPROXY=off)"
		return r, ""
	case strings.HasPrefix(first, "file://"):
		dir := strings.TrimPrefix(first, "file://")
		if sys.isDir(dir) {
			r.Summary = "the proxy " + first + " is a directory that exists"
		} else {
			r.Status, r.Summary = Fail, "the proxy "+first+" does not exist"
			r.Fix = useProxy("https://proxy.golang.org,direct")
		}
		return r, ""
	}
	start := time.Now()
	code, err := sys.probe(ctx, first)
	if err == nil {
		r.Detail = fmt.Sprintf("answered HTTP %d in %v", code, time.Since(start).Round(time.Millisecond))
		switch {
		case code == 401 || code == 403 || code == 407:
			r.Status, r.Summary = Warn, fmt.Sprintf("%s answers, but refuses (HTTP %d)", first, code)
			r.Fix = "check the credentials for it (~/.netrc, GOAUTH) or the proxy settings (HTTPS_PROXY)"
		case code >= 500:
			r.Status, r.Summary = Warn, fmt.Sprintf("%s answers with an error (HTTP %d)", first, code)
			r.Fix = "retry later, or use another proxy: " + useProxy("https://proxy.golang.org,direct")
		default:
			// A proxy need not serve its root page (Athens answers 404):
			// any answer shows that it is reachable.
			r.Summary = first + " answers"
		}
		return r, ""
	}
	// Ask the public mirrors at once; name the first in publicProxies'
	// order that answers.
	var others []string
	for _, p := range publicProxies {
		if strings.TrimSuffix(p, "/") != strings.TrimSuffix(first, "/") {
			others = append(others, p)
		}
	}
	answered := make([]bool, len(others))
	var wg sync.WaitGroup
	for i, p := range others {
		wg.Go(func() {
			code, err := sys.probe(ctx, p)
			answered[i] = err == nil && code < 500
		})
	}
	wg.Wait()
	r.Detail = err.Error()
	for i, p := range others {
		if answered[i] {
			r.Status, r.Summary = Fail, fmt.Sprintf("%s does not answer within %v; %s does", first, probeTimeout, p)
			r.Fix = useProxy(strings.TrimSuffix(p, "/") + ",direct")
			return r, p
		}
	}
	r.Status = Warn
	r.Summary = fmt.Sprintf("%s does not answer within %v, and neither does any public Go proxy: is this machine offline?", first, probeTimeout)
	r.Fix = "check the network connection (and HTTPS_PROXY, if you need a proxy to reach the internet)"
	return r, ""
}

func (sys *System) probe(ctx context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	return sys.Probe(ctx, strings.TrimSuffix(url, "/")+"/")
}
