package front

import (
	"errors"
	"os"
)

// runCore runs gov-core as a child (Windows has no exec) and exits with
// its status.
func runCore(args []string) error {
	core, err := corePath()
	if err != nil {
		return err
	}
	argv := append([]string{core}, args[1:]...)
	p, err := os.StartProcess(core, argv, &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		return errors.New("cannot run " + core + ": " + err.Error())
	}
	st, err := p.Wait()
	if err != nil {
		return errors.New("cannot run " + core + ": " + err.Error())
	}
	os.Exit(st.ExitCode())
	return nil
}
