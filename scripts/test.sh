#!/usr/bin/env bash
# Runs every test of gov, offline: vet (natively, and for darwin and
# windows, so that nothing Unix- or Linux-only slips into shared code),
# then the unit, script and end-to-end tests with the race detector, then
# every fuzz target for 10,000 inputs (scripts/fuzz.sh).
#
# The tests run as go test -json, through scripts/testsum: it prints a line
# per package and the output of what failed, as go test does, and at the
# end every skipped test with its reason, so that a test that skipped (a
# shell that is not installed, say) does not pass unseen.
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
GOOS=darwin GOARCH=arm64 go vet ./...
GOOS=windows GOARCH=amd64 go vet ./...

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/testsum" ./scripts/testsum
set +e
go test -json -race -count=1 -timeout 20m ./... | "$bin/testsum"
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" -ne 0 ] || [ "${status[1]}" -ne 0 ]; then
	echo "test.sh: go test exited ${status[0]}, testsum ${status[1]}" >&2
	exit 1
fi
scripts/fuzz.sh
