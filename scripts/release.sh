#!/usr/bin/env bash
# Builds a release of gov into OUTDIR, laid out as the release location
# (https://gov-dev.github.io/gov) serves it:
#
#   OUTDIR/TAG/gov_TAG_OS_ARCH.tar.gz   gov, gov-core, gov-shim, LICENSE, README.md (flat)
#   OUTDIR/TAG/SHA256SUMS               sha256sum's format, sorted by name
#   OUTDIR/TAG/SHA256SUMS.minisig       minisign's signature of SHA256SUMS
#   OUTDIR/install.sh                   scripts/install.sh with this TAG and its checksums
#   OUTDIR/latest                       TAG
#
# usage: GOV_SIGNING_KEY=minisign.key GOV_SIGNING_PUB=minisign.pub scripts/release.sh TAG OUTDIR
#
# GOV_SIGNING_KEY is a minisign secret key file, GOV_SIGNING_PUB its public
# key file (minisign -G makes the pair); the public key is linked into gov
# (pkg/self.PublicKey), which checks every self-update against it, and into
# install.sh. PLATFORMS (default "linux/amd64 linux/arm64 darwin/amd64
# darwin/arm64") chooses the archives. Needs go, minisign, and sha256sum or
# shasum; no GNU tar (scripts/tgz packs the archives). TAG must be a
# release tag as gov parses one (pkg/release's ParseTag, which scripts/tgz
# -tag applies): v1.2.3 or v1.2.3-rc.1, not v01.2.3 or v1.2.3-rc.01.
#
# Reproducible: the binaries are built with -trimpath and no build ID, the
# archives by scripts/tgz with fixed names, order, owners, modes and times
# (SOURCE_DATE_EPOCH, else the commit's time), so two runs on one commit
# with one Go give byte-identical archives. Everything is built in a
# temporary directory inside OUTDIR and moved into place at the end: a
# failed run leaves no OUTDIR/TAG.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

die() {
	echo "release.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || die "usage: scripts/release.sh TAG OUTDIR"
tag=$1 out=$2
command -v minisign >/dev/null || die "minisign is not installed; it signs SHA256SUMS (https://jedisct1.github.io/minisign/)"
command -v go >/dev/null || die "go is not installed; it builds the release"

# The whole build configuration, whatever the environment or go env -w
# says (GOAMD64=v3, say, would ship a gov that older CPUs cannot run).
export CGO_ENABLED=0 GOFLAGS=-tags=urfave_cli_no_docs GOTOOLCHAIN=local GOAMD64=v1 GOARM64=v8.0

# scripts/tgz packs the archives, and asks package release whether TAG is
# a release tag (gov's own rule, so that no release is published that gov
# would refuse) and what its signature's trusted comment is.
helper=$(mktemp -d "${TMPDIR:-/tmp}/gov-release.XXXXXX") || die "cannot make a temporary directory"
trap 'rm -rf "$helper"' EXIT
go build -o "$helper/tgz" ./scripts/tgz || die "cannot build scripts/tgz"
err=$("$helper/tgz" -tag "$tag" 2>&1 >"$helper/comment") || die "${err#tgz: }"
comment=$(cat "$helper/comment")

[ -n "${GOV_SIGNING_KEY:-}" ] || die "GOV_SIGNING_KEY is not set: name the minisign secret key file that signs releases"
[ -n "${GOV_SIGNING_PUB:-}" ] || die "GOV_SIGNING_PUB is not set: name the minisign public key file of GOV_SIGNING_KEY"
[ -r "$GOV_SIGNING_KEY" ] || die "cannot read GOV_SIGNING_KEY $GOV_SIGNING_KEY"
[ -r "$GOV_SIGNING_PUB" ] || die "cannot read GOV_SIGNING_PUB $GOV_SIGNING_PUB"
if command -v sha256sum >/dev/null; then
	sha256() { sha256sum "$@"; }
elif command -v shasum >/dev/null; then
	sha256() { shasum -a 256 "$@"; }
else
	die "neither sha256sum nor shasum is installed"
fi
pubkey=$(sed -n 2p "$GOV_SIGNING_PUB")
[[ $pubkey =~ ^RW[A-Za-z0-9+/]{54}$ ]] || die "$GOV_SIGNING_PUB is not a minisign public key file (its second line is not RW...)"
[ ! -e "$out/$tag" ] || die "$out/$tag exists already; a release is never rebuilt in place"
platforms=${PLATFORMS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64}
for p in $platforms; do
	case $p in
	linux/amd64 | linux/arm64 | darwin/amd64 | darwin/arm64) ;;
	*) die "PLATFORMS: unknown platform $p (linux/amd64 linux/arm64 darwin/amd64 darwin/arm64)" ;;
	esac
