//go:build unix

package shim

import "syscall"

// execTool replaces the shim with the real tool: no child process is left
// behind, and arguments, stdio, exit status and signals pass through.
func execTool(bin string, args, env []string) error {
	err := syscall.Exec(bin, args, env)
	return execError(bin, err)
}
