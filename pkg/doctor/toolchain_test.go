package doctor

import "testing"

func TestToolchain(t *testing.T) {
	const mod = home + "/proj/go.mod"
	runCases(t, checkToolchain, []checkCase{
		{
			name: "unset", id: "gotoolchain", status: OK, summary: "gov's shim runs go with GOTOOLCHAIN=local",
			detail: "a go run outside gov's shim would use GOTOOLCHAIN=auto (from the SDK's go.env)",
		},
		{
			name:  "outside the shim, go env -w wins over go.env",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOTOOLCHAIN=go1.21.0+auto\n", 0o644) },
			id:    "gotoolchain", status: OK, detail: "GOTOOLCHAIN=go1.21.0+auto (from go env -w)",
		},
		{
			name:  "auto in the environment",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "auto" },
			id:    "gotoolchain", status: Warn, summary: "GOTOOLCHAIN=auto: when a go.mod asks for a newer Go, the go command downloads it behind gov's back",
			fix: "unset GOTOOLCHAIN",
		},
		{
			name:  "a minimum with auto",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "go1.21.0+auto" },
			id:    "gotoolchain", status: Warn, summary: "GOTOOLCHAIN=go1.21.0+auto: when a go.mod",
		},
		{
			name:  "path",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "path" },
			id:    "gotoolchain", status: OK, summary: "GOTOOLCHAIN=path: the go command switches only to toolchains in PATH",
		},
		{
			name:  "local",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "local" },
			id:    "gotoolchain", status: OK, summary: "GOTOOLCHAIN=local: the go command never switches toolchains",
		},
		{
			name:  "a version gov installed",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "go1.22.3" },
			id:    "gotoolchain", status: Warn, summary: "GOTOOLCHAIN=go1.22.3: every go command runs go1.22.3, whatever .go-version or go.mod say",
		},
		{
			name:  "a version gov did not install",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "go1.23.0" },
			id:    "gotoolchain", status: Warn, summary: "every go command downloads and runs go1.23.0, which gov has not installed",
		},
		{
			name:  "nonsense",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "newest" },
			id:    "gotoolchain", status: Fail, summary: "GOTOOLCHAIN=newest is not valid: every go command fails", fix: "unset GOTOOLCHAIN",
		},
		{
			name:  "a bad mode",
			setup: func(w *world) { w.env["GOTOOLCHAIN"] = "go1.21.0+always" },
			id:    "gotoolchain", status: Fail, summary: "is not valid",
		},
		{name: "no module", id: "gotoolchain.module", status: OK, summary: "no go.mod or go.work here"},
		{
			name:  "a module the default satisfies",
			setup: func(w *world) { w.file(mod, "module m\n\ngo 1.21\n", 0o644) },
			id:    "gotoolchain.module", status: OK, summary: "~/proj/go.mod requires go1.21.0; go1.22.3 runs here", detail: "~/proj/go.mod: go 1.21",
		},
		{
			name:  "a module in a parent directory",
			setup: func(w *world) { w.file(home+"/go.mod", "module m\ngo 1.20\n", 0o644) },
			id:    "gotoolchain.module", status: OK, summary: "~/go.mod requires go1.20",
		},
		{
			name:  "a newer toolchain line, not installed",
			setup: func(w *world) { w.file(mod, "module m\n\ngo 1.22\n\ntoolchain go1.23.1\n", 0o644) },
			id:    "gotoolchain.module", status: Fail, summary: "~/proj/go.mod requires go1.23.1, which gov has not installed",
			fix: "gov install 1.23", detail: "go 1.22, toolchain go1.23.1",
		},
		{
			name: "a .go-version under a newer toolchain line only: the go command builds",
			setup: func(w *world) {
				w.file(home+"/proj/.go-version", "1.22.3\n", 0o644)
				w.file(mod, "module m\ngo 1.21\ntoolchain go1.23.1\n", 0o644)
			},
			id: "gotoolchain.module", status: OK,
			summary: "~/proj/go.mod requires go1.21.0 and prefers go1.23.1 (its toolchain line); go1.22.3 runs here (set by ~/proj/.go-version), which meets the requirement",
		},
		{
			name: "a .go-version under a toolchain line and no go line",
			setup: func(w *world) {
				w.file(home+"/proj/.go-version", "1.22.3\n", 0o644)
				w.file(mod, "module m\ntoolchain go1.23.1\n", 0o644)
			},
			id: "gotoolchain.module", status: OK,
			summary: "~/proj/go.mod prefers go1.23.1 (its toolchain line); go1.22.3 runs here (set by ~/proj/.go-version)",
		},
		{
			name:  "modules off",
			setup: func(w *world) { w.env["GO111MODULE"] = "off"; w.file(mod, "module m\ngo 1.23.0\n", 0o644) },
			id:    "gotoolchain.module", status: OK, summary: "GO111MODULE=off: modules are off, so go.mod and go.work choose no Go",
		},
		{
			name: "a newer go line, installed",
			setup: func(w *world) {
				w.install("1.23.0", "linux-amd64")
				w.file(mod, "module m\ngo 1.23.0\n", 0o644)
			},
			id: "gotoolchain.module", status: OK, summary: "~/proj/go.mod requires go1.23.0; gov runs it here (raised from 1.22.3)",
		},
		{
			name: "a .go-version that pins an older Go",
			setup: func(w *world) {
				w.file(home+"/proj/.go-version", "1.22.3\n", 0o644)
				w.file(mod, "module m\ngo 1.23.0\n", 0o644)
			},
			id: "gotoolchain.module", status: Fail,
			summary: "~/proj/go.mod requires go1.23.0, but go1.22.3 runs here (set by ~/proj/.go-version): go commands here fail",
			fix:     "cd ~/proj && gov use 1.23   # pins the newest 1.23.x",
		},
		{
			name: "GOV_VERSION pins an older Go",
			setup: func(w *world) {
				w.env["GOV_VERSION"] = "1.22.3"
				w.file(mod, "module m\ngo 1.23.0\n", 0o644)
			},
			id: "gotoolchain.module", status: Fail, summary: "(set by GOV_VERSION)", fix: "gov shell 1.23",
		},
		{
			name: "GOTOOLCHAIN=local keeps the older default",
			setup: func(w *world) {
				w.env["GOTOOLCHAIN"] = "local"
				w.file(mod, "module m\ngo 1.23.0\n", 0o644)
			},
			id: "gotoolchain.module", status: Fail, summary: "but go1.22.3 runs here (set by ~/.gov/version)", fix: "unset GOTOOLCHAIN",
		},
		{
			name: "go.work wins over go.mod",
			setup: func(w *world) {
				w.file(mod, "module m\ngo 1.21\n", 0o644)
				w.file(home+"/go.work", "go 1.24.0\nuse ./proj\n", 0o644)
			},
			id: "gotoolchain.module", status: Fail, summary: "~/go.work requires go1.24.0, which gov has not installed",
		},
		{
			name: "GOWORK=off",
			setup: func(w *world) {
				w.env["GOWORK"] = "off"
				w.file(mod, "module m\ngo 1.21\n", 0o644)
				w.file(home+"/go.work", "go 1.24.0\n", 0o644)
			},
			id: "gotoolchain.module", status: OK, summary: "~/proj/go.mod requires go1.21.0",
		},
		{
			name:  "a bad toolchain line",
			setup: func(w *world) { w.file(mod, "module m\ngo 1.21\ntoolchain 1.22\n", 0o644) },
			id:    "gotoolchain.module", status: Fail, summary: "invalid toolchain \"1.22\" in /home/me/proj/go.mod",
		},
		{
			name:  "an invalid go line is ignored, as the go command ignores it",
			setup: func(w *world) { w.file(mod, "module m\ngo 1.22.3.4\n", 0o644) },
			id:    "gotoolchain.module", status: Warn, summary: `the go line of ~/proj/go.mod, "1.22.3.4", is not a Go version: the go command and gov ignore it`,
			fix: "go mod edit -go=1.22",
		},
		{
			name:  "no go line",
			setup: func(w *world) { w.file(mod, "module m\n", 0o644) },
			id:    "gotoolchain.module", status: OK, summary: "~/proj/go.mod names no Go version",
		},
	})
}

