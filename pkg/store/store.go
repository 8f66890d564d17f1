// Package store keeps installed Go SDKs under gov's home, one directory per
// version and platform, and makes every change to them a transaction.
//
// An SDK exists only when its directory holds a receipt (layout.Installed,
// the answer the shim and every command share): an install stages the
// GOROOT in tmp/, checks it, writes the receipt last and renames the whole
// into sdk/ in one step; an uninstall renames it out of sdk/. A crash at
// any point leaves either the old state or the new one. Changes to one SDK
// serialize on a lock file in locks/.
//
// The store keeps its own house: every change (Install, Uninstall,
// Import, SetGlobal) first removes what crashed commands left in tmp/,
// and ends by keeping the shims current (package shims), even when it
// found nothing to change. Reading the store changes nothing.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store/shims"
)

// A Store is gov's home directory.
type Store struct {
	Home string
	// Warn is told what a change could not do on the side, without
	// failing the change itself: keep the shims current (no gov-shim
	// beside gov). Nil drops it.
	Warn func(error)
}

// Open returns the store at home; nothing is created until something is
// installed.
func Open(home string) *Store { return &Store{Home: home} }

// Path returns the path of elem inside the store.
func (s *Store) Path(elem ...string) string {
	return filepath.Join(append([]string{s.Home}, elem...)...)
}

// ErrNotInstalled reports an SDK that is not in the store.
var ErrNotInstalled = errors.New("not installed")

// ErrNotSDK reports files that are not a complete Go SDK.
var ErrNotSDK = errors.New("not a Go SDK")

// SDKDir returns the directory an SDK of version v for platform p has (or
// would have) in the store.
func (s *Store) SDKDir(v gover.Version, p platform.Platform) string {
	return s.Path(layout.SDKDir, layout.SDKName(v, p))
}

// ReadReceipt reads the receipt of the SDK in dir. An installed SDK whose
// receipt cannot be read is damaged: reinstalling it mends it.
func ReadReceipt(dir string) (layout.Receipt, error) {
	var r layout.Receipt
	data, err := os.ReadFile(filepath.Join(dir, layout.ReceiptFile))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("read receipt of %s: %w", dir, err)
	}
	return r, nil
}

func writeReceipt(dir string, r layout.Receipt) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, layout.ReceiptFile), append(data, '\n'), layout.ReadOnly(layout.FileMode(0)))
}

// SetGlobal makes v the global default and points current at the SDK of
// v for p, the platform the shim runs (platform.Current), each in one
// rename: current is the stable GOROOT path editors are given, the one
// the shim runs for the default. A link that cannot be made (a
// filesystem without symlinks) is a warning; the default is set.
func (s *Store) SetGlobal(v gover.Version, p platform.Platform) error {
	s.clean()
	defer s.keepShims()
	if err := os.MkdirAll(s.Home, 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(s.Path(layout.GlobalFile), []byte(v.Pin()+"\n"), 0o644); err != nil {
		return err
	}
	// Relative, so that the link survives a moved or bind-mounted home.
	target := filepath.Join(layout.SDKDir, layout.SDKName(v, p))
	if err := atomicfile.Symlink(target, s.Path(layout.CurrentLink)); err != nil && s.Warn != nil {
		s.Warn(fmt.Errorf("point %s at %s: %w", s.Path(layout.CurrentLink), target, err))
	}
	return nil
}

// keepShims brings the shims in line with sdk/ after a change. A failure
// is a warning: the store itself is fine.
func (s *Store) keepShims() {
	if _, err := shims.Keep(s.Home); err != nil && s.Warn != nil {
		s.Warn(err)
	}
}
