package main

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["status"] = cmdStatus
	scriptCmds["sdks"] = cmdSDKs
}

// cmdStatus runs a command like exec and checks its exit status, for the
// difference between a failure (1) and a usage error (2).
//
//	status N PROGRAM [ARGS...]
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		got = exitErr.ExitCode()
	case err != nil:
		ts.Fatalf("status: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdSDKs checks the store: $GOV_HOME/sdk holds exactly the named SDK
// directories (none when no name is given) and $GOV_HOME/tmp is empty,
// which is what "the store is unchanged" means after a failed command.
//
//	sdks [NAME...]
func cmdSDKs(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! sdks")
	}
	home := ts.Getenv("GOV_HOME")
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			ts.Fatalf("%v", err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	want := slices.Sorted(slices.Values(args))
	if got := names(home + "/sdk"); !slices.Equal(got, want) {
		ts.Fatalf("$GOV_HOME/sdk holds %q, want %q", got, want)
	}
	if got := names(home + "/tmp"); len(got) != 0 {
		ts.Fatalf("$GOV_HOME/tmp holds %q, want nothing", got)
	}
}
