// Package doctor finds the ways a Go installation goes wrong on a real
// machine (another go earlier in PATH, an rc file the shell never reads, a
// stale GOROOT, settings hidden by go env -w, files left by sudo, Rosetta,
// a broken store, ...) and says, for each, what it found, why it matters
// and the command that fixes it.
//
// Every check is a function over a System: the machine as the checks see
// it (environment, a file system under a root, a command runner, an HTTP
// prober, the platform and the user). Local builds the real one; tests
// build fake ones, so every check, the macOS ones included, is
// table-tested on any machine. Run runs the checks concurrently and
// returns their results grouped, in a fixed order; report.go prints them.
//
// One file per group of checks: path.go, shellrc.go, goroot.go, goenv.go,
// toolchain.go, perms.go, cgo.go, network.go (and sources.go: gov
// install's own sources), platform.go, quarantine.go, store.go, gobin.go.
package doctor

import (
	"context"
	"sync"
)

// A Status is a check's verdict.
type Status string

// The verdicts. Only Fail makes gov doctor exit 1.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
)

// A Result is what one check found. Its JSON form is gov doctor --json's
// stable shape: {"id", "status", "summary", "detail", "fix"}.
type Result struct {
	ID      string `json:"id"`      // stable: "path.go", "goroot", ...
	Status  Status `json:"status"`  // ok, warn or fail
	Summary string `json:"summary"` // one line: what was found
	Detail  string `json:"detail"`  // why it matters, and the evidence; may span lines
	Fix     string `json:"fix"`     // the command that fixes it; empty when ok
}

// A Check is one group of checks, such as everything about PATH.
type Check struct {
	ID    string // the group's id, the prefix of its results' ids
	Title string // heading in the text report
	Run   func(ctx context.Context, sys *System) []Result
}

// Checks returns every check, in the order of the report.
func Checks() []Check {
	return []Check{
		{"path", "PATH", checkPath},
		{"shell", "Shell start-up", checkShell},
		{"goroot", "GOROOT", checkGOROOT},
		{"goenv", "Settings from go env -w", checkGoEnv},
		{"gotoolchain", "GOTOOLCHAIN", checkToolchain},
		{"permissions", "Ownership and permissions", checkPermissions},
		{"cgo", "C toolchain (cgo)", checkCgo},
		{"network", "Network", checkNetwork},
		{"platform", "Platform", checkPlatform},
		{"quarantine", "macOS quarantine", checkQuarantine},
		{"store", "gov's store", checkStore},
		{"gobin", "Tools from go install", checkGOBIN},
	}
}

// A Group is the results of one Check.
type Group struct {
	ID, Title string
	Results   []Result
}

// Run runs checks against sys concurrently (each is bounded in time on its
// own) and returns their results in the order of checks.
func Run(ctx context.Context, sys *System, checks []Check) []Group {
	groups := make([]Group, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		groups[i] = Group{ID: c.ID, Title: c.Title}
		wg.Go(func() { groups[i].Results = c.Run(ctx, sys) })
	}
	wg.Wait()
	return groups
}

// Failed reports whether any result failed: gov doctor's exit status 1.
func Failed(groups []Group) bool {
	for _, g := range groups {
		for _, r := range g.Results {
			if r.Status == Fail {
				return true
			}
		}
	}
	return false
}

// worst returns the most serious of statuses.
func worst(statuses ...Status) Status {
	w := OK
	for _, s := range statuses {
		if s == Fail || (s == Warn && w == OK) {
			w = s
		}
	}
	return w
}
