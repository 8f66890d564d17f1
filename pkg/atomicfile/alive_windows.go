package atomicfile

// processExists reports whether a process with id pid exists. On Windows
// it says yes: a writer's leftovers there are kept rather than risk
// removing a running one's.
func processExists(pid int) bool { return true }
