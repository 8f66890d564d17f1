package main

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"

	"github.com/gov-dev/gov/pkg/fetch"
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
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
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
