package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/store"
)

// describe turns an error into the line users see: what went wrong, then
// what to do. Packages attach what to do where they know it (package
// hint); what only the command line can tell — a full disk, a read-only
// or foreign-owned GOV_HOME, an archive that was not an SDK — is added
// here, to errors that say nothing yet.
func describe(err error) string {
	if hint.Of(err) == "" {
		switch {
		case errors.Is(err, syscall.ENOSPC):
			err = hint.With(err, "the disk is full: free space where GOV_HOME is and retry (nothing was installed)")
		case errors.Is(err, syscall.EROFS):
			err = hint.With(err, readOnly(err))
		case errors.Is(err, fs.ErrPermission):
			err = hint.With(err, "check that GOV_HOME is writable by you (files left by sudo?)")
		case errors.Is(err, store.ErrNotSDK):
			err = hint.With(err, "nothing was installed: use another mirror (GOV_DL_BASE)")
		}
	}
	return hint.Message(err)
}

// readOnly says what to do about a write to a read-only file system:
// GOV_HOME's, or the one a project is on (gov use writes .go-version).
func readOnly(err error) string {
	path := ""
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	switch {
	case errors.As(err, &pathErr):
		path = pathErr.Path
	case errors.As(err, &linkErr):
		path = linkErr.New
	}
	home, herr := layout.Home()
	if rel, rerr := filepath.Rel(home, path); herr == nil && (path == "" || rerr == nil && filepath.IsLocal(rel)) {
		return "GOV_HOME (" + home + ") is on a read-only file system: remount it read-write, or set GOV_HOME to a writable directory"
	}
	return filepath.Dir(path) + " is on a read-only file system: remount it read-write, then retry"
}
