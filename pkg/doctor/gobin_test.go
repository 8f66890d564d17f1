package doctor

import "testing"

func TestGOBIN(t *testing.T) {
	const shims = home + "/.gov/shims"
	runCases(t, checkGOBIN, []checkCase{
		{name: "in PATH", id: "gobin", status: OK, summary: "go install puts tools in ~/go/bin (GOPATH/bin), which is in PATH"},
		{name: "nothing shadowed", id: "gobin.shadow", status: OK, summary: "every tool in ~/go/bin runs by name: no earlier PATH directory has a program of the same name"},
		{
			name:  "not in PATH",
			setup: func(w *world) { w.env["PATH"] = shims + ":/usr/bin" },
			id:    "gobin", status: Warn, summary: "go install puts tools in ~/go/bin (GOPATH/bin), which is not in PATH",
			fix: `echo 'export PATH="$PATH:$HOME/go/bin"' >> ~/.zshrc`,
		},
		{
			name:  "not in PATH, bash",
			setup: func(w *world) { w.env["PATH"] = shims; w.env["SHELL"] = "/bin/bash" },
			id:    "gobin", status: Warn, fix: `echo 'export PATH="$PATH:$HOME/go/bin"' >> ~/.bashrc`,
		},
		{
			name:  "not in PATH, fish",
			setup: func(w *world) { w.env["PATH"] = shims; w.env["SHELL"] = "/usr/bin/fish" },
			id:    "gobin", status: Warn, fix: "fish_add_path -a ~/go/bin",
		},
		{
			name:  "GOBIN",
			setup: func(w *world) { w.env["GOBIN"] = "/opt/tools"; w.env["PATH"] += ":/opt/tools" },
			id:    "gobin", status: OK, summary: "go install puts tools in /opt/tools (GOBIN from the environment), which is in PATH",
		},
		{
			name:  "a relative GOBIN: go install refuses it, wherever PATH points",
			setup: func(w *world) { w.env["GOBIN"] = "bin"; w.env["PATH"] += ":" + home + "/proj/bin" },
			id:    "gobin", status: Fail, summary: "GOBIN=bin (from the environment) is not an absolute path: go install refuses to install tools",
			fix: "unset GOBIN",
		},
		{
			name:  "a relative GOBIN from go env -w",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOBIN=bin\n", 0o644) },
			id:    "gobin", status: Fail, summary: "GOBIN=bin (from go env -w) is not an absolute path", fix: "go env -u GOBIN",
		},
		{
			name:  "GOBIN from go env -w, not in PATH",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOBIN=/opt/tools\n", 0o644) },
			id:    "gobin", status: Warn, summary: "/opt/tools (GOBIN from go env -w), which is not in PATH",
			fix: `echo 'export PATH="$PATH:/opt/tools"' >> ~/.zshrc`,
		},
		{
			name:  "GOPATH",
			setup: func(w *world) { w.env["GOPATH"] = home + "/gp:" + home + "/old" },
			id:    "gobin", status: Warn, summary: "~/gp/bin (GOPATH/bin)",
		},
		{
			name: "a tool shadowed by an older one",
			setup: func(w *world) {
				w.file(home+"/go/bin/gopls", "new", 0o755)
				w.file(home+"/go/bin/dlv", "new", 0o755)
				w.file("/usr/local/bin/gopls", "old", 0o755)
				w.env["PATH"] = shims + ":/usr/local/bin:" + home + "/go/bin"
			},
			id: "gobin.shadow", status: Warn, summary: "~/go/bin/gopls is shadowed by /usr/local/bin/gopls",
			fix: "rm /usr/local/bin/gopls   # or put ~/go/bin before /usr/local/bin in PATH",
		},
		{
			name: "golang.org/dl's go1.22.3 behind gov's shim",
			setup: func(w *world) {
				w.file(home+"/go/bin/go1.22.3", "dl", 0o755)
			},
			id: "gobin.shadow", status: Warn, summary: "~/go/bin/go1.22.3 is shadowed by /home/me/.gov/shims/go1.22.3",
			fix: "rm ~/go/bin/go1.22.3   # gov's shim runs this version",
		},
		{
			name: "a file that is not a program",
			setup: func(w *world) {
				w.file(home+"/go/bin/README", "", 0o644)
				w.file("/usr/local/bin/README", "", 0o755)
				w.env["PATH"] = "/usr/local/bin:" + home + "/go/bin"
			},
			id: "gobin.shadow", status: OK,
		},
	})
}
