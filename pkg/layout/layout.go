// Package layout names the files and directories of gov's home
// ($GOV_HOME, default ~/.gov) and answers the one question every part of
// gov asks of it: which SDKs are installed (sdk.go). Both the store, which
// writes the home, and the shim, which reads it before every go command,
// use it, so it imports almost nothing.
//
//	$GOV_HOME/
//	  sdk/go1.22.3.linux-amd64/   a complete GOROOT and its gov-receipt.json
//	  shims/go, shims/gofmt, ...  the shim binary under each tool's name
//	  bin/gov, gov-core, ...      gov itself, when the install script or gov
//	                              self update put it there
//	  version                     the global default (one line)
//	  current -> sdk/<default>    the global default's GOROOT, for editors
//	  projects                    directories gov use wrote a pin in
//	  cache/                      archives by sha256, the release index
//	  locks/                      one lock file per SDK
//	  tmp/                        staging, on the same filesystem as sdk/
package layout

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/platform"
)

// Names inside $GOV_HOME.
const (
	SDKDir      = "sdk"
	ShimsDir    = "shims"
	BinDir      = "bin" // gov's own programs, when installed by a release
	CacheDir    = "cache"
	LocksDir    = "locks"
	TmpDir      = "tmp"
	HookDir     = "hook"
	SumDBDir    = "sumdb"
	GlobalFile  = "version"
	CurrentLink = "current"          // symlink to the global default's SDK directory
	Projects    = "projects"         // one absolute directory a line
	ReceiptFile = "gov-receipt.json" // inside each SDK directory; written last
	// ManifestFile, inside each SDK directory beside the receipt, lists
	// every file of the SDK with its size, mode and SHA-256 (package
	// manifest).
	ManifestFile = "gov-manifest"

	// In shims/: which gov-shim the shims are copies of, so that keeping
	// them current costs a stat or two; and the gov that keeps them, which
	// GOV_AUTO_INSTALL=1 runs.
	StampFile   = ".stamp"
	GovPathFile = ".gov-path"
)

// The version files of a project, in the order they count.
const (
	GoVersionFile    = ".go-version"
	ToolVersionsFile = ".tool-versions"
)

// Home returns gov's home: $GOV_HOME, else ~/.gov.
func Home() (string, error) {
	if h := os.Getenv("GOV_HOME"); h != "" {
		return filepath.Abs(h)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", hint.New("cannot find the home directory", "set GOV_HOME")
	}
	return filepath.Join(home, ".gov"), nil
}

// SDKName is the directory name of an SDK in sdk/: go1.22.3.linux-amd64.
func SDKName(v gover.Version, p platform.Platform) string {
	return v.Toolchain() + "." + p.String()
}

// ToolchainModule is the module the go command downloads Go toolchains
// as; an SDK's files are that module's files (package manifest hashes
// them under its name).
const ToolchainModule = "golang.org/toolchain"

// ToolchainVersionPrefix starts every ToolchainModule version.
const ToolchainVersionPrefix = "v0.0.1-"

// ToolchainVersion is the module version of Go v for p:
// v0.0.1-go1.22.3.linux-amd64 (Go's GOARCH names: linux-arm, not armv6l).
func ToolchainVersion(v gover.Version, p platform.Platform) string {
	return ToolchainVersionPrefix + SDKName(v, p)
}

// ToolchainModuleID is the module path@version of Go v for p, the name
// its files have in the module zip and in an SDK's manifest:
// golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64.
func ToolchainModuleID(v gover.Version, p platform.Platform) string {
	return ToolchainModule + "@" + ToolchainVersion(v, p)
}

// ParseSDKName splits an SDK directory name into version and platform.
func ParseSDKName(name string) (gover.Version, platform.Platform, bool) {
	// The platform is the part after the last '.', which always holds a '-'.
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return gover.Version{}, platform.Platform{}, false
	}
	p, err := platform.Parse(name[i+1:])
	if err != nil || !strings.HasPrefix(name, "go") {
		return gover.Version{}, platform.Platform{}, false
	}
	v, err := gover.Parse(name[:i])
	if err != nil || v.Toolchain() != name[:i] || p.String() != name[i+1:] {
		return gover.Version{}, platform.Platform{}, false
	}
	return v, p, true
}

// SDKOfBin reports whether dir is the bin directory of an SDK in home's
// store ($GOV_HOME/sdk/go1.22.3.linux-amd64/bin), as hook mode puts one
// in PATH, and returns that SDK's directory name.
func SDKOfBin(home, dir string) (name string, ok bool) {
	dir = filepath.Clean(dir)
	sdk := filepath.Dir(dir)
	if filepath.Base(dir) != BinDir || filepath.Dir(sdk) != filepath.Join(home, SDKDir) {
		return "", false
	}
	name = filepath.Base(sdk)
	_, _, ok = ParseSDKName(name)
	return name, ok
}
