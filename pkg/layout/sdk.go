package layout

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
)

// An SDK is an installed Go SDK.
type SDK struct {
	Version  gover.Version
	Platform platform.Platform
	Dir      string // the GOROOT: $GOV_HOME/sdk/<Name>
}

// Name is the SDK's directory name, go1.22.3.linux-amd64.
func (sdk SDK) Name() string { return SDKName(sdk.Version, sdk.Platform) }

// A Receipt is what an SDK's gov-receipt.json records: where the SDK came
// from and how it was verified. The store writes and reads it.
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

// Modes of an SDK's files. While an SDK is unpacked or copied, a file is
// FileMode(its mode in the archive): 0755 if any execute bit was set,
// else 0644, whatever else the archive or the umask says (no setuid, no
// world-writable go binary); a directory is 0755. When the store commits
// the SDK it takes every write bit away (ReadOnly), as the go command
// does to its module cache: 0555 and 0444.
func FileMode(archived fs.FileMode) fs.FileMode {
	if archived&0o111 != 0 {
		return 0o755
	}
	return 0o644
}

// OwnFile reports whether name, relative to an SDK's root, is a file gov
// adds to the GOROOT (its receipt and manifest), not one of the SDK's.
func OwnFile(name string) bool { return name == ReceiptFile || name == ManifestFile }

// DirMode is the mode of an SDK's directories while it is unpacked.
const DirMode fs.FileMode = 0o755

// ReadOnly is the mode m has in a committed SDK: m without write bits.
func ReadOnly(m fs.FileMode) fs.FileMode { return m &^ 0o222 }

// Installed reports whether dir, a directory in sdk/, holds an installed
// SDK. It is gov's one answer to "is it installed?", for the shim, the
// store, gov list and gov doctor alike: an install writes the receipt
// last, inside the staged directory, and renames the whole into sdk/ in
// one step, so a receipt that is there, readable and whole means a
// complete SDK; a directory without one is an install or uninstall cut
// short (CheckReceipt says which). The shim asks it before every go
// command, so it parses nothing: it opens the receipt and reads its first
// and last bytes.
func Installed(dir string) bool { return CheckReceipt(dir) == nil }

// Why a directory in sdk/ is not an installed SDK.
var (
	// ErrNoReceipt: no receipt, or an empty one (a power cut after the
	// commit rename, before the receipt's data reached the disk).
	ErrNoReceipt = errors.New("has no receipt")
	// ErrIncompleteReceipt: a receipt that is not a whole JSON object (it
	// does not start with { and end with }), cut short by a crash or a
	// full disk, or written by something other than gov.
	ErrIncompleteReceipt = errors.New("has an incomplete receipt")
)

// CheckReceipt returns nil if dir holds an installed SDK; else why not:
// ErrNoReceipt, ErrIncompleteReceipt, or the error that kept the receipt
// from being read (a receipt gov may not read is no receipt either: the
// shim could not tell what it vouches for). A receipt that looks whole
// but does not parse is installed, and reported by whoever reads it
// (gov list, gov doctor).
func CheckReceipt(dir string) error {
	var hb, tb [64]byte
	head, tail, err := readEnds(filepath.Join(dir, ReceiptFile), hb[:], tb[:])
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotFile) || err == nil && len(head) == 0:
		return ErrNoReceipt
	case err != nil:
		return err
	case !wrapped(head, tail, '{', '}'):
		return ErrIncompleteReceipt
	}
	return nil
}

// wrapped reports whether the first byte of head and the last byte of
// tail that are not white space are open and close.
func wrapped(head, tail []byte, open, close byte) bool {
	i := 0
	for i < len(head) && isSpace(head[i]) {
		i++
	}
	j := len(tail) - 1
	for j >= 0 && isSpace(tail[j]) {
		j--
	}
	return i < len(head) && head[i] == open && j >= 0 && tail[j] == close
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// errNotFile: the receipt is a directory, a fifo, a device.
var errNotFile = errors.New("not a regular file")

// Lookup returns the SDK of version v for p installed in home.
func Lookup(home string, v gover.Version, p platform.Platform) (SDK, bool) {
	dir := filepath.Join(home, SDKDir, SDKName(v, p))
	if !Installed(dir) {
		return SDK{}, false
	}
	return SDK{Version: v, Platform: p, Dir: dir}, true
}

// List returns the SDKs installed in home for p (for every platform when
// p is zero), newest first.
func List(home string, p platform.Platform) ([]SDK, error) {
	sdks, err := installed(home, p)
	slices.SortFunc(sdks, func(a, b SDK) int {
		return cmp.Or(gover.Compare(b.Version, a.Version), strings.Compare(a.Platform.String(), b.Platform.String()))
	})
	return sdks, err
}

// Newest returns the newest SDK installed in home for p that spec
// matches. An exact version costs one stat.
func Newest(home string, spec gover.Spec, p platform.Platform) (SDK, bool) {
	if e, ok := spec.(gover.Exact); ok {
		return Lookup(home, e.V, p)
	}
	sdks, _ := installed(home, p)
	vs := make([]gover.Version, len(sdks))
	for i, sdk := range sdks {
		vs[i] = sdk.Version
	}
	v, ok := gover.Select(spec, vs)
	if !ok {
		return SDK{}, false
	}
	return SDK{Version: v, Platform: p, Dir: filepath.Join(home, SDKDir, SDKName(v, p))}, true
}

// installed lists the SDKs in home for p (every platform if p is zero),
// in directory order.
func installed(home string, p platform.Platform) ([]SDK, error) {
	sdkDir := filepath.Join(home, SDKDir)
	entries, err := os.ReadDir(sdkDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sdks []SDK
	for _, e := range entries {
		v, ep, ok := ParseSDKName(e.Name())
		if !ok || (p != platform.Platform{} && ep != p) {
			continue
		}
		dir := filepath.Join(sdkDir, e.Name())
		if Installed(dir) {
			sdks = append(sdks, SDK{Version: v, Platform: ep, Dir: dir})
		}
	}
	return sdks, nil
}
