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
# prompts; strace -f counts the processes (fork, vfork, clone and clone3
# without CLONE_THREAD) and execve calls after the shell's own start. A
# control run adds /bin/true to each line, to show the count sees
# processes. Then the hook's own cost per prompt, in-shell.
#
# Hook mode (gov env SHELL --hook), in two projects pinned with gov use to
# installed SDKs, so that the hook puts one's bin before the shims: the
# same counts over 20 prompts in a project (target 0) and over 20 prompts
# each after a cd between the projects (target 20, one gov hook-env each);
# then, in-shell, the cost per prompt where nothing changed (target <= 0.2
# ms) and after a cd (target <= 5 ms), beside gov hook-env run directly
# and /bin/true, the floor of one process.
#
# It uses throwaway GOV_HOME and HOME directories: never your ~/.gov.
#
#   scripts/bench-env.sh [RUNS]
#   HOOK_N=2000 HOOK_M=20 scripts/bench-env.sh    hook mode: calls per loop; pairs of cds per round (5 rounds)
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
echo "Processes the prompt hook starts (strace -f: non-thread clone, clone3, fork and vfork, and execve, after the shell's own start):"
export GOV_HOME="$work/gov-home"
prompts=20
strace=$(command -v strace) || echo "strace is not installed (apt-get install strace); skipped"
count() { # INPUT SHELL ARGS...: "PROCESSES EXECVES" the shell, reading INPUT, started after its own execve
	# A process is a fork, a vfork, or a clone or clone3 without CLONE_THREAD
	# (a Go program's threads are not processes); an execve runs a program.
	strace -f -qq -o "$work/trace" -e trace=execve,clone,clone3,fork,vfork "${@:2}" <"$1" >/dev/null 2>&1 || true
	awk '/^([0-9]+ +)?execve\(/ { e++ } /^([0-9]+ +)?(clone3?|v?fork)\(/ && !/CLONE_THREAD/ { p++ } END { print p + 0, e - 1 }' "$work/trace"
}
procs() { # "PROCESSES EXECVES" [BEFORE]: as words, less BEFORE's
	awk -v n="$1" -v b="${2:-0 0}" 'BEGIN { split(n, x, " "); split(b, y, " "); printf "%d processes (%d execve)", x[1] - y[1], x[2] - y[2] }'
}
interactive() { # SHELL: args=(an interactive SHELL without start-up files)
	args=("$1" --norc --noprofile -i)
	[ "$1" = zsh ] && args=(zsh -f -i)
	return 0
}
shells=()
for shell in bash zsh; do
	if command -v "$shell" >/dev/null; then
		shells+=("$shell")
	else
		echo "$shell: not installed; skipped"
	fi
done
for shell in "${shells[@]}"; do
	[ -n "$strace" ] || break
	"$work/bin/gov" env "$shell" >"$work/snippet.$shell"
	interactive "$shell"
	{
		echo ". '$work/snippet.$shell'"
		for i in $(seq "$prompts"); do echo "PATH=/nonexistent/$i:\$PATH"; done
		echo "case \$PATH in '$GOV_HOME/shims:'*) echo ok >'$work/first.$shell' ;; esac"
	} >"$work/input"
	rm -f "$work/first.$shell"
	n=$(count "$work/input" "${args[@]}")
	first=no
	[ -f "$work/first.$shell" ] && first=yes
	sed -i 's|:\$PATH$|:$PATH; /bin/true|' "$work/input"
	control=$(count "$work/input" "${args[@]}")
	echo "$shell: $(procs "$n") over $prompts prompts (shims first at the end: $first); control with /bin/true on each line: $(procs "$control")"
done

echo
echo "The hook's own cost per prompt, in the shell (no process either way):"
for shell in "${shells[@]}"; do
	hook=__gov_hook
	[ "$shell" = zsh ] && hook=__gov_path
	"$work/bin/gov" env "$shell" >"$work/snippet.$shell"
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

