//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() { scriptCmds["holdlock"] = cmdHoldLock }

// cmdHoldLock runs a command while the test holds the store lock of NAME,
// as a running gov install of that SDK would.
//
//	holdlock NAME PROGRAM [ARGS...]
func cmdHoldLock(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: holdlock name program [args...]")
	}
	dir := filepath.Join(ts.Getenv("GOV_HOME"), "locks")
	ts.Check(os.MkdirAll(dir, 0o755))
	f, err := os.OpenFile(filepath.Join(dir, args[0]+".lock"), os.O_RDWR|os.O_CREATE, 0o644)
	ts.Check(err)
	defer f.Close()
	ts.Check(syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	err = ts.Exec(args[1], args[2:]...)
	if (err != nil) != neg {
		ts.Fatalf("holdlock %s: %v", args[1], err)
	}
}
