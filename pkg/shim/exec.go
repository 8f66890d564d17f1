package shim

import "errors"

func execError(bin string, err error) error {
	return errors.New("cannot run " + bin + ": " + errText(err) + "; the SDK is damaged: reinstall it with gov install --force")
}