// A pin older than the module's go line fails every go command; the fix
// pins the newest release of the line the module requires (security
// fixes included), not its x.y.0, and is a command gov runs as written.
func TestPinOlderThanModuleFix(t *testing.T) {
	tests := []struct {
		name, pinDir, pin, gomod string
		env                      map[string]string
		want                     string
	}{
		{
			name: "go 1.25.0", pinDir: home + "/proj", pin: "1.24.5", gomod: "go 1.25.0",
			want: "cd ~/proj && gov use 1.25   # pins the newest 1.25.x",
		},
		{
			name: "the pin in a parent directory", pinDir: home, pin: "1.24.5", gomod: "go 1.25.0",
			want: "cd ~ && gov use 1.25   # pins the newest 1.25.x",
		},
		{
			name: "a toolchain line: the newest of its line", pinDir: home + "/proj", pin: "1.24.5", gomod: "go 1.25.0\ntoolchain go1.26.2",
			want: "cd ~/proj && gov use 1.26   # pins the newest 1.26.x",
		},
		{
			name: "a language version", pinDir: home + "/proj", pin: "1.24.5", gomod: "go 1.25",
			want: "cd ~/proj && gov use 1.25   # pins the newest 1.25.x",
		},
		{
			name: "a release before 1.21", pinDir: home + "/proj", pin: "1.19.13", gomod: "go 1.20",
			want: "cd ~/proj && gov use 1.20   # pins the newest 1.20.x",
		},
		{
			name: "a pre-release, exactly", pinDir: home + "/proj", pin: "1.24.5", gomod: "go 1.27rc1",
			want: "cd ~/proj && gov use 1.27rc1",
		},
		{
			name: "GOV_VERSION", env: map[string]string{"GOV_VERSION": "1.24.5"}, gomod: "go 1.25.0",
			want: "gov shell 1.25",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.install("1.24.5", "linux-amd64")
			w.install("1.19.13", "linux-amd64")
			if tt.pinDir != "" {
				w.file(tt.pinDir+"/.go-version", tt.pin+"\n", 0o644)
			}
			for k, v := range tt.env {
				w.env[k] = v
			}
			w.file(home+"/proj/go.mod", "module m\n\n"+tt.gomod+"\n", 0o644)
			r := w.system().moduleRequirement()
			if r.Status != Fail || r.Fix != tt.want {
				t.Errorf("moduleRequirement() = %s %q, fix %q; want fail, fix %q", r.Status, r.Summary, r.Fix, tt.want)
			}
		})
	}
}
