#!/bin/sh
# Installs gov, the Go version manager, for the current user:
#
#   curl -fsSL https://gov-dev.github.io/gov/install.sh | sh
#
# It downloads this release's archive for this machine (Linux or macOS,
# amd64 or arm64) from $GOV_RELEASE_URL (default
# https://gov-dev.github.io/gov), checks its SHA-256 against the one
# written below, checks the minisign signature of the release's SHA256SUMS
# when minisign is installed, and puts gov, gov-core and gov-shim into
# $GOV_HOME/bin (default ~/.gov/bin), replacing each atomically. Run again,
# it upgrades in place. It never uses sudo and never edits a file of yours:
# it ends by running gov setup, which prints the line to add to your rc file.
#
# The key below comes with this script, so checking the signature with it
# only shows that the script and the release agree: whoever could change
# the script could change both. For a check that means something, pass
# gov's key from its README, which this script then requires minisign to
# check with (and requires to be the key below):
#
#   curl -fsSL https://gov-dev.github.io/gov/install.sh | GOV_RELEASE_KEY=RW... sh
#
# This is the template: scripts/release.sh writes each release's install.sh
# from it, with the release's tag, the minisign public key that signs it,
# and its SHA256SUMS in place of the three @-quoted placeholders below.
# POSIX sh: it runs under dash, bash, zsh and busybox sh.

tag='@TAG@'
pubkey='@PUBKEY@'
sha256sums='
@SHA256SUMS@
'

set -u
nl='
'
tmp=
govhome=
bindir=
priv=           # the prefix of this run's private names in $bindir
made_home=      # whether this run created $govhome
made_bindir=    # whether this run created $bindir
replaced=       # the programs renamed into place, " gov-shim gov-core"
kept=           # whether the old programs are all still kept aside
installed=

say() {
	printf '%s\n' "$*"
}

# die prints one line on stderr and exits 1; the EXIT trap cleans up.
die() {
	printf 'gov install.sh: %s\n' "$*" >&2
	exit 1
}

# cleanup removes this run's files. A run that failed after some of the
# new programs were renamed into place first puts the old ones back (or,
# on a first install, removes the new ones): a failed run leaves the
# install as it was.
cleanup() {
	if [ -n "$tmp" ]; then
		rm -rf "$tmp"
	fi
	[ -n "$priv" ] || return 0
	if [ -z "$installed" ]; then
		for f in gov-shim gov-core gov; do
			case "$replaced " in
			*" $f "*) ;;
			*) continue ;;
			esac
			if [ -e "$priv$f.old" ]; then
				mv -f "$priv$f.old" "$bindir/$f" 2>/dev/null || {
					printf 'gov install.sh: cannot put the old %s back: it is %s\n' "$bindir/$f" "$priv$f.old" >&2
					kept=
				}
			else
				rm -f "$bindir/$f"
			fi
		done
	fi
	for f in gov-shim gov-core gov; do
		rm -f "$priv$f"
		if [ -n "$kept" ]; then
			rm -f "$priv$f.old"
		fi
	done
	if [ -z "$installed" ]; then
		if [ -n "$made_bindir" ]; then
			rmdir "$bindir" 2>/dev/null
		fi
		if [ -n "$made_home" ]; then
			rmdir "$govhome" 2>/dev/null
		fi
	fi
	return 0
}

