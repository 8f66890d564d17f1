package main

import (
	"errors"
	"os"
	"os/exec"
)

// runCmd runs the command as a child and returns its exit status.
func runCmd(cmd, env []string) error {
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = env
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return &errExit{ee.ExitCode()}
	}
	return err
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
