#!/usr/bin/env bash
# Times gov doctor --offline, which must take well under 1 s, on a healthy
# home built here: the machine's own Go imported into a throwaway
# GOV_HOME and made the default, gov's shims first in PATH, the gov env
# line in ~/.zshrc (and ~/.bashrc, for the bash this runs in). Compared in one run against gov --help (gov's own
# start-up), it prints medians and the 90th percentile.
#
#   scripts/bench-doctor.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
export GOTOOLCHAIN=local GOFLAGS=-tags=urfave_cli_no_docs
work=$(mktemp -d)
# gov's SDKs are read-only: chmod first, as for the go command's module cache.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

go build -o "$work/bin/" ./cmd/...
go build -o "$work/benchcmd" ./scripts/benchcmd
goroot=$(go env GOROOT)
version=$(head -n1 "$goroot/VERSION")

unset GOROOT XDG_CONFIG_HOME XDG_CACHE_HOME GOENV GOPATH GOBIN SUDO_USER
export GOV_HOME="$work/gov-home" HOME="$work/home" SHELL=/bin/zsh
mkdir -p "$HOME"
echo 'eval "$(gov env zsh)"' >"$HOME/.zshrc"
# This script runs under bash, which doctor sees as the running shell.
echo 'eval "$(gov env bash)"' >"$HOME/.bashrc"
echo '[ -f ~/.bashrc ] && . ~/.bashrc' >"$HOME/.bash_profile"
"$work/bin/gov" import --quiet "$goroot"
"$work/bin/gov" global --quiet --offline "${version#go}"
export PATH="$GOV_HOME/shims:$work/bin:$HOME/go/bin:$PATH"

"$work/bin/gov" doctor --offline
echo
echo "gov doctor --offline vs gov --help, $runs runs each"
"$work/benchcmd" -n "$runs" -C "$HOME" \
	"help=$work/bin/gov --help" \
	"doctor=$work/bin/gov doctor --offline"
