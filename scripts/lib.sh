# SPDX-License-Identifier: GPL-2.0
# Settings and helpers shared by every harness script. This is the one
# place that names the base kernel and the packages the harness needs.

# The pinned base: Debian's linux-source-6.12 package, this exact version.
BASE_PKG=linux-source-6.12
BASE_VERSION=6.12.117-1~deb12u1
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz

# Debian packages the harness installs (make deps), one per tool it uses.
PACKAGES="
	bc bison busybox-static ccache cpio flex gcc git kmod libc6-dev
	libelf-dev libnuma-dev libssl-dev liburcu-dev make perl python3
	e2fsprogs qemu-system-x86
	rsync xz-utils
	clang coccinelle lld llvm ocaml-nox python3-sphinx python3-sphinx-rtd-theme
	sparse
	rt-tests iperf3 stress-ng gnuplot-nox
"

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
TREE=$BUILD/linux		# git tree: tag base + one commit per patch
BASE_TREE=$BUILD/linux-base	# worktree of TREE pinned at tag base (bench)
PATCHES=$TOP/patches
SYNCED=$BUILD/synced-patches	# patches/ as last applied or exported
JOBS=$(nproc)

# Kernel config fragments of each guest kernel variant (kernel.sh).
FRAGMENTS_debug="configs/x86_64.config configs/debug.config"
FRAGMENTS_bench="configs/x86_64.config configs/bench.config"

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
# Compilations under this checkout hash their paths relative to it, so
# that a second clone (CI's fresh one) hits what the first one compiled;
# the objects' debug info then names the first clone's directory.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 1970'
export KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=qemu

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

say() {
	printf '==> %s\n' "$*" >&2
}

# Fail with the command to run when a tool is missing.
need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			die "'$t' is missing: run 'make deps' (as root) to install the harness packages"
	done
}

# Hold build/.kbuild.lock until the calling script exits: kernel builds
# use both cores, and two at once (make test beside make check or make
# bench, say) would each take twice as long. The second one waits.
kbuild_lock() {
	mkdir -p "$BUILD"
	exec 9>"$BUILD/.kbuild.lock"
	if ! flock -n 9; then
		say "waiting for another kernel build to finish (build/.kbuild.lock)"
		flock 9
	fi
}

# Seconds since the epoch, for step timings.
now() {
	date +%s
}

# Identity for the commits the harness makes in the kernel tree.
GIT_IDENT=(-c user.name="Slab Movable Objects developers"
	   -c user.email="smo-devel@example.org")

# Write the series base..HEAD of the kernel tree as patches plus a quilt
# 'series' file into directory $1. The output depends only on the commits:
# no commit hashes, no version footer, a fixed hash abbreviation.
export_series() {
	local out=$1
	mkdir -p "$out"
	git -C "$TREE" format-patch -q --no-numbered --zero-commit \
		--no-signature --abbrev=12 -o "$out" base..HEAD
	(cd "$out" && ls -1 -- *.patch 2>/dev/null || true) >"$out/series"
}

# series_patches DIR: the patch names that DIR/series lists, in order.
series_patches() {
	[ -f "$1/series" ] || return 0
	grep -v -e '^[[:space:]]*$' -e '^#' "$1/series" || true
}

# series_diff A B: the patches in which two series directories differ, one
# line each; only the series file and the patches it names count.
series_diff() {
	local a=$1 b=$2 p
	[ -f "$a/series" ] && [ -f "$b/series" ] || { echo "series"; return; }
	cmp -s "$a/series" "$b/series" || echo "series"
	{ series_patches "$a"; series_patches "$b"; } | sort -u | while read -r p; do
		cmp -s "$a/$p" "$b/$p" 2>/dev/null || echo "$p"
	done
}

# Print what in the kernel tree is not in patches/: patches whose export
# differs, and uncommitted or untracked files. Empty output: all exported.
unexported_work() {
	local tmp
	tmp=$(mktemp -d)
	export_series "$tmp"
	series_diff "$tmp" "$PATCHES" | sed 's/^/differs from patches\/: /'
	rm -rf "$tmp"
	git -C "$TREE" status --porcelain | sed 's/^/uncommitted: /'
}

