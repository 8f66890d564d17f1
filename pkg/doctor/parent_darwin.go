package doctor

import (
	"os"

	"golang.org/x/sys/unix"
)

// parentName is the command name of the process that started gov.
func parentName() string {
	kp, err := unix.SysctlKinfoProc("kern.proc.pid", os.Getppid())
	if err != nil {
		return ""
	}
	comm := kp.Proc.P_comm[:]
	for i, c := range comm {
		if c == 0 {
			comm = comm[:i]
			break
		}
	}
	return string(comm)
}
