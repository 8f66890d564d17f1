//go:build !linux && !darwin

package shellenv

// parentName is unknown here: Detect falls back to $SHELL.
func parentName() string { return "" }