main() {
	case $tag in
	*@*) die "this is the template scripts/install.sh; run the install.sh of a release (scripts/release.sh writes it)" ;;
	esac
	detect_platform
	find_tools
	releasekey=${GOV_RELEASE_KEY:-}
	if [ -n "$releasekey" ]; then
		case $releasekey in
		RW*) ;;
		*) die "GOV_RELEASE_KEY is not a minisign public key: set it to the line RW... that gov's README gives" ;;
		esac
		command -v minisign >/dev/null 2>&1 || die "GOV_RELEASE_KEY is set, but minisign is not installed to check the release with it: install minisign, then run this again"
	fi
	base=${GOV_RELEASE_URL:-https://gov-dev.github.io/gov}
	base=${base%/}
	if [ -n "${GOV_HOME:-}" ]; then
		govhome=$GOV_HOME
	elif [ -n "${HOME:-}" ]; then
		govhome=$HOME/.gov
	else
		die "neither GOV_HOME nor HOME is set: set GOV_HOME to the directory gov should live in"
	fi
	case $govhome in
	/*) ;;
	*) govhome=$(pwd)/$govhome ;;
	esac
	archive=gov_${tag}_${os}_$arch.tar.gz
	want=$(sum_of "$sha256sums" "$archive")
	[ -n "$want" ] || die "gov $tag has no archive for $os/$arch"

	tmp=$(mktemp -d "${TMPDIR:-/tmp}/gov-install.XXXXXX") || die "cannot make a temporary directory in ${TMPDIR:-/tmp}"
	say "downloading $base/$tag/$archive"
	download "$base/$tag/$archive" "$tmp/$archive"
	got=$(sha256 "$tmp/$archive") || die "cannot compute the SHA-256 of $archive"
	[ "$got" = "$want" ] || die "$archive has SHA-256 $got, want $want (written in this script); nothing was installed"
	if [ -n "$releasekey" ]; then
		check_signature "$releasekey" "GOV_RELEASE_KEY $releasekey"
		[ "$releasekey" = "$pubkey" ] || die "this script carries the key $pubkey, not GOV_RELEASE_KEY: it is not the install script of gov's release; nothing was installed"
		say "checked: the archive's SHA-256, and the minisign signature of SHA256SUMS with GOV_RELEASE_KEY"
	elif command -v minisign >/dev/null 2>&1; then
		check_signature "$pubkey" "the key this script carries ($pubkey)"
		say "checked: the archive's SHA-256, and the minisign signature of SHA256SUMS with the key this script carries (which shows only that the two agree: pass GOV_RELEASE_KEY from gov's README to check gov's own)"
	else
		say "checked: the archive's SHA-256 (minisign is not installed: the signature of SHA256SUMS was not checked)"
	fi

	mkdir "$tmp/x" || die "cannot write $tmp"
	err=$(cd "$tmp/x" && tar -xzf "../$archive" 2>&1 </dev/null) || die "cannot unpack $archive: $(firstline "$err")"
	for f in gov-shim gov-core gov; do
		[ -f "$tmp/x/$f" ] || die "$archive has no $f"
	done

	install_binaries
	say "gov $tag is installed in $bindir ($("$bindir/gov" --version </dev/null))"
	say ""
	shell_name=${SHELL:-}
	shell_name=${shell_name##*/}
	case $shell_name in
	bash | zsh | fish | pwsh) "$bindir/gov" setup "$shell_name" </dev/null ;;
	*) "$bindir/gov" setup </dev/null ;;
	esac || say "note: gov setup failed; run $bindir/gov setup for the line to add to your rc file"
	path_hint
}

# check_signature KEY WHAT checks that KEY (WHAT names it) signed the
# release's SHA256SUMS, and that SHA256SUMS gives the archive the SHA-256
# this script does. (The archive's name holds the tag, so another
# release's signed SHA256SUMS does not list it.)
check_signature() {
	download "$base/$tag/SHA256SUMS" "$tmp/SHA256SUMS"
	download "$base/$tag/SHA256SUMS.minisig" "$tmp/SHA256SUMS.minisig"
	minisign -V -q -P "$1" -m "$tmp/SHA256SUMS" >/dev/null 2>&1 </dev/null ||
		die "$base/$tag/SHA256SUMS: the minisign signature does not verify with $2; nothing was installed"
	signed=$(sum_of "$(cat "$tmp/SHA256SUMS")" "$archive")
	[ "$signed" = "$want" ] || die "$base/$tag/SHA256SUMS (signed) gives $archive the SHA-256 \"$signed\", this script $want; nothing was installed"
}

# path_hint adds what gov setup's line needs around it. That line runs
# gov by its path when PATH does not find it, and gov env then puts
# $GOV_HOME/bin in PATH after the shims: only a GOV_HOME of one's own must
# be set before it. Another gov earlier in PATH is worth a note.
path_hint() {
	found=$(command -v gov 2>/dev/null) || found=
	if [ -n "$found" ] && [ "$found" != "$bindir/gov" ]; then
		say ""
		say "note: gov in PATH is $found, which comes before $bindir"
	fi
	if [ -n "${GOV_HOME:-}" ]; then
		say ""
		say "GOV_HOME is $govhome; before gov's line, add:"
		say ""
		# In single quotes, where each shell takes every character as it
		# is but the quote (and, in fish, the backslash).
		case $shell_name in
		fish)
			replace "$govhome" '\' '\\'
			replace "$replaced_text" "'" "\\'"
			say "    set -gx GOV_HOME '$replaced_text'"
			;;
		pwsh)
			replace "$govhome" "'" "''"
			say "    \$env:GOV_HOME = '$replaced_text'"
			;;
		*)
			replace "$govhome" "'" "'\\''"
			say "    export GOV_HOME='$replaced_text'"
			;;
		esac
	fi
}

# replace TEXT FROM TO sets replaced_text to TEXT with each FROM replaced
# by TO.
replace_text=
replaced_text=
replace() {
	replace_text=$1
	replaced_text=
	while :; do
		case $replace_text in
		*"$2"*) ;;
		*) break ;;
		esac
		replaced_text=$replaced_text${replace_text%%"$2"*}$3
		replace_text=${replace_text#*"$2"}
	done
	replaced_text=$replaced_text$replace_text
}

