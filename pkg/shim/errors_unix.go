//go:build unix

package shim

import "syscall"

var errNotDir error = syscall.ENOTDIR
