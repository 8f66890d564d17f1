#!/usr/bin/env bash
# Times what one Tab costs: gov __complete, as the completion scripts run
# it, through the front door (gov execs gov-core), interleaved
# (scripts/benchcmd) with /bin/true and a Go hello world (the floor for
# any Go program here). gov install <Tab> reads the cached release index:
# go.dev's real one of 2021 (testdata/, 202 releases), cached through a
# file:// GOV_DL_INDEX, with the summary the cache keeps beside it and
# without it (a cache written before the summary existed). gov install
# --<Tab> reads nothing: the cost of starting gov-core. (benchcmd cannot
# pass an empty word, so install 1<Tab> stands for install <Tab>: the same
# work, one candidate fewer.)
#
# It uses a throwaway GOV_HOME: never your ~/.gov.
#
#   scripts/bench-complete.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
export GOTOOLCHAIN=local
work=$(mktemp -d)
# gov's SDKs are read-only: chmod first, as for the go command's module cache.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

go build -tags urfave_cli_no_docs -o "$work/bin/" ./cmd/...
go build -o "$work/benchcmd" ./scripts/benchcmd
mkdir -p "$work/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("") }\n' >"$work/hello/main.go"
(cd "$work/hello" && printf 'module hello\ngo 1.21\n' >go.mod && go build -o "$work/hello-go" .)

index="file://$PWD/testdata/go-dl-index-2021-11-08.json"
export HOME="$work/home" GOV_PLATFORM=linux-amd64
mkdir -p "$HOME"
GOV_HOME="$work/gov" GOV_DL_INDEX=$index "$work/bin/gov" list-remote >/dev/null
cp -a "$work/gov" "$work/gov-old"
rm "$work"/gov-old/cache/*.summary.json
echo "candidates for gov install <Tab>: $(GOV_HOME="$work/gov" GOV_DL_INDEX=$index "$work/bin/gov" __complete bash install '' | wc -l)"

env="GOV_DL_INDEX=$index"
echo "gov __complete: $runs runs each, interleaved ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
"$work/benchcmd" -n "$runs" \
	"true=/bin/true" \
	"go-hello=$work/hello-go" \
	"flags=GOV_HOME=$work/gov $env $work/bin/gov __complete bash install --" \
	"install=GOV_HOME=$work/gov $env $work/bin/gov __complete bash install 1" \
	"no-summary=GOV_HOME=$work/gov-old $env $work/bin/gov __complete bash install 1"
