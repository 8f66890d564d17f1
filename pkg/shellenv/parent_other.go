//go:build !linux && !darwin

package shellenv

// ParentName is unknown here: Detect falls back to $SHELL.
func ParentName() string { return "" }
