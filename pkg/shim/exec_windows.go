package shim

import (
	"os"
	"os/exec"
)

const exeSuffix = ".exe"

// execTool runs the real tool as a child (Windows has no exec) and exits
// with its status.
func execTool(bin string, args, env []string) error {
	cmd := exec.Command(bin, args[1:]...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		os.Exit(ee.ExitCode())
	}
	if err != nil {
		return execError(bin, err)
	}
	os.Exit(0)
	return nil
}
