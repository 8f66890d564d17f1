package shim

import "errors"

// maxFile bounds the version and module files the shim reads: a go.mod
// is rarely more than a few kilobytes; anything huge is not one.
const maxFile = 4 << 20

var errTooLarge = errors.New("file too large (over 4 MiB)")
