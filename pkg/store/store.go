// Package store keeps installed Go SDKs under gov's home, one directory per
// version and platform, and makes every change to them a transaction.
//
// An SDK exists only when its directory holds a receipt: an install stages
// the GOROOT in tmp/, checks it, writes the receipt last and renames the
// whole into sdk/ in one step; an uninstall renames it out of sdk/. A crash
// at any point leaves either the old state or the new one, and leftovers in
// tmp/ are removed by the next command that changes the store. Changes to
// one SDK serialize on a lock file in locks/.
package store

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// A Store is gov's home directory.
type Store struct {
	Home string
}

// Open returns the store at home; nothing is created until something is
// installed.
func Open(home string) *Store { return &Store{Home: home} }

// Path returns the path of elem inside the store.
func (s *Store) Path(elem ...string) string {
	return filepath.Join(append([]string{s.Home}, elem...)...)
}

// An SDK is an installed Go SDK.
type SDK struct {
	Version  gover.Version
	Platform platform.Platform
	Dir      string // the GOROOT
	Receipt  Receipt
}

// Name is the SDK's directory name, go1.22.3.linux-amd64.
func (sdk SDK) Name() string { return layout.SDKName(sdk.Version, sdk.Platform) }

// Receipt records where an SDK came from and how it was verified.
type Receipt struct {
	Version  string `json:"version"`  // go1.22.3
	Platform string `json:"platform"` // linux-amd64
	Source   string `json:"source"`   // "dl", "proxy" or "import"
	URL      string `json:"url,omitempty"`
	SHA256   string `json:"sha256,omitempty"` // of the archive
	H1       string `json:"h1,omitempty"`     // dirhash of the module zip (proxy)
	Module   string `json:"module,omitempty"` // golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64
	// TreeSize is the size of the checksum database's log that vouched
	// for H1 (proxy).
	TreeSize int64 `json:"tree_size,omitempty"`
	// Verified says how the bytes were checked: "sha256 from <index URL>",
	// "sumdb <name> tree <size>", "imported from <dir> (not verified)", "unverified".
	Verified    string    `json:"verified"`
	InstalledAt time.Time `json:"installed_at"`
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

// Lookup returns the installed SDK for v and p, or an error wrapping
// ErrNotInstalled.
func (s *Store) Lookup(v gover.Version, p platform.Platform) (SDK, error) {
	dir := s.SDKDir(v, p)
	r, err := readReceipt(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return SDK{}, fmt.Errorf("%s (%s) is %w", v.Toolchain(), p, ErrNotInstalled)
	}
	if err != nil {
		return SDK{}, err
	}
	return SDK{Version: v, Platform: p, Dir: dir, Receipt: r}, nil
}

// List returns the installed SDKs, newest first; with p non-zero, only
// those for p.
func (s *Store) List(p platform.Platform) ([]SDK, error) {
	entries, err := os.ReadDir(s.Path(layout.SDKDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read store: %w", err)
	}
	var sdks []SDK
	for _, e := range entries {
		v, ep, ok := layout.ParseSDKName(e.Name())
		if !ok || !e.IsDir() || (p != platform.Platform{} && ep != p) {
			continue
		}
		dir := s.Path(layout.SDKDir, e.Name())
		r, err := readReceipt(dir)
		if err != nil {
			continue // no receipt: not (completely) installed
		}
		sdks = append(sdks, SDK{Version: v, Platform: ep, Dir: dir, Receipt: r})
	}
	slices.SortFunc(sdks, func(a, b SDK) int {
		return cmp.Or(gover.Compare(b.Version, a.Version), strings.Compare(a.Platform.String(), b.Platform.String()))
	})
	return sdks, nil
}

func readReceipt(dir string) (Receipt, error) {
	var r Receipt
	data, err := os.ReadFile(filepath.Join(dir, layout.ReceiptFile))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("read receipt of %s: %w", dir, err)
	}
	return r, nil
}

// SetGlobal makes v the global default.
func (s *Store) SetGlobal(v gover.Version) error {
	if err := os.MkdirAll(s.Home, 0o755); err != nil {
		return err
	}
	return WriteFileAtomic(s.Path(layout.GlobalFile), []byte(v.Pin()+"\n"), 0o644)
}

// WriteFileAtomic writes data to a temporary file beside name and renames
// it into place, so readers see the old content or the new, never a part.
func WriteFileAtomic(name string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
