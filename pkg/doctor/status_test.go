package doctor

import (
	"context"
	"strings"
	"testing"
)

// brokenWorlds break the healthy world in the ways whose lines used to say
// "ok" beside a text that something fails, is missing or is not in PATH.
var brokenWorlds = []struct {
	name  string
	setup func(w *world)
}{
	{"healthy", nil},
	{"nothing installed", func(w *world) {
		w.remove(home + "/.gov/sdk")
		w.remove(home + "/.gov/version")
		w.remove(home + "/.gov/shims")
	}},
	{"a pin that is not installed", func(w *world) { w.file(home+"/proj/.go-version", "1.99.0\n", 0o644) }},
	{"no version selected", func(w *world) { w.remove(home + "/.gov/version") }},
	{"GOBIN not in PATH", func(w *world) { w.env["PATH"] = home + "/.gov/shims:/usr/bin" }},
	{"a tool shadowed", func(w *world) {
		w.file(home+"/go/bin/gopls", "new", 0o755)
		w.file("/usr/local/bin/gopls", "old", 0o755)
		w.env["PATH"] = home + "/.gov/shims:/usr/local/bin:" + home + "/go/bin"
	}},
	{"a relative GOBIN", func(w *world) { w.env["GOBIN"] = "bin" }},
	{"a relative GOBIN from go env -w", func(w *world) { w.file(home+"/.config/go/env", "GOBIN=bin\n", 0o644) }},
	{"SHELL unset", func(w *world) { delete(w.env, "SHELL") }},
	{"a shell gov has no code for", func(w *world) { w.env["SHELL"] = "/bin/tcsh"; w.parent = "tcsh" }},
	{"GOPROXY=off", func(w *world) { w.online = true; w.env["GOPROXY"] = "off" }},
	{"a proxy whose root page is 404", func(w *world) {
		w.online = true
		w.env["GOPROXY"] = "https://athens.corp"
		w.probes["https://athens.corp/"] = answer{code: 404}
	}},
	{"a pin under a newer toolchain line", func(w *world) {
		w.file(home+"/proj/.go-version", "1.22.3\n", 0o644)
		w.file(home+"/proj/go.mod", "module m\ngo 1.21\ntoolchain go1.23.1\n", 0o644)
	}},
	{"a pin older than go.mod", func(w *world) {
		w.file(home+"/proj/.go-version", "1.22.3\n", 0o644)
		w.file(home+"/proj/go.mod", "module m\ngo 1.23.0\n", 0o644)
	}},
	{"hook mode", func(w *world) { w.hookShell("1.22.3") }},
	{"hook mode, the hook's SDK not the one selected here", func(w *world) {
		w.install("1.21.10", "linux-amd64")
		w.hookShell("1.21.10")
	}},
	{"hook mode, a pin that is not installed", func(w *world) {
		w.hookShell("1.22.3")
		w.file(home+"/proj/.go-version", "1.99.0\n", 0o644)
	}},
}

// An ok line never says that something fails, is missing or is wrong, and
// never comes with a fix: status and text agree, for every check.
func TestOKSaysNothingIsWrong(t *testing.T) {
	for _, tt := range brokenWorlds {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			if tt.setup != nil {
				tt.setup(w)
			}
			for _, g := range Run(context.Background(), w.system(), Checks()) {
				for _, r := range g.Results {
					if r.Status != OK {
						continue
					}
					if word := failureWords.FindString(r.Summary); word != "" {
						t.Errorf("%s is ok but says %q: %q", r.ID, word, r.Summary)
					}
					if r.Fix != "" {
						t.Errorf("%s is ok but has a fix: %q", r.ID, r.Fix)
					}
				}
			}
		})
	}
}

// The lines about GOBIN (where go install puts tools: is it in PATH, does
// anything shadow its tools, may gov write there, did go env -w set it)
// give one answer: when one of them finds a problem, no ok line claims the
// tools run by name, and every line that finds a problem names the same
// fix.
func TestGOBINLinesAgree(t *testing.T) {
	gobinLines := func(w *world) []Result {
		sys := w.system()
		var rs []Result
		for _, check := range []func(context.Context, *System) []Result{checkGOBIN, checkPermissions, checkGoEnv} {
			for _, r := range check(context.Background(), sys) {
				if strings.HasPrefix(r.ID, "gobin") || strings.HasSuffix(r.ID, ".gobin") {
					rs = append(rs, r)
				}
			}
		}
		return rs
	}
	for _, tt := range brokenWorlds {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			if tt.setup != nil {
				tt.setup(w)
			}
			rs := gobinLines(w)
			var problems []Result
			for _, r := range rs {
				if r.Status != OK {
					problems = append(problems, r)
				}
			}
			if len(problems) == 0 {
				return
			}
			for _, r := range rs {
				if r.Status == OK && (strings.Contains(r.Summary, "by name") || strings.Contains(r.Summary, "found")) {
					t.Errorf("%s = ok %q, but %s = %s %q", r.ID, r.Summary, problems[0].ID, problems[0].Status, problems[0].Summary)
				}
			}
			for _, r := range problems[1:] {
				if r.Fix != problems[0].Fix {
					t.Errorf("%s's fix is %q, but %s's is %q", r.ID, r.Fix, problems[0].ID, problems[0].Fix)
				}
			}
		})
	}
}

// A line that could not check anything, because of a problem another line
// reports with its fix, is left out rather than said "ok" beside it; the
// lines that remain agree with that problem.
func TestLinesLeftOut(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(w *world)
		check  func(context.Context, *System) []Result
		absent string
		id     string // a line that remains, and its status
		status Status
	}{
		{
			name:  "shadowing, when GOBIN is not in PATH",
			setup: func(w *world) { w.env["PATH"] = home + "/.gov/shims:/usr/bin" },
			check: checkGOBIN, absent: "gobin.shadow", id: "gobin", status: Warn,
		},
		{
			name:  "start-up files, when SHELL is unset",
			setup: func(w *world) { delete(w.env, "SHELL"); w.parent = "" },
			check: checkShell, absent: "shell.startup", id: "shell", status: Warn,
		},
		{
			name:  "start-up files, for a shell gov has no code for",
			setup: func(w *world) { w.env["SHELL"] = "/bin/tcsh" },
			check: checkShell, absent: "shell.startup", id: "shell", status: Warn,
		},
		{
			name:  "verification, when no SDK is installed",
			setup: func(w *world) { w.remove(home + "/.gov/sdk") },
			check: checkStore, absent: "store.verified", id: "store.sdks", status: Warn,
		},
		{
			name:  "the SDKs' platforms, when no SDK is installed",
			setup: func(w *world) { w.remove(home + "/.gov/sdk") },
			check: checkPlatform, absent: "platform.sdks", id: "platform", status: OK,
		},
		{
			// Not left out: missing shims fail here as they do in PATH's line.
			name:  "no SDK and no shims",
			setup: func(w *world) { w.remove(home + "/.gov/sdk"); w.remove(home + "/.gov/shims") },
			check: checkStore, id: "store.shims", status: Fail,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			tt.setup(w)
			got := results(t, tt.check, w.system())
			if r, ok := got[tt.absent]; ok && tt.absent != "" {
				t.Errorf("%s = %s %q, want no such line", tt.absent, r.Status, r.Summary)
			}
			if r, ok := got[tt.id]; !ok || r.Status != tt.status {
				t.Errorf("%s = %s %q, want %s", tt.id, r.Status, r.Summary, tt.status)
			}
		})
	}
}