# detect_platform sets os and arch to Go's names for this machine.
detect_platform() {
	uname_s=$(uname -s 2>/dev/null) || die "cannot run uname"
	uname_m=$(uname -m 2>/dev/null) || die "cannot run uname"
	case $uname_s in
	Linux) os=linux ;;
	Darwin) os=darwin ;;
	*) os= ;;
	esac
	case $uname_m in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) arch= ;;
	esac
	if [ -z "$os" ] || [ -z "$arch" ]; then
		die "unsupported platform $uname_s $uname_m: gov is built for Linux and macOS (Darwin) on x86_64 and arm64"
	fi
	# A shell under Rosetta sees x86_64 on Apple Silicon: install arm64.
	# (sysctl is in /usr/sbin, which a minimal PATH lacks.)
	if [ "$os" = darwin ] && [ "$arch" = amd64 ]; then
		translated=$(sysctl -n sysctl.proc_translated 2>/dev/null || /usr/sbin/sysctl -n sysctl.proc_translated 2>/dev/null)
		if [ "$translated" = 1 ]; then
			arch=arm64
		fi
	fi
}

# find_tools picks the downloader and the SHA-256 tool, and checks for tar.
find_tools() {
	if command -v curl >/dev/null 2>&1; then
		downloader=curl
	elif command -v wget >/dev/null 2>&1; then
		downloader=wget
	else
		die "neither curl nor wget is installed: install one, then run this again"
	fi
	if command -v sha256sum >/dev/null 2>&1; then
		sha256_tool=sha256sum
	elif command -v shasum >/dev/null 2>&1; then
		sha256_tool=shasum
	else
		die "neither sha256sum nor shasum is installed: gov's archive cannot be checked"
	fi
	command -v tar >/dev/null 2>&1 || die "tar is not installed: install it, then run this again"
}

# download URL FILE
download() {
	case $downloader in
	curl) err=$(curl -fsSL --retry 2 -o "$2" "$1" 2>&1 </dev/null) ;;
	*) err=$(wget -q -O "$2" "$1" 2>&1 </dev/null) ;;
	esac || die "cannot download $1${err:+: $(firstline "$err")}"
}

# sha256 FILE prints FILE's SHA-256 in hex.
sha256() {
	case $sha256_tool in
	sha256sum) s=$(sha256sum <"$1") ;;
	*) s=$(shasum -a 256 <"$1") ;;
	esac || return 1
	printf '%s\n' "${s%% *}"
}

# sum_of TEXT NAME prints the SHA-256 that TEXT, in sha256sum's format,
# gives NAME.
sum_of() {
	printf '%s\n' "$1" | while read -r s n; do
		if [ "${n#\*}" = "$2" ]; then
			printf '%s\n' "$s"
			break
		fi
	done
}

# firstline TEXT prints TEXT's first line that is not empty.
firstline() {
	s=$1
	while [ "${s#"$nl"}" != "$s" ]; do
		s=${s#"$nl"}
	done
	printf '%s' "${s%%"$nl"*}"
}

# install_binaries puts gov-shim, gov-core and gov into $bindir, in
# release.Programs' order (pkg/release/release.go says why). Each is first
# copied beside its target under a private name (the slow part, where a
# full disk fails with nothing replaced); the new gov-core then runs from
# there, so the programs are known to run on this machine and from this
# directory (a $TMPDIR mounted noexec does not matter) before anything is
# replaced. (gov-core, not gov: a gov runs the gov-core beside it, which is
# still the old one.) Then each old program is kept under a private name
# (a hard link, else a copy), and the new ones are renamed into place: if
# a rename fails, cleanup puts the old ones back. The private names are
# gov's own (atomicfile.TempName's .gov-tmp.PID.N.NAME), so that what a
# killed run leaves is removed by gov self update and known to gov self
# uninstall. A copy, not a move, gives each file the time of the install,
# by which gov notices that the shims need refreshing.
install_binaries() {
	bindir=$govhome/bin
	[ -d "$govhome" ] || made_home=1
	[ -d "$bindir" ] || made_bindir=1
	priv=$bindir/.gov-tmp.$$.0.
	err=$(mkdir -p "$bindir" 2>&1) || die "cannot create $bindir: $(firstline "$err")"
	for f in gov-shim gov-core gov; do
		err=$(cp "$tmp/x/$f" "$priv$f" 2>&1 && chmod 755 "$priv$f" 2>&1) ||
			die "cannot write $priv$f: $(firstline "$err"); nothing was installed"
	done
	v=$("$priv"gov-core --version 2>&1 </dev/null)
	[ "$v" = "gov version $tag" ] || die "the downloaded gov-core does not run in $bindir: $(firstline "$v"); nothing was installed"

	kept=1
	for f in gov-shim gov-core gov; do
		if [ -e "$bindir/$f" ]; then
			ln "$bindir/$f" "$priv$f.old" 2>/dev/null || err=$(cp -p "$bindir/$f" "$priv$f.old" 2>&1) ||
				die "cannot keep the old $bindir/$f aside: $(firstline "$err"); nothing was installed"
		fi
	done
	for f in gov-shim gov-core gov; do
		err=$(mv -f "$priv$f" "$bindir/$f" 2>&1) ||
			die "cannot rename $priv$f to $f: $(firstline "$err"); the old programs are put back, nothing was installed"
		replaced="$replaced $f"
	done
	installed=1
	for f in gov-shim gov-core gov; do
		rm -f "$priv$f.old"
	done
}

trap cleanup EXIT
trap 'exit 1' HUP INT TERM
main "$@" </dev/null
