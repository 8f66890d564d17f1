package shim

import (
	"errors"

	"github.com/gov-dev/gov/pkg/hint"
)

// maxFile bounds the version and module files the shim reads: a go.mod
// is rarely more than a few kilobytes; anything huge is not one.
const maxFile = 4 << 20

var errTooLarge = errors.New("4 MiB or more, too large for a version or module file")

// readError says why the file name could not be read, and what to do.
func readError(name string, err error) error {
	if errors.Is(err, errTooLarge) {
		return hint.New(name+" is "+errTooLarge.Error(), "fix or remove it")
	}
	return hint.New("cannot read "+name+": "+hint.Reason(err), "fix its permissions or remove it")
}
