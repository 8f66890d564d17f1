//go:build !darwin

package platform

func translated() bool { return false }
