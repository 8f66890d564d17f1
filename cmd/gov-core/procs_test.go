package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() { scriptCmds["procs"] = cmdProcs }

// cmdProcs counts the processes a traced shell started, from the log of
// strace -f -e trace=process (strace -o FILE SHELL...):
//
//	procs mark FILE     remember how many it has started so far
//	procs max FILE N    fail if it started more than N since the mark;
//	                    print the count, and the programs it ran
//
// A process is a fork, vfork or clone without CLONE_THREAD (a Go
// program's threads are not processes); the programs are the execve calls.
func cmdProcs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || args[0] == "max" && len(args) != 3 || args[0] == "mark" && len(args) != 2 {
		ts.Fatalf("usage: procs mark FILE | procs max FILE N")
	}
	data, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	var procs, programs []string
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.Contains(line, "execve("):
			programs = append(programs, line)
		case (strings.Contains(line, " clone(") || strings.Contains(line, " clone3(")) && !strings.Contains(line, "CLONE_THREAD"),
			strings.Contains(line, " fork("), strings.Contains(line, " vfork("):
			procs = append(procs, line)
		}
	}
	switch args[0] {
	case "mark":
		ts.Setenv("PROCS_MARK", strconv.Itoa(len(procs)))
		ts.Setenv("PROGS_MARK", strconv.Itoa(len(programs)))
	case "max":
		max, err := strconv.Atoi(args[2])
		ts.Check(err)
		p0, _ := strconv.Atoi(ts.Getenv("PROCS_MARK"))
		e0, _ := strconv.Atoi(ts.Getenv("PROGS_MARK"))
		n, progs := len(procs)-p0, programs[e0:]
		if n > max {
			ts.Fatalf("%d processes started since the mark, more than %d; the programs:\n%s", n, max, strings.Join(progs, "\n"))
		}
		ts.Stdout().Write([]byte(strconv.Itoa(n) + " processes\n"))
		ts.Setenv("PROCS_MARK", strconv.Itoa(len(procs)))
		ts.Setenv("PROGS_MARK", strconv.Itoa(len(programs)))
	default:
		ts.Fatalf("usage: procs mark FILE | procs max FILE N")
	}
}
