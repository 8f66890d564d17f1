#!/usr/bin/env bash
# Runs every fuzz target of gov for a bounded number of inputs each, and
# fails if any finds a failing input:
#
#	scripts/fuzz.sh [COUNT]      # default 10000 inputs per target
#
# Targets that do little per input (the version, spec and version-file
# parsers) get 20 times COUNT; those that unpack archives or decode an
# index get COUNT.
#
# The bound is a count, not a clock: on a loaded machine a run takes longer
# but does the same work, and never fails for running out of time.
#
# The targets are found, not listed here: every Fuzz function that
# go test -list reports in a package with tests. A failing input is written
# to that package's testdata/fuzz/FuzzXxx/; fix the bug and commit the file,
# which go test then runs as a seed. Minimizing a new input stops after 10
# tries, so that a short run spends its time fuzzing.
#
# Each run starts from the committed seeds alone, in a corpus cache of its
# own (-test.fuzzcachedir), not in Go's build cache, where the interesting
# inputs of earlier runs pile up. For a long run that keeps what it
# learns, run go test -fuzz yourself.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
export GOTOOLCHAIN=local
# The extraction fuzzers make and remove directories thousands of times a
# second: on tmpfs, where there is one, they run three times as many inputs.
tmp=
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	tmp=$(mktemp -d /dev/shm/gov-fuzz.XXXXXX)
	export TMPDIR=$tmp
fi
log=$(mktemp)
trap 'rm -rf "$log" $tmp' EXIT

failed=() n=0
for pkg in $(go list -f '{{if .TestGoFiles}}{{.ImportPath}}{{end}}' ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		n=$((n + 1))
		start=$SECONDS
		case $target in
		FuzzExtract* | FuzzIndex) inputs=$count ;;
		*) inputs=$((count * 20)) ;;
		esac
		cache=$(mktemp -d)
		if go test -run '^$' -fuzz "^$target\$" -fuzztime "${inputs}x" -fuzzminimizetime 10x "$pkg" \
			-args -test.fuzzcachedir="$cache" >"$log" 2>&1; then
			execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 || true)
			printf 'ok    %-24s %-40s %3ds, %s\n' "$target" "$pkg" $((SECONDS - start)) "${execs:-execs: ?}"
		else
			printf 'FAIL  %-24s %s\n' "$target" "$pkg"
			grep -v '^fuzz: elapsed' "$log" | tail -40
			failed+=("$pkg $target")
		fi
		rm -rf "$cache"
	done
done
if [ "$n" -eq 0 ]; then
	echo "fuzz.sh: found no fuzz targets" >&2
	exit 1
fi
if [ ${#failed[@]} -gt 0 ]; then
	printf 'fuzz.sh: %d of %d targets failed:\n' ${#failed[@]} "$n" >&2
	printf '  %s\n' "${failed[@]}" >&2
	exit 1
fi
echo "fuzz.sh: $n targets, $count inputs each (parsers $((count * 20))), no failures"
