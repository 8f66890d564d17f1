package doctor

import "testing"

func TestGOROOT(t *testing.T) {
	runCases(t, checkGOROOT, []checkCase{
		{name: "unset", id: "goroot", status: OK, summary: "GOROOT is not set"},
		{
			name: "points to nothing, set in ~/.zshrc",
			setup: func(w *world) {
				w.env["GOROOT"] = "/usr/local/go"
				w.file(home+"/.zshrc", "eval \"$(gov env zsh)\"\n# old setup\nexport GOROOT=/usr/local/go\n", 0o644)
			},
			id: "goroot", status: Fail, summary: "GOROOT=/usr/local/go points to nothing",
			fix: "unset GOROOT   # and delete the line that sets it: ~/.zshrc:3",
		},
		{
			name: "set in ~/.bash_profile and config.fish",
			setup: func(w *world) {
				w.env["GOROOT"] = "/nowhere"
				w.file(home+"/.bash_profile", "GOROOT=/nowhere; export GOROOT\n", 0o644)
				w.file(home+"/.config/fish/config.fish", "set -gx GOROOT /nowhere\n", 0o644)
			},
			id: "goroot", status: Fail, summary: "points to nothing", fix: "~/.bash_profile:1, ~/.config/fish/config.fish:1",
		},
		{
			name: "fish unsets differently",
			setup: func(w *world) {
				w.env["GOROOT"] = "/nowhere"
				w.parent = "fish"
			},
			id: "goroot", status: Fail, summary: "points to nothing", fix: "set -e GOROOT   # and remove it from wherever your session sets it",
		},
		{
			name: "a folder without src/fmt",
			setup: func(w *world) {
				w.env["GOROOT"] = "/usr/lib/go"
				w.file("/usr/lib/go/VERSION", "go1.21.0\n", 0o644)
			},
			id: "goroot", status: Fail, summary: "GOROOT=/usr/lib/go is not a Go SDK: it has no src/fmt", detail: "package fmt is not in std",
		},
		{
			name: "another SDK than gov selects",
			setup: func(w *world) {
				w.env["GOROOT"] = "/usr/local/go"
				w.file("/usr/local/go/VERSION", "go1.21.0\n", 0o644)
				w.mkdir("/usr/local/go/src/fmt")
			},
			id: "goroot", status: Fail,
			summary: "GOROOT=/usr/local/go (go1.21.0) is not the SDK gov selects here (~/.gov/sdk/go1.22.3.linux-amd64)",
		},
		{
			name:  "the SDK gov selects",
			setup: func(w *world) { w.env["GOROOT"] = sdkDir("1.22.3", "linux-amd64") },
			id:    "goroot", status: Warn, summary: "GOROOT is set (/home/me/.gov/sdk/go1.22.3.linux-amd64); gov's shim sets it per command, so remove it",
			fix: "unset GOROOT",
		},
		{
			name: "relative",
			setup: func(w *world) {
				w.env["GOROOT"] = "sdk"
				w.mkdir(home + "/proj/sdk/src/fmt")
			},
			id: "goroot", status: Fail, summary: "GOROOT=/home/me/proj/sdk (unknown version) is not the SDK gov selects here",
		},
	})
}
