#!/usr/bin/env bash
# Measures `gov install` of a real Go SDK against the shell pipeline it
# replaces, in one run against one loopback mirror:
#
#   gov install --quiet VERSION                       (fresh GOV_HOME each run)
#   curl -s URL | tee >(sha256sum >/dev/null) | tar -xzf -   (fresh directory)
#   the same pipeline, then sync                      (as durable as gov)
#
# gov flushes each SDK to disk before it commits it (one syncfs); the
# plain pipeline leaves its files in the page cache, the third line pays
# for the same durability. Each timed command starts after a sync, so
# that none pays for the writeback of the one before.
#
# The mirror is the machine's own Go (go env GOROOT) packed by
# scripts/mkmirror at the default gzip level. Runs are interleaved, best of
# RUNS (default 3) each; it prints medians and bests, gov's peak RSS, and
# last the ratio gov/pipeline of the bests (target <= 1.0).
#
# Files go to BENCH_DIR if set, else /dev/shm (disk writeback on a VM is
# noisy), else a temporary directory. Offline: nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
runs=${RUNS:-3}

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	work=$(mktemp -d "$BENCH_DIR/bench-install.XXXXXX")
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
	work=$(mktemp -d /dev/shm/bench-install.XXXXXX)
else
	work=$(mktemp -d)
fi
server=
cleanup() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	chmod -R u+w "$work" 2>/dev/null # read-only SDKs
	rm -rf "$work"
}
trap cleanup EXIT

echo "building gov and mkmirror" >&2
go build -tags=urfave_cli_no_docs -o "$work/bin/" ./cmd/... ./scripts/mkmirror
goroot=$(go env GOROOT)
version=$(head -n 1 "$goroot/VERSION")
echo "packing $goroot ($version) into a mirror" >&2
"$work/bin/mkmirror" -goroot "$goroot" -out "$work/mirror"
archive=$(cd "$work/mirror" && ls "$version".*.tar.gz)

"$work/bin/mkmirror" -out "$work/mirror" -serve 127.0.0.1:0 -addr-file "$work/addr" >/dev/null &
server=$!
for _ in $(seq 100); do
	[ -s "$work/addr" ] && break
	sleep 0.05
done
base=$(cat "$work/addr")
curl -sf -o /dev/null "${base}index.json" || { echo "bench-install: mirror did not start" >&2; exit 1; }

size=$(stat -c %s "$work/mirror/$archive")
files=$(tar -tzf "$work/mirror/$archive" | wc -l)
echo "archive: $archive, $((size / 1000000)) MB, $files entries, served from $base"
echo "work directory: $work"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

gov_times=() pipe_times=() sync_times=() rss=()
for i in $(seq "$runs"); do
	home="$work/gov-$i"
	sync
	start=$(now)
	GOV_HOME="$home" HOME="$work" GOV_DL_INDEX="${base}index.json" GOV_DL_BASE="$base" \
		/usr/bin/time -v -o "$work/time-$i" "$work/bin/gov" install --quiet "${version#go}"
	gov_times+=("$(elapsed "$start" "$(now)")")
	rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$i")")
	test -x "$home/sdk/$version".*/bin/go
	chmod -R u+w "$home" # its SDK is read-only
	rm -rf "$home"

	dir="$work/pipe-$i"
	mkdir "$dir"
	sync
	start=$(now)
	curl -s "$base$archive" | tee >(sha256sum >/dev/null) | tar -xzf - -C "$dir"
	pipe_times+=("$(elapsed "$start" "$(now)")")
	test -x "$dir/go/bin/go"
	rm -rf "$dir"

	mkdir "$dir"
	sync
	start=$(now)
	curl -s "$base$archive" | tee >(sha256sum >/dev/null) | tar -xzf - -C "$dir"
	sync
	sync_times+=("$(elapsed "$start" "$(now)")")
	rm -rf "$dir"
	printf 'run %d: gov %.3fs (%d KiB peak RSS), pipeline %.3fs, pipeline+sync %.3fs\n' "$i" "${gov_times[-1]}" "${rss[-1]}" "${pipe_times[-1]}" "${sync_times[-1]}"
done

stats() { # prints "median best" of its arguments
	printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f\n", m, v[1]}'
}
read -r gov_median gov_best <<<"$(stats "${gov_times[@]}")"
read -r pipe_median pipe_best <<<"$(stats "${pipe_times[@]}")"
read -r sync_median sync_best <<<"$(stats "${sync_times[@]}")"
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
echo "gov install --quiet: median ${gov_median}s, best ${gov_best}s"
echo "curl | tee >(sha256sum) | tar -xzf: median ${pipe_median}s, best ${pipe_best}s"
echo "the same, then sync: median ${sync_median}s, best ${sync_best}s"
awk -v k="$peak" 'BEGIN {printf "gov peak RSS: %.1f MiB (target <= 64 MiB)\n", k / 1024}'
awk -v g="$gov_best" -v p="$sync_best" 'BEGIN {printf "ratio gov/(pipeline+sync) (best): %.2f\n", g / p}'
awk -v g="$gov_best" -v p="$pipe_best" 'BEGIN {printf "ratio gov/pipeline (best): %.2f (target <= 1.0)\n", g / p}'
