#!/usr/bin/env bash
# The main job, offline, on a fresh machine: build gov, serve the machine's
# own Go from a loopback mirror (packed the way go.dev packs it, with its
# release index), install it through gov with SHA-256 verification, and run
# go version through gov's shim in a project pinned to it.
#
# It uses the GOV_HOME it is given, else a throwaway one: it never touches
# your real ~/.gov, and it edits no rc file.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local GOFLAGS=-tags=urfave_cli_no_docs
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export GOV_HOME="${GOV_HOME:-$work/gov-home}"
step() { printf '\n$ %s\n' "$*"; }
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
fi

step "go build -o $work/bin/ ./cmd/..."
go build -o "$work/bin/" ./cmd/...
goroot=$(go env GOROOT)
version=$(head -n1 "$goroot/VERSION")

step "pack $goroot as $version.$(go env GOOS)-$(go env GOARCH).tar.gz and serve it with its index on loopback"
go build -o "$work/mkmirror" ./scripts/mkmirror
"$work/mkmirror" -goroot "$goroot" -out "$work/mirror"
"$work/mkmirror" -out "$work/mirror" -serve 127.0.0.1:0 -addr-file "$work/addr" >/dev/null &
server=$!
for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
url=$(cat "$work/addr")
export GOV_DL_INDEX="${url}index.json" GOV_DL_BASE="$url"
export PATH="$work/bin:$PATH"
echo "GOV_HOME=$GOV_HOME"
echo "GOV_DL_INDEX=$GOV_DL_INDEX"

# In the README's order: install, then the rc line (which, before any Go is
# installed, would print a note on how to install one).
step "gov install ${version#go}"
gov install "${version#go}"

step 'eval "$(gov env bash)"    # the one line for ~/.bashrc'
eval "$(gov env bash)"
step "gov list -v"
gov list -v

step "cd project && gov use ${version#go} && go version"
mkdir -p "$work/project"
cd "$work/project"
gov use "${version#go}"
command -v go
go version
step "gov current"
gov current
