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
