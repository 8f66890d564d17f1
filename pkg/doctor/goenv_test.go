package doctor

import "testing"

func TestGoEnv(t *testing.T) {
	const envFile = home + "/.config/go/env"
	runCases(t, checkGoEnv, []checkCase{
		{name: "no file", id: "goenv", status: OK, summary: "no settings from go env -w (~/.config/go/env)"},
		{
			name:  "GOROOT and GOTOOLCHAIN",
			setup: func(w *world) { w.file(envFile, "GOTOOLCHAIN=auto\nGOROOT=/usr/local/go\nGOPRIVATE=*.corp\n", 0o644) },
			id:    "goenv", status: OK, summary: "go env -w set GOPRIVATE, GOROOT, GOTOOLCHAIN (in ~/.config/go/env)",
			detail: "GOPRIVATE=*.corp\n  GOROOT=/usr/local/go\n  GOTOOLCHAIN=auto",
		},
		{
			name:  "a GOROOT that is no SDK",
			setup: func(w *world) { w.file(envFile, "GOTOOLCHAIN=auto\nGOROOT=/usr/local/go\n", 0o644) },
			id:    "goenv.goroot", status: Fail, summary: "go env -w set GOROOT=/usr/local/go, which is not a Go SDK", fix: "go env -u GOROOT",
		},
		{
			name: "a GOROOT that is an SDK",
			setup: func(w *world) {
				w.file(envFile, "GOROOT="+sdkDir("1.22.3", "linux-amd64")+"\n", 0o644)
			},
			id: "goenv.goroot", status: Warn, summary: "go env -w set GOROOT=/home/me/.gov/sdk/go1.22.3.linux-amd64", fix: "go env -u GOROOT",
		},
		{
			name:  "GOTOOLCHAIN=auto",
			setup: func(w *world) { w.file(envFile, "GOTOOLCHAIN=auto\nGOROOT=/usr/local/go\n", 0o644) },
			id:    "goenv.gotoolchain", status: Warn, summary: "go env -w set GOTOOLCHAIN=auto", fix: "go env -u GOTOOLCHAIN",
		},
		{
			name:  "GOTOOLCHAIN=local",
			setup: func(w *world) { w.file(envFile, "GOTOOLCHAIN=local\n", 0o644) },
			id:    "goenv.gotoolchain", status: OK, summary: "go env -w set GOTOOLCHAIN=local",
		},
		{
			name:  "GOFLAGS",
			setup: func(w *world) { w.file(envFile, "GOFLAGS=-mod=mod\n", 0o644) },
			id:    "goenv.goflags", status: Warn, summary: "go env -w set GOFLAGS=-mod=mod", fix: "go env -u GOFLAGS",
		},
		{
			name:  "GOPATH",
			setup: func(w *world) { w.file(envFile, "GOPATH=/home/me/gopath\n", 0o644) },
			id:    "goenv.gopath", status: OK, summary: "go env -w set GOPATH=/home/me/gopath",
		},
		{
			name:  "a relative GOBIN",
			setup: func(w *world) { w.file(envFile, "GOBIN=bin\n", 0o644) },
			id:    "goenv.gobin", status: Fail, summary: "go env -w set GOBIN=bin, which is not an absolute path", fix: "go env -u GOBIN",
		},
		{
			name: "a relative GOBIN that the environment overrides: nothing fails",
			setup: func(w *world) {
				w.file(envFile, "GOBIN=bin\n", 0o644)
				w.env["GOBIN"] = home + "/go/bin"
			},
			id: "goenv.gobin", status: Warn, summary: "go env -w set GOBIN=bin, which is not an absolute path", fix: "go env -u GOBIN",
			detail: "the environment's GOBIN=/home/me/go/bin overrides it for now",
		},
		{
			name:  "GOPROXY=off",
			setup: func(w *world) { w.file(envFile, "GOPROXY=off\n", 0o644) },
			id:    "goenv.goproxy", status: Warn, summary: "go env -w set GOPROXY=off",
		},
		{
			name: "the environment overrides the file",
			setup: func(w *world) {
				w.file(envFile, "GOPROXY=https://goproxy.cn\n", 0o644)
				w.env["GOPROXY"] = "https://athens.corp"
			},
			id: "goenv.goproxy", status: OK, detail: "the environment's GOPROXY=https://athens.corp overrides it for now",
		},
		{
			name:  "comments and junk are not settings",
			setup: func(w *world) { w.file(envFile, "# GOROOT=/x\n\ngarbage\nGOPRIVATE=x\r\n", 0o644) },
			id:    "goenv", status: OK, summary: "go env -w set GOPRIVATE (in", detail: "GOPRIVATE=x",
		},
		{
			name: "GOENV moves the file",
			setup: func(w *world) {
				w.env["GOENV"] = "/etc/goenv"
				w.file("/etc/goenv", "GOFLAGS=-v\n", 0o644)
			},
			id: "goenv", status: OK, summary: "go env -w set GOFLAGS (in /etc/goenv)",
		},
		{
			name: "GOENV=off",
			setup: func(w *world) {
				w.env["GOENV"] = "off"
				w.file(envFile, "GOFLAGS=-v\n", 0o644)
			},
			id: "goenv", status: OK, summary: "GOENV=off: the go command reads no settings file",
		},
		{
			name: "XDG_CONFIG_HOME",
			setup: func(w *world) {
				w.env["XDG_CONFIG_HOME"] = home + "/xdg"
				w.file(home+"/xdg/go/env", "GOFLAGS=-v\n", 0o644)
			},
			id: "goenv", status: OK, summary: "(in ~/xdg/go/env)",
		},
		{
			name: "macOS keeps it in Application Support",
			setup: func(w *world) {
				w.plat = Platform{OS: "darwin", Arch: "arm64"}
				w.file(home+"/Library/Application Support/go/env", "GOTOOLCHAIN=go1.21.0+auto\n", 0o644)
			},
			id: "goenv", status: OK, summary: "go env -w set GOTOOLCHAIN (in ~/Library/Application Support/go/env)",
		},
		{
			name:  "unreadable",
			setup: func(w *world) { w.mkdir(envFile) },
			id:    "goenv", status: Warn, summary: "cannot read the go env -w settings in ~/.config/go/env",
			fix: "ls -l ~/.config/go/env",
		},
	})
}
