//go:build !linux && !darwin

package doctor

// parentName: not known here; the shell checks then rely on $SHELL.
func parentName() string { return "" }
