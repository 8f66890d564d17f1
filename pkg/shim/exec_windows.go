package shim

import "os"

// execTool runs the real tool as a child (Windows has no exec) and exits
// with its status.
func execTool(bin string, args, env []string) error {
	p, err := os.StartProcess(bin, args, &os.ProcAttr{Env: env, Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		return execError(bin, err)
	}
	st, err := p.Wait()
	if err != nil {
		return execError(bin, err)
	}
	os.Exit(st.ExitCode())
	return nil
}
