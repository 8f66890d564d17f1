package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/layout"
)

var errLocked = errors.New("locked by another gov process")

// Lock takes the lock of the SDK name, waiting while another gov process
// holds it. The lock is released by the returned function, or when this
// process exits, however it exits.
func (s *Store) Lock(ctx context.Context, name string) (unlock func(), err error) {
	f, err := s.openLock(name)
	if err != nil {
		return nil, err
	}
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		err := tryLockFile(f)
		if err == nil {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for another gov to finish with %s: %w", name, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// Busy returns the SDKs whose lock another gov process holds now: an
// install or uninstall of each is under way.
func (s *Store) Busy() []string {
	entries, _ := os.ReadDir(s.Path(layout.LocksDir))
	var busy []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".lock")
		if _, _, sdk := layout.ParseSDKName(name); !ok || !sdk {
			continue
		}
		if unlock, err := s.tryLock(name); err == nil {
			unlock()
		} else {
			busy = append(busy, name)
		}
	}
	return busy
}

func (s *Store) tryLock(name string) (unlock func(), err error) {
	f, err := s.openLock(name)
	if err != nil {
		return nil, err
	}
	if err := tryLockFile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { unlockFile(f); f.Close() }, nil
}

func (s *Store) openLock(name string) (*os.File, error) {
	dir := s.Path(layout.LocksDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(s.Path(layout.LocksDir, name+".lock"), os.O_RDWR|os.O_CREATE, 0o644)
}
