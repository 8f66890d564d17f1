#!/usr/bin/env bash
# Times the shim against the floor for any Go shim, in one run.
#
# From a directory 8 levels below a .go-version, runs the real SDK's
# "go version" five ways, interleaved: directly; through a bare Go
# program that only syscall.Execs it (the floor, built here); through the
# same program after the lookups, and with the environment, that any shim
# doing this job needs; through gov's shim; and as hook mode (gov env
# SHELL --hook) runs it: go by name, looked up in the PATH and with the
# GOTOOLCHAIN that the hook's bash snippet leaves in that directory, so
# the SDK's bin directly before the shims. Prints medians, peak RSS and
# the overheads. With BASE set to a git revision, the shim built from
# that revision runs too, on the same store, and the change's cost is
# printed: a before-and-after of the shim in one run.
#
#   scripts/bench-shim.sh [RUNS]
#   BASE=HEAD~1 scripts/bench-shim.sh 2000
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
export GOTOOLCHAIN=local GOFLAGS=-tags=urfave_cli_no_docs
work=$(mktemp -d)
# gov's SDKs are read-only: chmod first, as for the go command's module cache.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

go build -o "$work/bin/" ./cmd/...
go build -o "$work/benchcmd" ./scripts/benchcmd

export GOV_HOME="$work/gov-home" HOME="$work/home"
mkdir -p "$HOME"
goroot=$(go env GOROOT)
"$work/bin/gov" import --quiet "$goroot"
version=$(head -n1 "$goroot/VERSION")
sdk=$(ls -d "$GOV_HOME"/sdk/"$version".*)

# The floor: a Go program that does nothing but exec the real go.
mkdir -p "$work/bare"
cat >"$work/bare/main.go" <<GO
package main

import (
	"os"
	"syscall"
)

func main() {
	err := syscall.Exec("$sdk/bin/go", os.Args, os.Environ())
	panic(err)
}
GO
(cd "$work/bare" && cat >go.mod <<MOD
module bare
go 1.21
MOD
go build -o "$work/bare-shim" .)

# The floor plus what any shim that does this job must do: the same
# program, after opening .go-version and .tool-versions in each directory
# from the working directory up to the one that has a .go-version, and
# with the environment the real go must get (GOROOT, the SDK's bin first
# in PATH, a depth counter). The go command itself does a little more
# work when GOROOT is set, so this is part of the cost too.
mkdir -p "$work/bare-walk"
cat >"$work/bare-walk/main.go" <<GO
package main

import (
	"os"
	"path/filepath"
	"syscall"
)

func main() {
	d, _ := os.Getwd()
	for {
		fd, err := syscall.Open(filepath.Join(d, ".go-version"), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			syscall.Close(fd)
			break
		}
		syscall.Open(filepath.Join(d, ".tool-versions"), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if d == "/" {
			break
		}
		d = filepath.Dir(d)
	}
	env := append(os.Environ(), "GOROOT=$sdk", "GOV_SHIM_DEPTH=1", "PATH=$sdk/bin:"+os.Getenv("PATH"))
	err := syscall.Exec("$sdk/bin/go", os.Args, env)
	panic(err)
}
GO
(cd "$work/bare-walk" && cp ../bare/go.mod . && go build -o "$work/bare-walk-shim" .)

base=()
if [ -n "${BASE:-}" ]; then
	mkdir -p "$work/base-src" "$work/base-shim"
	git archive --format=tar "$BASE" | tar -x -C "$work/base-src"
	(cd "$work/base-src" && go build -o "$work/base-shim/go" ./cmd/gov-shim)
	base=("gov-shim@base=$work/base-shim/go version")
fi

proj="$work/proj"
deep="$proj/1/2/3/4/5/6/7/8"
mkdir -p "$deep"
echo "${version#go}" >"$proj/.go-version"

# Hook mode's environment, from gov itself: a bash in the project directory
# evals the snippet, whose hook runs gov hook-env there; the PATH and
# GOTOOLCHAIN it leaves are the hook's.
hookenv=$(cd "$deep" && PATH="$work/bin:$PATH" bash --norc --noprofile -c '
	eval "$(gov env bash --hook)" || exit
	printf "%s\037%s" "$PATH" "${GOTOOLCHAIN-}"')
hookpath=${hookenv%$'\037'*} hooktc=${hookenv#*$'\037'}
case $hookpath in
"$sdk/bin:$GOV_HOME/shims:"*) ;;
*)
	echo "bench-shim: hook mode did not put $sdk/bin directly before the shims: PATH=$hookpath" >&2
	exit 1
	;;
esac
case $hookpath$hooktc in
*[[:space:]]*)
	echo "bench-shim: scripts/benchcmd splits commands on spaces; the hook's PATH=$hookpath GOTOOLCHAIN=$hooktc" >&2
	exit 1
	;;
esac

echo "gov shim vs a bare exec shim: $version, $runs runs each, cwd 8 levels below .go-version"
echo "hook: go by name, with the hook's PATH=\$GOV_HOME/sdk/${sdk##*/}/bin:\$GOV_HOME/shims:... GOTOOLCHAIN=$hooktc"
"$work/benchcmd" -n "$runs" -C "$deep" \
	"direct=$sdk/bin/go version" \
	"bare-exec=$work/bare-shim version" \
	"bare-walk=$work/bare-walk-shim version" \
	"gov-shim=$GOV_HOME/shims/go version" \
	"hook=PATH=$hookpath GOTOOLCHAIN=$hooktc go version" ${base[@]+"${base[@]}"} | tee "$work/out"

med() { awk -v l="$1" '$1==l {print $2}' "$work/out"; }
awk -v d="$(med direct)" -v b="$(med bare-exec)" -v w="$(med bare-walk)" -v g="$(med gov-shim)" -v h="$(med hook)" 'BEGIN {
	printf "bare exec floor overhead:     %+.3f ms\n", b-d
	printf "lookups and environment:      %+.3f ms (bare-walk over bare-exec)\n", w-b
	printf "gov shim overhead:            %+.3f ms\n", g-d
	printf "hook mode overhead:           %+.3f ms (target <= +0.1 ms; go through the hook'"'"'s PATH over the real binary)\n", h-d
	printf "gov shim over a bare walk:    %+.3f ms (the shim'"'"'s own code)\n", g-w
	printf "gov shim over the floor:      %+.3f ms (target <= 0.3 ms)\n", g-b
}'
if [ -n "${BASE:-}" ]; then
	awk -v g="$(med gov-shim)" -v o="$(med gov-shim@base)" -v rev="$BASE" 'BEGIN {
		printf "gov shim over the one at %s: %+.3f ms (ratio %.3f)\n", rev, g-o, g/o
	}'
fi
