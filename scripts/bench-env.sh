#!/usr/bin/env bash
# Times gov env zsh, the command every new shell runs, and counts the
# processes its prompt hook starts (target: 0), in one run.
#
# Timing (interleaved, scripts/benchcmd): /bin/true and a Go hello world
# (the floor for any Go program on this machine), gov env zsh as scripts
# build gov (-tags urfave_cli_no_docs), the same built static
# (CGO_ENABLED=0), and mise activate zsh when mise is on PATH. The store
# holds three fake SDKs, so gov env has shims to keep current.
#
# Processes: interactive bash and zsh read 20 command lines from stdin,
# each prepending a directory to PATH, so the hook fixes PATH before 20
# prompts; strace -f counts every execve, clone, fork and vfork after the
# shell's own start. A control run adds /bin/true to each line, to show the
# count sees processes. Then the hook's own cost per prompt, in-shell.
#
# It uses throwaway GOV_HOME and HOME directories: never your ~/.gov.
#
#   scripts/bench-env.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
export GOTOOLCHAIN=local
work=$(mktemp -d)
# gov's SDKs are read-only: chmod first, as for the go command's module cache.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

go build -tags urfave_cli_no_docs -o "$work/bin/" ./cmd/...
CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$work/static/" ./cmd/...
go build -o "$work/benchcmd" ./scripts/benchcmd
mkdir -p "$work/hello"
cat >"$work/hello/main.go" <<'GO'
package main

import "os"

func main() { os.Stdout.WriteString("") }
GO
(cd "$work/hello" && printf 'module hello\ngo 1.21\n' >go.mod && go build -o "$work/hello-go" .)

# Each gov binary gets its own store: the shims record which gov made them.
export HOME="$work/home"
mkdir -p "$HOME"
goos=$(go env GOOS) goarch=$(go env GOARCH)
for v in 1.21.13 1.22.12 1.23.4; do
	sdk="$work/fake/go$v"
	mkdir -p "$sdk/bin" "$sdk/pkg/tool/${goos}_$goarch"
	echo "go$v" >"$sdk/VERSION"
	printf '#!/bin/sh\necho "go version go%s %s/%s"\n' "$v" "$goos" "$goarch" >"$sdk/bin/go"
	chmod +x "$sdk/bin/go"
	GOV_HOME="$work/gov-home" "$work/bin/gov" import --quiet "$sdk"
done
GOV_HOME="$work/gov-home" "$work/bin/gov" global --quiet 1.22.12
cp -a "$work/gov-home" "$work/gov-home-static"
GOV_HOME="$work/gov-home" "$work/bin/gov" env zsh >/dev/null
GOV_HOME="$work/gov-home-static" "$work/static/gov" env zsh >/dev/null

cmds=(
	"true=/bin/true"
	"go-hello=$work/hello-go"
	"gov-env=GOV_HOME=$work/gov-home $work/bin/gov env zsh"
	"gov-static=GOV_HOME=$work/gov-home-static $work/static/gov env zsh"
)
if mise=$(command -v mise); then
	cmds+=("mise=$mise activate zsh")
fi
echo "gov env zsh: $runs runs each, interleaved ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
"$work/benchcmd" -n "$runs" "${cmds[@]}" | tee "$work/out"
med() { awk -v l="$1" '$1==l {print $2}' "$work/out"; }
awk -v g="$(med gov-env)" -v h="$(med go-hello)" -v t="$(med true)" 'BEGIN {
	printf "gov env zsh median: %.3f ms (target < 3 ms); over a Go hello world: %+.3f ms; over /bin/true: %+.3f ms\n", g, g-h, g-t
}'

echo
echo "Processes the prompt hook starts (strace -f: execve, clone, clone3, fork, vfork after the shell's start):"
if ! command -v strace >/dev/null; then
	echo "strace is not installed (apt-get install strace); skipped"
	exit 0
fi
export GOV_HOME="$work/gov-home"
prompts=20
count() { # SHELL ARGS...: processes started after the shell's own execve
	strace -f -qq -o "$work/trace" -e trace=execve,clone,clone3,fork,vfork "$@" <"$work/input" >/dev/null 2>&1 || true
	grep -Ev '^[0-9]+ +(\+\+\+|---)' "$work/trace" | tail -n +2 | grep -c . || true
}
for shell in bash zsh; do
	if ! command -v "$shell" >/dev/null; then
		echo "$shell: not installed; skipped"
		continue
	fi
	"$work/bin/gov" env "$shell" >"$work/snippet.$shell"
	args=("$shell" --norc --noprofile -i)
	[ "$shell" = zsh ] && args=(zsh -f -i)
	{
		echo ". '$work/snippet.$shell'"
		for i in $(seq "$prompts"); do echo "PATH=/nonexistent/$i:\$PATH"; done
		echo "case \$PATH in '$GOV_HOME/shims:'*) echo ok >'$work/first.$shell' ;; esac"
	} >"$work/input"
	rm -f "$work/first.$shell"
	n=$(count "${args[@]}")
	first=no
	[ -f "$work/first.$shell" ] && first=yes
	sed -i 's|:\$PATH$|:$PATH; /bin/true|' "$work/input"
	control=$(count "${args[@]}")
	echo "$shell: $n processes over $prompts prompts (shims first at the end: $first); control with /bin/true on each line: $control"
done

echo
echo "The hook's own cost per prompt, in the shell (no process either way):"
for shell in bash zsh; do
	command -v "$shell" >/dev/null || continue
	hook=__gov_hook
	[ "$shell" = zsh ] && hook=__gov_path
	script='. "$1"; hook=$2; p0=$PATH
	us() { local f=${1#*.}000000; echo $(( ${1%%.*} * 1000000 + 10#${f:0:6} )); }
	t0=$(us $EPOCHREALTIME); for ((i = 0; i < 2000; i++)); do $hook; done; t1=$(us $EPOCHREALTIME)
	for ((i = 0; i < 2000; i++)); do PATH=/x:$p0; $hook; done; t2=$(us $EPOCHREALTIME)
	a=$(( (t1 - t0) / 200 )) b=$(( (t2 - t1) / 200 ))
	printf "%s: %d.%d us when the shims are already first, %d.%d us when it moves them\n" "$3" $((a / 10)) $((a % 10)) $((b / 10)) $((b % 10))'
	if [ "$shell" = zsh ]; then
		zsh -f -c "zmodload zsh/datetime; $script" zsh "$work/snippet.$shell" "$hook" "$shell"
	else
		bash --norc --noprofile -c "$script" bash "$work/snippet.$shell" "$hook" "$shell"
	fi
done
