package doctor

import (
	"context"
	"strings"
	"testing"
)

// hookShell makes the environment a hook-mode shell's (gov env zsh
// --hook) with the SDK of version first: its bin directly before the
// shims, GOTOOLCHAIN=local exported by the hook for a user who set none.
func (w *world) hookShell(version string) {
	bin := sdkDir(version, "linux-amd64") + "/bin"
	w.cmds[bin+"/go version"] = answer{out: "go version go" + version + " linux/amd64\n"}
	w.env["PATH"] = bin + ":" + w.env["PATH"]
	w.env["GOTOOLCHAIN"] = "local"
	w.env["GOV_HOOK_GOTOOLCHAIN"] = "unset"
}

// A healthy shell in hook mode passes every check, as the healthy world
// in shim mode does.
func TestHealthyHookMode(t *testing.T) {
	w := newWorld(t)
	w.hookShell("1.22.3")
	w.online = true
	w.probes["https://proxy.golang.org/"] = answer{code: 302}
	w.probes[dlIndex] = answer{code: 200}
	w.probes[toolchainList] = answer{code: 200}
	for _, g := range Run(context.Background(), w.system(), Checks()) {
		for _, r := range g.Results {
			if r.Status != OK {
				t.Errorf("%s = %s %q (fix %q), want ok", r.ID, r.Status, r.Summary, r.Fix)
			}
		}
	}
}

// hookMode recognizes a store SDK's bin before the shims, and nothing
// else.
func TestHookMode(t *testing.T) {
	const shims = home + "/.gov/shims"
	bin := sdkDir("1.22.3", "linux-amd64") + "/bin"
	tests := []struct {
		name, path string
		want       string // the hook's directory, "" for shim mode
	}{
		{"shim mode", shims + ":/usr/bin", ""},
		{"hook mode", bin + ":" + shims + ":/usr/bin", bin},
		{"hook mode, a directory between", bin + ":/usr/local/bin:" + shims, bin},
		{"after the shims", shims + ":" + bin, ""},
		{"no shims in PATH", bin + ":/usr/bin", ""},
		{"the SDK itself, not its bin", sdkDir("1.22.3", "linux-amd64") + ":" + shims, ""},
		{"not an SDK's name", home + "/.gov/sdk/mine/bin:" + shims, ""},
		{"an SDK's name outside the store", "/opt/go1.22.3.linux-amd64/bin:" + shims, ""},
		{"gov's own bin", home + "/.gov/bin:" + shims, ""},
		{"a GOV_HOME written another way", home + "/.gov/../.gov/sdk/go1.22.3.linux-amd64/bin:" + shims, bin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.mkdir("/opt/go1.22.3.linux-amd64/bin")
			w.mkdir(home + "/.gov/sdk/mine/bin")
			w.env["PATH"] = tt.path
			got := ""
			if h := w.system().hookMode(); h != nil {
				got = h.dir
				if h.version.Toolchain() != "go1.22.3" {
					t.Errorf("version %s, want go1.22.3", h.version.Toolchain())
				}
			}
			if got != tt.want {
				t.Errorf("hookMode() = %q, want %q", got, tt.want)
			}
		})
	}
}

// The GOTOOLCHAIN=local that gov's prompt hook exports is not the user's
// setting (goenv.Unhook reads the user's own from GOV_HOOK_GOTOOLCHAIN);
// a GOTOOLCHAIN=local the user set is.
func TestHookToolchain(t *testing.T) {
	runCases(t, checkToolchain, []checkCase{
		{
			name:  "the hook's GOTOOLCHAIN=local",
			setup: func(w *world) { w.hookShell("1.22.3") },
			id:    "gotoolchain", status: OK,
			summary: "gov's shim and gov's prompt hook (hook mode) run go with GOTOOLCHAIN=local: no toolchain is downloaded behind gov's back",
			detail:  "GOV_HOOK_GOTOOLCHAIN=unset: you set no GOTOOLCHAIN of your own",
		},
		{
			name:  "the user's own GOTOOLCHAIN=local",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "local" },
			id:    "gotoolchain", status: OK, summary: "GOTOOLCHAIN=local: the go command never switches toolchains",
		},
		{
			name: "the user's own GOTOOLCHAIN=local in hook mode",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				delete(w.env, "GOV_HOOK_GOTOOLCHAIN")
			},
			id: "gotoolchain", status: OK, summary: "GOTOOLCHAIN=local: the go command never switches toolchains",
		},
		{
			name: "the user's GOTOOLCHAIN=auto, which the hook keeps",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				w.env["GOV_HOOK_GOTOOLCHAIN"] = "auto"
			},
			id: "gotoolchain", status: Warn,
			summary: "GOTOOLCHAIN=auto: when a go.mod asks for a newer Go, the go command downloads it behind gov's back",
			detail:  "GOV_HOOK_GOTOOLCHAIN=auto keeps your own",
		},
		{
			// The hook's local does not stop the raise to what go.mod
			// requires, as the user's own would.
			name: "the hook's GOTOOLCHAIN=local and a go.mod that raises the default",
			setup: func(w *world) {
				w.install("1.23.0", "linux-amd64")
				w.file(home+"/proj/go.mod", "module m\ngo 1.23.0\n", 0o644)
				w.hookShell("1.23.0")
			},
			id: "gotoolchain.module", status: OK, summary: "~/proj/go.mod requires go1.23.0; gov runs it here (raised from 1.22.3)",
		},
		{
			name: "the user's GOTOOLCHAIN=local and a go.mod that would raise the default",
			setup: func(w *world) {
				w.install("1.23.0", "linux-amd64")
				w.file(home+"/proj/go.mod", "module m\ngo 1.23.0\n", 0o644)
				w.env["GOTOOLCHAIN"] = "local"
			},
			id: "gotoolchain.module", status: Fail, summary: "~/proj/go.mod requires go1.23.0, but go1.22.3 runs here",
		},
	})
	runCases(t, checkPath, []checkCase{
		{
			name: "the hook's SDK, raised by go.mod",
			setup: func(w *world) {
				w.install("1.23.0", "linux-amd64")
				w.file(home+"/proj/go.mod", "module m\ngo 1.23.0\n", 0o644)
				w.hookShell("1.23.0")
			},
			id: "path.go", status: OK, summary: "go is go1.23.0 from gov's store, put first in PATH by gov's prompt hook (hook mode); gov selects it here (required by ~/proj/go.mod, raised from 1.22.3",
		},
	})
}

