package shim

import "github.com/gov-dev/gov/pkg/hint"

func execError(bin string, err error) error {
	return hint.New("cannot run "+bin+": "+hint.Reason(err), "the SDK is damaged: reinstall it with gov install --force")
}
