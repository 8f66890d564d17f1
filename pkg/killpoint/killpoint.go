// Package killpoint is a test hook: it lets a test kill gov with SIGKILL at
// a named point of an install, to prove that a crash there loses nothing
// (cmd/gov-core/faults_test.go). GOV_TEST_KILL names the point:
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
// Outside tests the variable is unset and each point costs one Getenv.
package killpoint

import (
	"os"
	"strconv"
	"strings"
)

// Var is the environment variable that names the point.
const Var = "GOV_TEST_KILL"

// At kills the process if GOV_TEST_KILL names point.
func At(point string) {
	if os.Getenv(Var) == point {
		Kill()
	}
}

// Count returns N when GOV_TEST_KILL is "point:N", else 0; the caller
// calls Kill when its count reaches N (one Getenv per operation, not one
// per step).
func Count(point string) int {
	n, ok := strings.CutPrefix(os.Getenv(Var), point+":")
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
