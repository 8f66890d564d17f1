//go:build !unix

package main

import "os"

// peakRSS returns -1, unknown: outside Unix the process state carries no
// peak resident set size (on Windows it is in the job or process
// memory counters, which the os package does not read).
func peakRSS(ps *os.ProcessState) int64 { return -1 }
