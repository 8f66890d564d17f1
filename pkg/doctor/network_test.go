package doctor

import (
	"errors"
	"testing"
)

func TestNetwork(t *testing.T) {
	online := func(w *world) { w.online = true }
	runCases(t, checkNetwork, []checkCase{
		{name: "settings", id: "network", status: OK, summary: "GOPROXY=https://proxy.golang.org,direct, GOSUMDB=sum.golang.org", detail: "(from the SDK's go.env)"},
		{name: "offline", id: "network.proxy", status: OK, summary: "the proxy was not asked (--offline)"},
		{
			name:  "no go.env: the go command's defaults",
			setup: func(w *world) { w.remove(sdkDir("1.22.3", "linux-amd64") + "/go.env") },
			id:    "network", status: OK, summary: "GOPROXY=https://proxy.golang.org,direct", detail: "(from the go command's default)",
		},
		{
			name: "the proxy answers",
			setup: func(w *world) {
				online(w)
				w.probes["https://proxy.golang.org/"] = answer{code: 200}
			},
			id: "network.proxy", status: OK, summary: "https://proxy.golang.org answers", detail: "answered HTTP 200 in ",
		},
		{
			name: "a company proxy from the environment",
			setup: func(w *world) {
				online(w)
				w.env["GOPROXY"] = "https://athens.corp/|https://proxy.golang.org"
				w.probes["https://athens.corp/"] = answer{code: 404}
			},
			id: "network.proxy", status: OK, summary: "https://athens.corp/ answers", detail: "answered HTTP 404 in ",
		},
		{
			name: "the proxy refuses",
			setup: func(w *world) {
				online(w)
				w.env["GOPROXY"] = "https://artifactory.corp/api/go/go"
				w.probes["https://artifactory.corp/api/go/go/"] = answer{code: 401}
			},
			id: "network.proxy", status: Warn, summary: "https://artifactory.corp/api/go/go answers, but refuses (HTTP 401)", fix: "~/.netrc",
		},
		{
			name: "the proxy errs",
			setup: func(w *world) {
				online(w)
				w.probes["https://proxy.golang.org/"] = answer{code: 502}
			},
			id: "network.proxy", status: Warn, summary: "answers with an error (HTTP 502)",
		},
		{
			name: "the proxy is unreachable, a mirror answers",
			setup: func(w *world) {
				online(w)
				w.probes["https://goproxy.io/"] = answer{code: 200}
				w.probes["https://goproxy.cn/"] = answer{code: 200}
			},
			id: "network.proxy", status: Fail, summary: "https://proxy.golang.org does not answer within 3s; https://goproxy.cn does",
			fix: "go env -w GOPROXY=https://goproxy.cn,direct", detail: "i/o timeout",
		},
		{
			name: "a company proxy is unreachable, proxy.golang.org answers",
			setup: func(w *world) {
				online(w)
				w.env["GOPROXY"] = "https://athens.corp"
				w.probes["https://proxy.golang.org/"] = answer{code: 302}
			},
			id: "network.proxy", status: Fail, fix: "export GOPROXY=https://proxy.golang.org,direct",
		},
		{
			name: "an unreachable proxy from go env -w",
			setup: func(w *world) {
				online(w)
				w.file(home+"/.config/go/env", "GOPROXY=https://athens.corp\n", 0o644)
				w.probes["https://proxy.golang.org/"] = answer{code: 302}
			},
			id: "network.proxy", status: Fail, fix: "go env -w GOPROXY=https://proxy.golang.org,direct",
		},
		{
			name: "an unreachable proxy set in ~/.zshrc",
			setup: func(w *world) {
				online(w)
				w.env["GOPROXY"] = "https://athens.corp"
				w.file(home+"/.zshrc", "eval \"$(gov env zsh)\"\nexport GOPROXY=https://athens.corp\n", 0o644)
				w.probes["https://goproxy.cn/"] = answer{code: 200}
			},
			id: "network.proxy", status: Fail, fix: "export GOPROXY=https://goproxy.cn,direct   # and change the line that sets it: ~/.zshrc:2",
		},
		{
			name:  "nothing answers: offline",
			setup: online,
			id:    "network.proxy", status: Warn, summary: "https://proxy.golang.org does not answer within 3s, and neither does any public Go proxy: is this machine offline?",
		},
		{
			name: "a refusing mirror is still an answer",
			setup: func(w *world) {
				online(w)
				w.probes["https://proxy.golang.org/"] = answer{err: errors.New("connection refused")}
				w.probes["https://mirrors.aliyun.com/goproxy/"] = answer{code: 403}
			},
			id: "network.proxy", status: Fail, fix: "go env -w GOPROXY=https://mirrors.aliyun.com/goproxy,direct",
		},
		{
			name:  "direct",
			setup: func(w *world) { online(w); w.env["GOPROXY"] = "direct" },
			id:    "network.proxy", status: OK, summary: "GOPROXY starts with direct",
		},
		{
			name:  "a file proxy",
			setup: func(w *world) { online(w); w.env["GOPROXY"] = "file:///srv/goproxy"; w.mkdir("/srv/goproxy") },
			id:    "network.proxy", status: OK, summary: "the proxy file:///srv/goproxy is a directory that exists",
		},
		{
			name:  "a missing file proxy",
			setup: func(w *world) { online(w); w.env["GOPROXY"] = "file:///srv/goproxy" },
			id:    "network.proxy", status: Fail, summary: "the proxy file:///srv/goproxy does not exist",
		},
		{
			name:  "GOSUMDB=off in the environment",
			setup: func(w *world) { w.env["GOSUMDB"] = "off" },
			id:    "network", status: Warn, summary: "GOSUMDB=off: downloaded modules are not checked", fix: "unset GOSUMDB",
		},
		{
			name:  "GOSUMDB=off from go env -w",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOSUMDB=off\n", 0o644) },
			id:    "network", status: Warn, summary: "GOSUMDB=off", fix: "go env -u GOSUMDB",
		},
		{
			name:  "two problems",
			setup: func(w *world) { w.env["GOPROXY"] = "off"; w.env["GOSUMDB"] = "off" },
			id:    "network", status: Warn, summary: "GOSUMDB=off", detail: "also: GOPROXY=off: the go command downloads no module (fix: unset GOPROXY",
		},
		{
			name:  "GOPROXY=off",
			setup: func(w *world) { w.env["GOPROXY"] = "off" },
			id:    "network", status: Warn, summary: "GOPROXY=off: the go command downloads no module",
		},
		{
			name:  "GOINSECURE",
			setup: func(w *world) { w.env["GOINSECURE"] = "*.corp" },
			id:    "network", status: Warn, summary: "GOINSECURE=*.corp: modules matching it are fetched without TLS checks",
		},
		{
			name:  "GOPRIVATE",
			setup: func(w *world) { w.env["GOPRIVATE"] = "github.com/me/*" },
			id:    "network", status: OK, detail: "modules matching github.com/me/* skip the proxy and the checksum database",
		},
	})
}