done
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	mtime=$SOURCE_DATE_EPOCH
else
	mtime=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi
[[ $mtime =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH must be seconds since 1970, not \"$mtime\""

mkdir -p "$out"
work=$(mktemp -d "$out/.release-$tag.XXXXXX")
trap 'rm -rf "$work" "$helper"' EXIT

# A public key that does not match the secret one would ship a gov that
# refuses every update: sign and check a probe before building anything.
echo "gov $tag" >"$work/probe"
minisign -S -s "$GOV_SIGNING_KEY" -m "$work/probe" >/dev/null || die "minisign cannot sign with GOV_SIGNING_KEY $GOV_SIGNING_KEY"
minisign -V -q -p "$GOV_SIGNING_PUB" -m "$work/probe" >/dev/null 2>&1 ||
	die "GOV_SIGNING_PUB $GOV_SIGNING_PUB does not verify what GOV_SIGNING_KEY signs: they are not one key pair"

ldflags="-s -w -buildid= -X github.com/gov-dev/gov/pkg/self.Version=$tag -X github.com/gov-dev/gov/pkg/self.PublicKey=$pubkey"
rel=$work/$tag
mkdir "$rel"
for p in $platforms; do
	os=${p%/*} arch=${p#*/}
	bin=$work/bin/${os}_$arch
	echo "building gov $tag for $p" >&2
	GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$bin/" ./cmd/gov ./cmd/gov-core ./cmd/gov-shim
	# gov self update (in gov-core) checks every update against the key:
	# a gov-core without it could never update itself.
	grep -q -F "$pubkey" "$bin/gov-core" || die "the $p gov-core does not hold the signing key"
	"$helper/tgz" -mtime "$mtime" -o "$rel/gov_${tag}_${os}_$arch.tar.gz" \
		"$bin/gov" "$bin/gov-core" "$bin/gov-shim" LICENSE README.md
done

# gov --version must print the tag: run the host's build (made for that
# alone when the host is not among PLATFORMS); the others got the same flags.
bin=$work/bin/$(go env GOHOSTOS)_$(go env GOHOSTARCH)
if [ ! -x "$bin/gov" ]; then
	go build -trimpath -ldflags "$ldflags" -o "$bin/" ./cmd/gov ./cmd/gov-core
fi
got=$("$bin/gov" --version)
[ "$got" = "gov version $tag" ] || die "gov --version printed \"$got\", want \"gov version $tag\""

(cd "$rel" && sha256 gov_*.tar.gz >SHA256SUMS)
# The trusted comment is release.TrustedComment's, which gov requires.
minisign -S -s "$GOV_SIGNING_KEY" -m "$rel/SHA256SUMS" -t "$comment" >/dev/null

# install.sh: this TAG, the public key, and SHA256SUMS in place of the
# line @SHA256SUMS@.
awk -v tag="$tag" -v key="$pubkey" -v sums="$rel/SHA256SUMS" '
	$0 == "@SHA256SUMS@" { while ((getline line < sums) > 0) print line; next }
	{ gsub(/@TAG@/, tag); gsub(/@PUBKEY@/, key); print }
' scripts/install.sh >"$work/install.sh"
! grep -n '@[A-Z0-9_]*@' "$work/install.sh" >&2 || die "install.sh: placeholders left after rendering"
sh -n "$work/install.sh" || die "install.sh: the rendered script does not parse"
printf '%s\n' "$tag" >"$work/latest"

# Into place: the release, then install.sh that points into it, then
# latest, so that nothing names a release before it is whole.
mv "$rel" "$out/$tag"
mv -f "$work/install.sh" "$out/install.sh"
mv -f "$work/latest" "$out/latest"
for f in "$out/$tag"/gov_*.tar.gz; do
	echo "${f##*/}: $(wc -c <"$f" | tr -d ' ') bytes" >&2
done
echo "released gov $tag into $out" >&2
