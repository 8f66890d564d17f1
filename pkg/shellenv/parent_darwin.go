package shellenv

import (
	"os"

	"golang.org/x/sys/unix"
)

// ParentName is the parent process's command name, from the kernel
// (sysctl kern.proc.pid, as ps reads it), with no process started.
func ParentName() string {
	kp, err := unix.SysctlKinfoProc("kern.proc.pid", os.Getppid())
	if err != nil {
		return ""
	}
	name := kp.Proc.P_comm[:]
	for i, b := range name {
		if b == 0 {
			name = name[:i]
			break
		}
	}
	return string(name)
}
