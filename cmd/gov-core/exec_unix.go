//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/gov-dev/gov/pkg/hint"
)

// runCmd replaces gov with the command, found in env's PATH, so that its
// exit status and signals are its own.
func runCmd(cmd, env []string) error {
	path := cmd[0]
	if !strings.Contains(path, "/") {
		for _, kv := range env {
			if p, ok := strings.CutPrefix(kv, "PATH="); ok {
				os.Setenv("PATH", p)
			}
		}
		found, err := exec.LookPath(path)
		if err != nil {
			return hint.New("cannot find "+cmd[0]+" in PATH", "check the command name")
		}
		path = found
	}
	err := syscall.Exec(path, cmd, env)
	return fmt.Errorf("cannot run %s: %v", cmd[0], err)
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