# Hook mode: two projects, pinned with gov use to installed SDKs other
# than the global default, so the hook puts a bin first in each; gov must
# be in PATH, as the hook runs gov hook-env.
proj="$work/proj"
mkdir -p "$proj/a/1/2/3/4/5/6/7/8" "$proj/b"
(cd "$proj/a" && "$work/bin/gov" use --offline --quiet 1.21.13)
(cd "$proj/b" && "$work/bin/gov" use --offline --quiet 1.23.4)
sdk_a=$(ls -d "$GOV_HOME"/sdk/go1.21.13.*)/bin sdk_b=$(ls -d "$GOV_HOME"/sdk/go1.23.4.*)/bin
# Within the second a watched file was written in, the hook asks gov at
# each prompt (its stamp is just before that second): count from the next.
sleep 1.1
export PATH="$work/bin:$PATH"
echo
echo "Hook mode (gov env SHELL --hook), in projects a (gov use 1.21.13) and b (1.23.4); the global default is 1.22.12."
if [ -n "$strace" ]; then
	echo "Processes its prompt hook starts (counted as above): over $prompts prompts in a (target 0), then over $prompts prompts each after a cd between a and b (target $prompts: one gov hook-env each):"
fi
firstline() { # BIN N: a line that writes yes to first.N if BIN is first in PATH, before the shims
	echo "case \$PATH in '$1:$GOV_HOME/shims:'*) echo yes ;; *) echo no ;; esac >'$work/first.$2'"
}
for shell in "${shells[@]}"; do
	"$work/bin/gov" env "$shell" --hook >"$work/hook.$shell"
	[ -n "$strace" ] || break
	interactive "$shell"
	# The snippet's own hook, cd a and one more prompt first: the counts
	# below are those of a run with more lines, less this one's.
	printf '%s\n' ". '$work/hook.$shell'" "cd '$proj/a'" : >"$work/input0"
	{
		cat "$work/input0"
		for i in $(seq "$prompts"); do echo :; done
		firstline "$sdk_a" 1
	} >"$work/input1"
	{
		cat "$work/input1"
		for i in $(seq $((prompts / 2))); do printf '%s\n' "cd '$proj/b'" "cd '$proj/a'"; done
		firstline "$sdk_a" 2
	} >"$work/input2"
	rm -f "$work/first.1" "$work/first.2"
	n0=$(count "$work/input0" "${args[@]}")
	n1=$(count "$work/input1" "${args[@]}")
	n2=$(count "$work/input2" "${args[@]}")
	echo "$shell: $(procs "$n1" "$n0") over $prompts prompts in a (its SDK's bin first: $(cat "$work/first.1" 2>/dev/null || echo no)); $(procs "$n2" "$n1") over $prompts prompts after a cd (a's bin first at the end: $(cat "$work/first.2" 2>/dev/null || echo no))"
done

# The hook's cost per prompt, in a shell that calls __gov_hook as the
# prompt would: HOOK_N times where nothing changed (in a, and 8 levels
# below it, where the hook watches more paths), after one call to warm
# up, less as many calls of an empty function; and after each cd of
# HOOK_M pairs (cd b, cd a) per round, less the same cds with the empty
# function, beside the same cds each with one run of gov hook-env directly
# and of /bin/true in $(...), as the hook runs gov: the rounds take the
# four in turn. zsh runs the hook on cd (chpwd) as well: its cost per
# prompt after a cd is that of the cd and the prompt together.
hook_n=${HOOK_N:-2000} hook_m=${HOOK_M:-20} hook_rounds=5
# shellcheck disable=SC2016 # the shell that runs it expands it
hookscript='. "$1"; sh=$2 a=$3 deep=$4 b=$5 sdk_a=$6 sdk_b=$7 n=$8 m=$9 rounds=${10}
us() { local f=${1#*.}000000; echo $(( ${1%%.*} * 1000000 + 10#${f:0:6} )); }
__gov_nop() { local s=$?; return $s; }
isfirst() {
	case $PATH in
	"$1:$GOV_HOME/shims:"*) ;;
	*) echo "$sh: the hook did not put $1 first in $PWD: PATH=$PATH" >&2; exit 1 ;;
	esac
}
for d in "$a" "$deep"; do
	cd "$d"; __gov_hook; isfirst "$sdk_a"
	t0=$(us $EPOCHREALTIME); for ((i = 0; i < n; i++)); do __gov_nop; done
	t1=$(us $EPOCHREALTIME); for ((i = 0; i < n; i++)); do __gov_hook; done
	t2=$(us $EPOCHREALTIME)
	isfirst "$sdk_a"
	echo "fresh $(( ${#__gov_seen[@]} + ${#__gov_none[@]} )) $n $(( t1 - t0 )) $(( t2 - t1 ))"
