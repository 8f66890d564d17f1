package doctor

import (
	"strings"
	"testing"
)

func TestPath(t *testing.T) {
	const shims = home + "/.gov/shims"
	runCases(t, checkPath, []checkCase{
		{name: "healthy", id: "path.go", status: OK, summary: "go is gov's shim; it runs go1.22.3 here (set by ~/.gov/version)"},
		{name: "healthy gofmt", id: "path.gofmt", status: OK, summary: "gofmt is gov's shim"},
		{name: "healthy shims", id: "path.shims", status: OK, summary: "gov's shims (~/.gov/shims) come first in PATH"},
		{
			name: "homebrew go first",
			setup: func(w *world) {
				w.fakeGo("/opt/homebrew/Cellar/go/1.21.5/libexec/bin/go", "1.21.5")
				w.symlink("../Cellar/go/1.21.5/libexec/bin/go", "/opt/homebrew/bin/go")
				w.cmds["/opt/homebrew/bin/go version"] = answer{out: "go version go1.21.5 darwin/arm64\n"}
				w.env["PATH"] = "/opt/homebrew/bin:" + shims + ":/usr/bin"
			},
			id: "path.go", status: Fail,
			summary: "go is /opt/homebrew/bin/go (go1.21.5, Homebrew's go), which comes before gov's shims in PATH",
			fix:     "brew uninstall go",
			detail:  "/opt/homebrew/bin/go  go1.21.5 (Homebrew's go)\n  " + shims + "/go  gov's shim: it runs go1.22.3",
		},
		{
			name: "homebrew formula go@1.21",
			setup: func(w *world) {
				w.fakeGo("/usr/local/Cellar/go@1.21/1.21.5/bin/go", "1.21.5")
				w.symlink("../Cellar/go@1.21/1.21.5/bin/go", "/usr/local/bin/go")
				w.cmds["/usr/local/bin/go version"] = answer{out: "go version go1.21.5 darwin/amd64\n"}
				w.env["PATH"] = "/usr/local/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "Homebrew's go@1.21", fix: "brew uninstall go@1.21",
		},
		{
			name: "shims after homebrew",
			setup: func(w *world) {
				w.fakeGo("/opt/homebrew/bin/go", "1.21.5")
				w.env["PATH"] = "/usr/bin:/opt/homebrew/bin:" + shims
			},
			id: "path.shims", status: Fail,
			summary: "gov's shims come after /opt/homebrew/bin in PATH, which has its own go", detail: "PATH entry 2 is /opt/homebrew/bin, entry 3 gov's shims",
			fix: `eval "$(gov env zsh)"   # if new shells still put /opt/homebrew/bin first, move gov's line to the end of ~/.zshrc`,
		},
		{
			name: "go.dev installer's /usr/local/go",
			setup: func(w *world) {
				w.fakeGo("/usr/local/go/bin/go", "1.21.0")
				w.env["PATH"] = "/usr/local/go/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "go is /usr/local/go/bin/go (go1.21.0, the go.dev installer's /usr/local/go)",
			fix: "gov import /usr/local/go && sudo rm -rf /usr/local/go",
		},
		{
			name: "/usr/local/go on macOS also has paths.d",
			setup: func(w *world) {
				w.plat = Platform{OS: "darwin", Arch: "arm64"}
				w.fakeGo("/usr/local/go/bin/go", "1.21.0")
				w.env["PATH"] = "/usr/local/go/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "/usr/local/go/bin/go", fix: "sudo rm -rf /usr/local/go /etc/paths.d/go",
		},
		{
			name: "debian's go",
			setup: func(w *world) {
				w.file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n", 0o644)
				w.fakeGo("/usr/bin/go", "1.19.8")
				w.env["PATH"] = "/usr/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "go is /usr/bin/go (go1.19.8, the system's go package)", fix: "sudo apt-get remove golang-go",
		},
		{
			name: "debian's versioned go directory",
			setup: func(w *world) {
				w.file("/etc/os-release", "ID=ubuntu\nID_LIKE=debian\n", 0o644)
				w.fakeGo("/usr/lib/go-1.19/bin/go", "1.19.8")
				w.env["PATH"] = "/usr/lib/go-1.19/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "the system's go package", fix: "sudo apt-get remove golang-1.19-go",
		},
		{
			name: "fedora's go",
			setup: func(w *world) {
				w.file("/etc/os-release", "ID=fedora\n", 0o644)
				w.fakeGo("/usr/bin/go", "1.21.0")
				w.env["PATH"] = "/usr/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "/usr/bin/go", fix: "sudo dnf remove golang",
		},
		{
			name: "snap",
			setup: func(w *world) {
				w.fakeGo("/snap/bin/go", "1.21.0")
				w.env["PATH"] = "/snap/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "the go snap", fix: "sudo snap remove go",
		},
		{
			name: "some other go",
			setup: func(w *world) {
				w.fakeGo(home+"/bin/go", "1.20")
				w.env["PATH"] = home + "/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "go is /home/me/bin/go (go1.20)", fix: "remove /home/me/bin from PATH in your shell's start-up files",
		},
		{
			name: "a go that does not say its version",
			setup: func(w *world) {
				w.file("/usr/local/bin/go", "#!/bin/sh\nexit 1\n", 0o755)
				w.env["PATH"] = "/usr/local/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "go is /usr/local/bin/go (version unknown: exec: /usr/local/bin/go: not in this world)",
		},
		{
			name: "shims not in PATH, line in the rc file",
			setup: func(w *world) {
				w.fakeGo("/usr/bin/go", "1.19.8")
				w.env["PATH"] = "/usr/bin:/bin"
			},
			id: "path.shims", status: Fail, summary: "gov's shims (~/.gov/shims) are not in PATH",
			fix: `eval "$(gov env zsh)"   # this shell started before the line was added`,
		},
		{
			name: "shims not in PATH, no line anywhere",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.env["PATH"] = "/usr/bin:/bin"
			},
			id: "path.shims", status: Fail, summary: "are not in PATH", fix: `echo 'eval "$(gov env zsh)"' >> ~/.zshrc`,
		},
		{
			name: "another go and no shims in PATH",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.fakeGo("/usr/bin/go", "1.19.8")
				w.env["PATH"] = "/usr/bin:/bin"
			},
			id: "path.go", status: Fail, summary: "go is /usr/bin/go (go1.19.8, the system's go package), not gov's shim",
			fix: `echo 'eval "$(gov env zsh)"' >> ~/.zshrc`,
		},
		{
			name:  "no go at all",
			setup: func(w *world) { w.env["PATH"] = "/usr/bin:/bin" },
			id:    "path.go", status: Fail, summary: "no go in PATH", detail: "every go in PATH, in order: none",
		},
		{
			name:  "shims directory without shims",
			setup: func(w *world) { w.remove(shims + "/go") },
			id:    "path.shims", status: Fail, summary: "~/.gov/shims is in PATH but holds no go shim", fix: "gov install 1.22.3",
		},
		{
			name: "gofmt from elsewhere",
			setup: func(w *world) {
				w.file("/usr/local/bin/gofmt", "#!/bin/sh\n", 0o755)
				w.env["PATH"] = "/usr/local/bin:" + shims
			},
			id: "path.gofmt", status: Fail, summary: "gofmt is /usr/local/bin/gofmt, which comes before gov's shims in PATH",
		},
		{
			name: "shims not first, but nothing before them has a go",
			setup: func(w *world) {
				w.file("/usr/local/bin/make", "#!/bin/sh\n", 0o755)
				w.env["PATH"] = "/usr/local/bin:" + shims
			},
			id: "path.shims", status: OK, summary: "come first in PATH", detail: "entry 2 of PATH",
		},
		{
			name:  "the shim fails here",
			setup: func(w *world) { w.file(home+"/.gov/version", "1.99.0\n", 0o644) },
			id:    "path.go", status: Fail, summary: "go is gov's shim; it fails here: go1.99.0 is not installed",
			fix: "gov install 1.99.0",
		},
		{
			name:  "hook mode",
			setup: func(w *world) { w.hookShell("1.22.3") },
			id:    "path.go", status: OK,
			summary: "go is go1.22.3 from gov's store, put first in PATH by gov's prompt hook (hook mode); gov selects it here (set by ~/.gov/version)",
			detail:  sdkDir("1.22.3", "linux-amd64") + "/bin/go  go1.22.3 (gov's store)\n  " + shims + "/go  gov's shim: it runs go1.22.3",
		},
		{
			name:  "hook mode gofmt",
			setup: func(w *world) { w.hookShell("1.22.3") },
			id:    "path.gofmt", status: OK, summary: "gofmt is go1.22.3's gofmt from gov's store, put first in PATH by gov's prompt hook (hook mode)",
		},
		{
			name:  "hook mode shims",
			setup: func(w *world) { w.hookShell("1.22.3") },
			id:    "path.shims", status: OK,
			summary: "gov's shims (~/.gov/shims) come first in PATH after go1.22.3's bin, which gov's prompt hook put before them (hook mode)",
			detail:  "entry 2 of PATH; entry 1 is ~/.gov/sdk/go1.22.3.linux-amd64/bin, from gov's store, which the prompt hook (gov env zsh --hook) keeps before the shims",
		},
		{
			name: "hook mode, the hook's SDK is not the one selected here",
			setup: func(w *world) {
				w.install("1.21.10", "linux-amd64")
				w.hookShell("1.21.10")
			},
			id: "path.go", status: Warn,
			summary: "go is go1.21.10 from gov's store, put first in PATH by gov's prompt hook, but gov's shim runs go1.22.3 here (set by ~/.gov/version)",
			fix:     "press Enter for a new prompt (the hook updates PATH), or run the shim: ~/.gov/shims/go; a script that changes directory keeps its shell's go",
		},
		{
			name: "hook mode, gofmt of an SDK not selected here",
			setup: func(w *world) {
				w.install("1.21.10", "linux-amd64")
				w.hookShell("1.21.10")
			},
			id: "path.gofmt", status: Warn, summary: "gofmt is go1.21.10's gofmt from gov's store, put first in PATH by gov's prompt hook, but gov's shim runs go1.22.3 here",
			fix: "run the shim: ~/.gov/shims/gofmt",
		},
		{
			name: "hook mode, the hook's SDK is not the one selected here, shims",
			setup: func(w *world) {
				w.install("1.21.10", "linux-amd64")
				w.hookShell("1.21.10")
			},
			id: "path.shims", status: OK, summary: "after go1.21.10's bin, which gov's prompt hook put before them (hook mode)",
		},
		{
			name: "hook mode, the same version for another platform",
			setup: func(w *world) {
				w.install("1.22.3", "linux-arm64")
				w.hookShell("1.22.3")
				w.env["PATH"] = strings.Replace(w.env["PATH"], "linux-amd64", "linux-arm64", 1)
			},
			id: "path.go", status: Warn,
			summary: "go is go1.22.3.linux-arm64 from gov's store, put first in PATH by gov's prompt hook, but gov's shim runs go1.22.3 here (set by ~/.gov/version)",
		},
		{
			name: "hook mode, and here a pin that is not installed",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				w.file(home+"/proj/.go-version", "1.99.0\n", 0o644)
			},
			id: "path.go", status: Fail,
			summary: "go is go1.22.3 from gov's store, put first in PATH by gov's prompt hook, but gov's shim fails here: go1.99.0 is not installed",
			fix:     "gov install 1.99.0",
		},
		{
			name: "hook mode, another go before the hook's",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				w.fakeGo("/usr/local/go/bin/go", "1.21.0")
				w.env["PATH"] = "/usr/local/go/bin:" + w.env["PATH"]
			},
			id: "path.go", status: Fail,
			summary: "go is /usr/local/go/bin/go (go1.21.0, the go.dev installer's /usr/local/go), which comes before gov's shims in PATH",
		},
		{
			name: "hook mode, another go before the hook's, shims",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				w.fakeGo("/usr/local/go/bin/go", "1.21.0")
				w.env["PATH"] = "/usr/local/go/bin:" + w.env["PATH"]
			},
			id: "path.shims", status: Fail, summary: "gov's shims come after /usr/local/go/bin in PATH, which has its own go",
			fix: `eval "$(gov env zsh --hook)"   # if new shells still put /usr/local/go/bin first`,
		},
		{
			name: "hook mode, another go between the hook's and the shims",
			setup: func(w *world) {
				w.fakeGo("/usr/local/go/bin/go", "1.21.0")
				w.env["PATH"] = sdkDir("1.22.3", "linux-amd64") + "/bin:/usr/local/go/bin:" + w.env["PATH"]
			},
			id: "path.shims", status: Fail, summary: "gov's shims come after /usr/local/go/bin in PATH, which has its own go",
		},
		{
			name: "two SDK bins from the store before the shims",
			setup: func(w *world) {
				w.install("1.21.10", "linux-amd64")
				w.hookShell("1.22.3")
				w.env["PATH"] = sdkDir("1.21.10", "linux-amd64") + "/bin:" + w.env["PATH"]
			},
			id: "path.shims", status: Fail, summary: "gov's shims come after " + sdkDir("1.22.3", "linux-amd64") + "/bin in PATH, which has its own go",
		},
		{
			name: "an SDK's bin from outside gov's store",
			setup: func(w *world) {
				w.fakeGo("/opt/go1.22.3.linux-amd64/bin/go", "1.22.3")
				w.env["PATH"] = "/opt/go1.22.3.linux-amd64/bin:" + shims
			},
			id: "path.go", status: Fail, summary: "go is /opt/go1.22.3.linux-amd64/bin/go (go1.22.3), which comes before gov's shims in PATH",
		},
	})
}