# all_passed FILE [NAME]: upstream's self-testing code (test_xarray,
# test_ida, tools/testing/radix-tree) prints 'NAME: X of Y tests passed'.
# Echoes those lines of FILE as TAP comments; fails if one has X != Y or
# Y = 0, or, with NAME, if FILE has no such line for NAME.
all_passed() {
	local lines
	lines=$(grep -h "${2:-[A-Za-z]*}: [0-9]* of [0-9]* tests passed" "$1" 2>/dev/null)
	[ -z "$lines" ] || sed 's/^/# /' <<<"$lines"
	[ -n "$lines" ] || [ -z "${2:-}" ] || return 1
	! sed -n 's/.*: \([0-9]*\) of \([0-9]*\) tests passed.*/\1 \2/p' <<<"$lines" |
		awk '$1 != $2 || $2 == 0 { bad = 1 } END { exit !bad }'
}

# missing_summary FILE NAME: why FILE has no good 'NAME: X of Y tests
# passed' line. A kernel log that dropped messages ('** N printk messages
# dropped **') may have lost the line with them, which is said instead of
# blaming the test.
missing_summary() {
	local dropped
	dropped=$(grep -m 1 -o '[0-9]* printk messages dropped' "$1" 2>/dev/null)
	if [ -n "$dropped" ]; then
		echo "${1#"$TOP"/} lost messages ($dropped), the '$2: N of N tests passed' line may be among them: the kernel's log buffer (CONFIG_LOG_BUF_SHIFT) is too small for what the boot prints"
	elif grep -q "$2: [0-9]* of [0-9]* tests passed" "$1" 2>/dev/null; then
		echo "not all passed, see ${1#"$TOP"/}"
	else
		echo "no '$2: N of N tests passed' line in ${1#"$TOP"/}"
	fi
}

# Fail when the kernel tree has uncommitted changes.
require_clean_tree() {
	local dirty
	dirty=$(git -C "$TREE" status --porcelain)
	[ -z "$dirty" ] || die "build/linux has uncommitted changes; commit and 'make export' them, or discard them:
$dirty"
}

# Record patches/ as what build/linux now holds (after apply or export).
mark_synced() {
	rm -rf "$SYNCED"
	cp -r "$PATCHES" "$SYNCED"
}

# build/linux-base: a worktree of the kernel tree pinned at tag base.
ensure_base_tree() {
	[ -d "$BASE_TREE" ] ||
		git -C "$TREE" worktree add -q --detach "$BASE_TREE" base ||
		die "cannot create build/linux-base; run 'make tree' first"
	[ "$(git -C "$BASE_TREE" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ] ||
		die "build/linux-base is not at tag base; remove it and run again"
}

# Print the CONFIG_ lines of the config fragment FILE whose symbol the
# Kconfig files of the tree SRC define: the unpatched base lacks the
# series' own options, which a base build must leave out rather than fail.
kconfig_defined_lines() { # SRC FILE
	grep -rhoE --include='Kconfig*' '^(menu)?config [A-Za-z0-9_]+' "$1" |
		awk 'NR == FNR { def["CONFIG_" $2] = 1; next }
		     /^CONFIG_/ { sym = $0; sub(/=.*/, "", sym); if (sym in def) print }' - "$2"
}

# splat_lines LOG [EXTRA]: the lines of the console log LOG that mean the
# kernel reported a problem: the usual reports, SLUB's validate mismatches
# (plain pr_err lines), dropped console messages (a report may be among
# them), and those matching EXTRA, a regex of an architecture's own.
splat_lines() {
	grep -n -E "BUG[: ]|WARNING:|Oops|Kernel panic|general protection fault|Unable to handle|UBSAN:|cut here|Call Trace:|INFO: task .* blocked|detected stalls|possible (circular|recursive) locking|inconsistent lock state|sleeping function called|slabs counted but counter=|counted on partial slabs but counters=|printk messages dropped${2:+|$2}" "$1"
}

# guest_run LOG OUT SHOW QEMU [ARG...]: run QEMU, which writes its console
# to LOG and the guest's results to OUT, for at most TIMEOUT seconds,
# showing the lines of OUT that match the regex SHOW as they come. Returns
# QEMU's exit status (timeout's, 124 or 137, if it was killed); sets
# GUEST_SECONDS.
guest_run() {
	local log=$1 out=$2 show=$3 tailer t0 rc
	shift 3
	tail -n +1 -F "$out" 2>/dev/null | grep --line-buffered -E "$show" >&2 &
	tailer=$!
	t0=$(now)
	timeout -k 10 "$TIMEOUT" "$@" </dev/null
	rc=$?
	sleep 1
	kill "$tailer" 2>/dev/null
	wait "$tailer" 2>/dev/null
	sed -i 's/\r$//' "$log" "$out"
	GUEST_SECONDS=$(($(now) - t0))
	say "guest ran $GUEST_SECONDS s; console log: ${log#"$TOP"/}"
	return $rc
}
