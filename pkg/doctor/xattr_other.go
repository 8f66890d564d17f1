//go:build !darwin

package doctor

// hasXattr: only macOS quarantines files, and only there is it asked.
func hasXattr(path, name string) (bool, error) { return false, nil }