done
cd "$a"; __gov_hook
tb=0 te=0 tt=0 th=0
for ((r = 0; r < rounds; r++)); do
	nohook
	t0=$(us $EPOCHREALTIME); for ((i = 0; i < m; i++)); do cd "$b"; __gov_nop; cd "$a"; __gov_nop; done
	t1=$(us $EPOCHREALTIME); for ((i = 0; i < m; i++)); do cd "$b"; c=$(command gov hook-env $sh $$); cd "$a"; c=$(command gov hook-env $sh $$); done
	t2=$(us $EPOCHREALTIME); for ((i = 0; i < m; i++)); do cd "$b"; c=$(/bin/true); cd "$a"; c=$(/bin/true); done
	t3=$(us $EPOCHREALTIME)
	hook
	for ((i = 0; i < m; i++)); do cd "$b"; __gov_hook; cd "$a"; __gov_hook; done
	t4=$(us $EPOCHREALTIME)
	tb=$(( tb + t1 - t0 )) te=$(( te + t2 - t1 )) tt=$(( tt + t3 - t2 )) th=$(( th + t4 - t3 ))
done
isfirst "$sdk_a"; cd "$b"; __gov_hook; isfirst "$sdk_b"
echo "cd $(( 2 * m * rounds )) $tb $th $te $tt"'
echo "Its cost per prompt, in a shell calling __gov_hook as the prompt does, less the same loop calling an empty function:"
for shell in "${shells[@]}"; do
	hookargs=("$work/hook.$shell" "$shell" "$proj/a" "$proj/a/1/2/3/4/5/6/7/8" "$proj/b" "$sdk_a" "$sdk_b" "$hook_n" "$hook_m" "$hook_rounds")
	if [ "$shell" = zsh ]; then
		zsh -f -c "zmodload zsh/datetime; hook() { chpwd_functions=(__gov_hook); }; nohook() { chpwd_functions=(); }; $hookscript" zsh "${hookargs[@]}"
	else
		bash --norc --noprofile -c "hook() { :; }; nohook() { :; }; $hookscript" bash "${hookargs[@]}"
	fi >"$work/hook.out"
	awk -v sh="$shell" '
	$1 == "fresh" {
		where = ++f == 1 ? "in a" : "8 levels below a"
		us = ($5 - $4) / $3
		printf "%s: per prompt, unchanged, %s (%d watched paths): %.1f us = %.3f ms (target <= 0.2 ms); the empty function: %.1f us\n", sh, where, $2, us, us / 1000, $4 / $3
	}
	$1 == "cd" {
		n = $2; h = ($4 - $3) / n / 1000; e = ($5 - $3) / n / 1000; t = ($6 - $3) / n / 1000
		printf "%s: per prompt after a cd (one gov hook-env), %d cds: %.3f ms (target <= 5 ms); gov hook-env %s run directly: %.3f ms (hook/that %.2f); /bin/true: %.3f ms (hook/that %.2f)\n", sh, n, h, sh, e, h / e, t, h / t
	}' "$work/hook.out"
done
