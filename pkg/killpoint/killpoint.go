// Package killpoint is a test hook: it lets a test kill gov with SIGKILL at
// a named point of an install, to prove that a crash there loses nothing
// (cmd/gov-core/faults_test.go), or stop it there until it is interrupted,
// to prove that Ctrl-C there leaves the store as it was
// (cmd/gov-core/interrupt_test.go). GOV_TEST_KILL names the point to kill
// at, GOV_TEST_PAUSE the point to pause at, one of:
//
//	extract:N      as the Nth archive entry is reached (N-1 are written
//	               into the stage)
//	after-extract  the archive is downloaded, verified and unpacked into
//	               the stage (one pass for a .tar.gz), not yet cached
//	after-cache    the archive is in cache/; the stage is not yet checked
//	before-commit  the stage is checked and holds its receipt; not yet in sdk/
//	after-commit   the SDK is in sdk/; the replaced one (if any) is still in
//	               tmp/ and the shims are not yet synced
//
// Outside tests the variables are unset and each point costs a Getenv or
// two.
package killpoint

import (
	"context"
	"os"
	"strconv"
	"strings"
)

// The environment variables a test sets.
const (
	Var       = "GOV_TEST_KILL"   // the point to kill at
	PauseVar  = "GOV_TEST_PAUSE"  // the point to pause at
	PausedVar = "GOV_TEST_PAUSED" // the file (a FIFO) Pause writes the point to
)

// At kills the process if GOV_TEST_KILL names point.
func At(point string) {
	if os.Getenv(Var) == point {
		Kill()
	}
}

// Count returns N when GOV_TEST_KILL is "point:N", else 0; the caller
// calls Kill when its count reaches N (one Getenv per operation, not one
// per step).
func Count(point string) int { return count(Var, point) }

func count(v, point string) int {
	n, ok := strings.CutPrefix(os.Getenv(v), point+":")
	if !ok {
		return 0
	}
	i, _ := strconv.Atoi(n)
	return max(i, 0)
}

// Kill kills the process at once, with no deferred function or cleanup
// run: what a crash, an OOM kill or kill -9 does.
func Kill() {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Kill() // SIGKILL on Unix, TerminateProcess on Windows
	}
	select {} // never go on past the point
}

// PauseAt pauses (see Pause) if GOV_TEST_PAUSE names point.
func PauseAt(ctx context.Context, point string) {
	if os.Getenv(PauseVar) == point {
		Pause(ctx)
	}
}

// PauseCount is Count for GOV_TEST_PAUSE: the caller calls Pause when its
// count reaches N.
func PauseCount(point string) int { return count(PauseVar, point) }

// Pause tells the test that gov got to the point, by writing its name to
// the file GOV_TEST_PAUSED names, and waits until ctx is done (the test
// interrupts gov), then lets gov go on as it would have.
func Pause(ctx context.Context) {
	if f, err := os.OpenFile(os.Getenv(PausedVar), os.O_WRONLY, 0); err == nil {
		f.WriteString(os.Getenv(PauseVar) + "\n")
		f.Close()
	}
	<-ctx.Done()
}
