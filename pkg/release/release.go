// Package release is gov's own release channel: where gov's releases are
// published and what each holds (the one place that says so in Go), how
// gov self update gets one and checks it, and how it puts the new
// programs in place of the running ones.
//
// scripts/release.sh publishes, under a base URL ($GOV_RELEASE_URL,
// default DefaultURL):
//
//	latest                       one line: the newest release's tag (v0.2.0)
//	TAG/gov_TAG_OS_ARCH.tar.gz   gov, gov-core, gov-shim, LICENSE, README.md
//	TAG/SHA256SUMS               "<sha256>  <archive>" lines, sorted
//	TAG/SHA256SUMS.minisig       minisign's signature, trusted comment "gov TAG"
//
// One key vouches for a release: the minisign public key built into gov
// (self.PublicKey) signs SHA256SUMS, whose trusted comment is exactly
// TrustedComment(tag) (so last year's signed file cannot pass for this
// year's), and SHA256SUMS holds each archive's SHA-256. Nothing is
// unpacked before its hash matches, and an archive must hold exactly its
// five files, as plain files, at the top (server.go, archive.go). The new
// programs are written beside the old ones and renamed into place only
// once all three are on disk, in the order of Programs; a rename that
// fails puts the old ones back (replace.go). scripts/release.sh asks this
// package (through scripts/tgz -tag) whether a tag is one and what its
// trusted comment is, so that it never publishes a release gov would
// refuse.
package release

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/self"
)

// DefaultURL is where gov's releases are published.
const DefaultURL = "https://gov-dev.github.io/gov"

// EnvURL names the environment variable that replaces DefaultURL (a
// mirror, or a test server).
const EnvURL = "GOV_RELEASE_URL"

// The files of the release layout.
const (
	LatestFile = "latest"              // at the base URL: the newest tag
	SumsFile   = "SHA256SUMS"          // in TAG/
	SigFile    = SumsFile + ".minisig" // in TAG/
	License    = "LICENSE"             // in each archive
	Readme     = "README.md"           // in each archive
)

// Programs are the programs an archive holds, in the order an update puts
// them in place (Staged.Commit here, and scripts/install.sh): each after
// the programs it runs or copies. gov runs gov-core, and gov env copies
// gov-shim into the shims; gov-core copies gov-shim too. So gov-shim goes
// first, gov-core next and gov last, and at every moment of an upgrade a
// program finds the ones it uses as new as itself or newer: a new gov
// never runs an old gov-core, a new gov-core never fills the shims with an
// old gov-shim. That asks of each release only what every upgrade asks of
// it anyway (to work with what an older one left), never that an old
// program understand a newer one.
var Programs = []string{self.Shim, self.Core, self.Gov}

// Files is everything an archive holds, and nothing else may be in it.
var Files = append(append([]string{}, Programs...), License, Readme)

// BaseURL is the base URL of gov's releases: $GOV_RELEASE_URL (getenv's),
// else DefaultURL, without a final slash.
func BaseURL(getenv func(string) string) string {
	return strings.TrimRight(cmp.Or(getenv(EnvURL), DefaultURL), "/")
}

// ArchiveName is the name of the archive of release tag for p:
// gov_v0.2.0_linux_amd64.tar.gz (Go's GOOS and GOARCH names).
func ArchiveName(tag string, p platform.Platform) string {
	return "gov_" + tag + "_" + p.OS + "_" + p.Arch + ".tar.gz"
}

// ParseArchiveName is ArchiveName's inverse: the tag and platform of
// the archive named name, and whether name is the name of an archive.
func ParseArchiveName(name string) (tag string, p platform.Platform, ok bool) {
	rest, ok1 := strings.CutPrefix(name, "gov_")
	rest, ok2 := strings.CutSuffix(rest, ".tar.gz")
	parts := strings.Split(rest, "_")
	if !ok1 || !ok2 || len(parts) != 3 {
		return "", platform.Platform{}, false
	}
	tag = parts[0]
	p, err := platform.Parse(parts[1] + "-" + parts[2])
	if t, terr := ParseTag(tag); err != nil || terr != nil || t != tag || ArchiveName(tag, p) != name {
		return "", platform.Platform{}, false
	}
	return tag, p, true
}

// TrustedComment is the trusted comment of the signature of release
// tag's SHA256SUMS: "gov v0.2.0". scripts/release.sh signs with it (it
// asks scripts/tgz -tag for it), and Server.Sums accepts no other.
func TrustedComment(tag string) string { return "gov " + tag }

// URL is the address of the file name of release tag under base.
func URL(base, tag, name string) string { return base + "/" + tag + "/" + name }

// ParseTag returns s as a release tag: a semantic version in canonical
// form with its v (v0.2.0, v1.0.0-rc.1); "0.2.0" is taken for v0.2.0.
func ParseTag(s string) (string, error) {
	tag := s
	if !strings.HasPrefix(tag, "v") {
		tag = "v" + tag
	}
	if !semver.IsValid(tag) || semver.Canonical(tag) != tag {
		return "", fmt.Errorf("%s is not a release tag (want one such as v0.2.0)", hint.Quote(s))
	}
	return tag, nil
}

// Compare compares two tags as semantic versions: -1, 0 or +1. A version
// that is not one (a build from a checkout) is older than every tag.
func Compare(a, b string) int { return semver.Compare(a, b) }

// ParseSums parses a SHA256SUMS file, as sha256sum writes it: a line
// "<64 hex digits>  <name>" per file ("*<name>" for sha256sum -b too). It
// returns each file's SHA-256 in lower-case hex.
func ParseSums(data []byte) (map[string]string, error) {
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" {
			continue
		}
		sum, name, ok := strings.Cut(line, " ")
		name = strings.TrimPrefix(strings.TrimPrefix(name, " "), "*")
		if _, err := hex.DecodeString(sum); !ok || err != nil || len(sum) != 64 || name == "" {
			return nil, fmt.Errorf("%s line %d: not \"<sha256>  <file>\": %s", SumsFile, n, hint.Quote(line))
		}
		if _, dup := sums[name]; dup {
			return nil, fmt.Errorf("%s lists %s twice", SumsFile, hint.Quote(name))
		}
		sums[name] = strings.ToLower(sum)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", SumsFile, err)
	}
	return sums, nil
}
