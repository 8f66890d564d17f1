// Package platform names the operating system and architecture an SDK is
// built for, and finds the one this machine runs natively.
//
// It is linked into the shim, so it imports almost nothing.
package platform

import (
	"errors"
	"os"
	"runtime"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
)

// A Platform is a GOOS and GOARCH pair, such as linux-amd64.
type Platform struct{ OS, Arch string }

// String returns "os-arch" with Go's names (linux-arm, not linux-armv6l):
// the name of the store's SDK directories.
func (p Platform) String() string { return p.OS + "-" + p.Arch }

// DLArch is the architecture as go.dev/dl names it in file names and the
// release index: armv6l for linux arm, GOARCH otherwise.
func (p Platform) DLArch() string {
	if p.OS == "linux" && p.Arch == "arm" {
		return "armv6l"
	}
	return p.Arch
}

// ErrSyntax reports a platform string that is not os-arch.
var ErrSyntax = errors.New("not a platform (want os-arch, such as linux-amd64 or darwin-arm64)")

// Parse parses "os-arch" (also "os/arch"); go.dev's "armv6l" is read as "arm".
func Parse(s string) (Platform, error) {
	goos, arch, ok := strings.Cut(s, "-")
	if !ok {
		goos, arch, ok = strings.Cut(s, "/")
	}
	if !ok || !isName(goos) || !isName(arch) {
		return Platform{}, errors.New(hint.Quote(s) + " is " + ErrSyntax.Error())
	}
	if arch == "armv6l" || arch == "arm6" {
		arch = "arm"
	}
	return Platform{OS: goos, Arch: arch}, nil
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// Current returns the platform gov installs for: GOV_PLATFORM when set,
// else the machine's native platform.
func Current() (Platform, error) {
	if s := os.Getenv("GOV_PLATFORM"); s != "" {
		p, err := Parse(s)
		if err != nil {
			return p, errors.New("GOV_PLATFORM: " + err.Error())
		}
		return p, nil
	}
	return Native(), nil
}

// Native returns the platform this machine runs natively. An amd64 process
// under Rosetta 2 on an arm64 Mac reports darwin-arm64: an amd64 SDK would
// run translated, slowly, and build amd64 binaries by default.
func Native() Platform {
	return NativeOf(runtime.GOOS, runtime.GOARCH, runtime.GOOS == "darwin" && runtime.GOARCH == "amd64" && translated())
}

// NativeOf is the native platform of a machine where a goos/goarch
// program runs, translated or not by Rosetta 2 (gov doctor asks it of the
// machine it describes).
func NativeOf(goos, goarch string, translated bool) Platform {
	p := Platform{OS: goos, Arch: goarch}
	if p.OS == "darwin" && p.Arch == "amd64" && translated {
		p.Arch = "arm64"
	}
	return p
}

// Translated reports whether this process runs under Rosetta 2.
func Translated() bool { return translated() }
