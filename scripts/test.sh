#!/usr/bin/env bash
# Runs every test of gov, offline: vet, then the unit, script and
# end-to-end tests with the race detector, then every fuzz target for
# 10,000 inputs (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:-} -tags=urfave_cli_no_docs"
export GOTOOLCHAIN=local
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...
go test -race -count=1 -timeout 20m ./...
scripts/fuzz.sh
