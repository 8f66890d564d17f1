package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/store"
)

// describe turns an error into the message users see: what went wrong,
// then what to do, for errors whose packages cannot know the fix.
func describe(err error) string {
	msg := err.Error()
	var unsafe *fetch.UnsafeArchiveError
	switch {
	case strings.Contains(msg, "; "):
		return msg // it says what to do already
	case errors.As(err, &unsafe):
		return msg + "; nothing was installed: the archive is not a safe Go SDK, so use another mirror (GOV_DL_BASE)"
	case errors.Is(err, syscall.ENOSPC):
		return msg + "; the disk is full: free space where GOV_HOME is and retry (nothing was installed)"
	case errors.Is(err, syscall.EROFS):
		return msg + "; " + readOnly(err)
	case errors.Is(err, fs.ErrPermission):
		return msg + "; check that GOV_HOME is writable by you (files left by sudo?)"
	}
	var httpErr *fetch.HTTPError
	var transferErr *fetch.TransferError
	switch {
	case errors.Is(err, store.ErrNotSDK):
		return msg + "; nothing was installed: use another mirror (GOV_DL_BASE)"
	case errors.As(err, &httpErr):
		return msg + "; check the mirror (GOV_DL_BASE, GOV_DL_INDEX) or retry later"
	case errors.As(err, &transferErr):
		return msg + "; check the network and the mirror (GOV_DL_BASE, GOV_DL_INDEX), then retry"
	}
	return msg
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