// A setting from go env -w that the hook's GOTOOLCHAIN=local overrides
// names the hook, not the user's environment.
func TestHookGoEnv(t *testing.T) {
	const file = home + "/.config/go/env"
	runCases(t, checkGoEnv, []checkCase{
		{
			name: "the hook's GOTOOLCHAIN overrides go env -w",
			setup: func(w *world) {
				w.file(file, "GOTOOLCHAIN=auto\n", 0o644)
				w.hookShell("1.22.3")
			},
			id: "goenv.gotoolchain", status: Warn, summary: "go env -w set GOTOOLCHAIN=auto",
			detail: "; gov's prompt hook's GOTOOLCHAIN=local (hook mode) overrides it for now",
		},
		{
			name: "the hook's GOTOOLCHAIN, in the list",
			setup: func(w *world) {
				w.file(file, "GOTOOLCHAIN=auto\n", 0o644)
				w.hookShell("1.22.3")
			},
			id: "goenv", status: OK, detail: "GOTOOLCHAIN=auto (gov's prompt hook's GOTOOLCHAIN=local (hook mode) overrides it)",
		},
		{
			name: "the user's GOTOOLCHAIN overrides go env -w",
			setup: func(w *world) {
				w.file(file, "GOTOOLCHAIN=auto\n", 0o644)
				w.env["GOTOOLCHAIN"] = "local"
			},
			id: "goenv.gotoolchain", status: Warn, detail: "; the environment's GOTOOLCHAIN=local overrides it for now",
		},
	})
}

// Every hook-mode line names hook mode where it says hook.
func TestHookModeSaysSo(t *testing.T) {
	w := newWorld(t)
	w.hookShell("1.22.3")
	for _, id := range []string{"path.shims", "path.go", "path.gofmt"} {
		var found bool
		for _, r := range checkPath(context.Background(), w.system()) {
			if r.ID == id {
				found = true
				if !strings.Contains(r.Summary, "(hook mode)") {
					t.Errorf("%s = %q, want it to say hook mode", id, r.Summary)
				}
			}
		}
		if !found {
			t.Errorf("no %s", id)
		}
	}
}

// The shell's mode is reported, ok either way, with the mode the start-up
// line gives new shells.
func TestShellMode(t *testing.T) {
	runCases(t, checkShell, []checkCase{
		{
			name: "shim mode", id: "shell.mode", status: OK, summary: "shim mode: every go goes through gov's shim",
			detail: "no SDK's bin from gov's store comes before gov's shims in PATH\nnew zsh shells start in shim mode (~/.zshrc:2 has no --hook)",
		},
		{
			name:  "hook mode",
			setup: func(w *world) { w.hookShell("1.22.3") },
			id:    "shell.mode", status: OK, summary: "hook mode: the prompt hook puts the selected SDK's bin before the shims (gov env zsh --hook)",
			detail: "PATH entry 1 is ~/.gov/sdk/go1.22.3.linux-amd64/bin, the bin of go1.22.3 in gov's store, and entry 2 gov's shims: go at the prompt is that SDK's own, not the shim",
		},
		{
			name: "hook mode, from the start-up line",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				w.file(home+"/.zshrc", "# gov\neval \"$(gov env zsh --hook)\"\n", 0o644)
			},
			id: "shell.mode", status: OK, summary: "hook mode", detail: "new zsh shells start in hook mode (~/.zshrc:2 has --hook)",
		},
		{
			name: "hook mode in bash",
			setup: func(w *world) {
				w.hookShell("1.22.3")
				w.parent = "bash"
			},
			id: "shell.mode", status: OK, summary: "(gov env bash --hook)",
		},
		{
			name: "hook mode, the hook's SDK not the one selected here",
			setup: func(w *world) {
				w.install("1.21.10", "linux-amd64")
				w.hookShell("1.21.10")
			},
			id: "shell.mode", status: OK, summary: "hook mode: ", detail: "the bin of go1.21.10 in gov's store",
		},
	})
	w := newWorld(t)
	w.env["PATH"] = "/usr/bin:/bin"
	if r, ok := results(t, checkShell, w.system())["shell.mode"]; ok {
		t.Errorf("without the shims in PATH: shell.mode = %s %q, want no such line", r.Status, r.Summary)
	}
}
