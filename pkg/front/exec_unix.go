//go:build unix

package front

import (
	"errors"
	"syscall"
)

// runCore replaces this process with gov-core, so that its exit status,
// stdio and signals are the command's own. argv[0] is gov-core's path,
// not "gov": the program must know it is gov-core.
func runCore(args []string) error {
	core, err := corePath()
	if err != nil {
		return err
	}
	argv := append([]string{core}, args[1:]...)
	err = syscall.Exec(core, argv, syscall.Environ())
	return errors.New("cannot run " + core + ": " + err.Error())
}
