package shim

import (
	"io"
	"os"
)

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() >= maxFile {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFile))
	if err == nil && len(data) >= maxFile {
		return nil, errTooLarge
	}
	return data, err
}

func getwd() (string, error) { return os.Getwd() }

func exists(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && !fi.IsDir()
}

func sameDir(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
