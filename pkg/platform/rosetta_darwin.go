package platform

import "syscall"

// translated asks the kernel whether this process runs under Rosetta 2.
// sysctl.proc_translated is an int: 1 under translation, 0 when native;
// the name does not exist on Intel Macs.
func translated() bool {
	s, err := syscall.Sysctl("sysctl.proc_translated")
	// syscall.Sysctl drops one trailing NUL, so 1 reads as "\x01\x00\x00".
	return err == nil && len(s) > 0 && s[0] == 1
}
