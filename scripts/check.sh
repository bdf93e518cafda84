#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: what the kernel's build robots (0-day) check on a series,
# on base..HEAD of build/linux (HEAD: its 'series' branch; CHECK_REV names
# another branch or commit of build/linux, e.g. one of your own worktree):
#   1. each commit builds on its own: at every commit, the objects of the
#      kernel C files it touches (make mm/slub.o ...), debug config (as
#      kernel.sh makes it), W=1. A commit that touches a header, a Kconfig
#      file or a Makefile builds every object the series touches (those
#      that exist at that commit) instead; kbuild recompiles the ones whose
#      source or included headers changed;
#   2. W=1: nothing new against the base in those objects at HEAD;
#   3. sparse (C=2): the same;
#   4. scripts/kernel-doc -none -Wall on the series' .c and .h files, and
#      make SPHINXDIRS=mm htmldocs (CHECK_SPHINXDIRS): the same;
#   5. the objects build, with no error and no new warning, in each config
#      of configs/check/: allnoconfig + configs/x86_64.config + the file,
#      whose lines must hold in .config and whose '# make:' line adds make
#      variables (ARCH=i386, LLVM=1);
#   6. coccicheck MODE=report on the series' .c and .h files: the same
#      (CHECK_COCCI=0 leaves it out: 'make test' does, to save its eight
#      minutes; 'make check' runs it).
# "New" compares diagnostics as FILE: MESSAGE, without line and column
# numbers, as multisets: a warning that moved is not new, one more of the
# same is. Files the series adds have no base: all their warnings are new.
# An object that a config does not build (its Makefile line is off) is
# left out of that config, and said so.
#
# The base's results are cached (build/check/base-cache), keyed by the base
# commit, the tools' versions, this script, the check's config fragments
# and the series' files; a warm run does HEAD only. All work is under build/check:
# linux/ (a worktree of build/linux, detached), obj-NAME/ (one output
# directory per config), docs/ (Sphinx) and results/ (the logs). Prints
# one TAP line per commit, per check and per config; fails if one fails.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

CHECK=$BUILD/check
WT=$CHECK/linux
RESULTS=$CHECK/results
CACHE=$CHECK/base-cache
SPHINXDIRS=${CHECK_SPHINXDIRS:-mm}
CONFIGS=$(cd "$TOP/configs/check" && ls -- *.config | sed 's/\.config$//')
COCCI=${CHECK_COCCI:-1}
[ "$COCCI" = 0 ] || [ "$COCCI" = 1 ] || die "CHECK_COCCI is '$COCCI': set it to 0 or 1"
ITEMS="w1 sparse kdoc htmldocs $([ "$COCCI" = 0 ] || echo cocci) $(printf 'config-%s ' $CONFIGS)"
failed=0

# --- The series and its files -------------------------------------------

# Kernel files among the paths on standard input: not tools/ (user
# space), scripts/ (host programs), Documentation/ or usr/.
kernel_files() {
	grep -v -E '^(tools|scripts|Documentation|usr)/' | grep -E "$1" || true
}

# The objects of the kernel C and assembly files on standard input.
objects_of() {
	kernel_files '\.[cS]$' | sed 's/\.[cS]$/.o/'
}

# Whether the paths on standard input hold one that can change how other
# files build: a header, a Kconfig file, a Makefile or a Kbuild file.
# Prints the first one.
build_wide() {
	kernel_files '(\.h|/Kconfig[^/]*|/Makefile|/Kbuild)$' | head -n 1 | grep .
}

# Files of the checked-out tree that exist, of the paths given.
existing() {
	local f
	for f; do [ -f "$WT/$f" ] && echo "$f"; done
}

# --- The worktree and the configs ---------------------------------------

# Check out REV in build/check/linux, never in build/linux, which its
# owner edits and rebases.
checkout() {
	if [ ! -e "$WT/.git" ]; then
		git -C "$TREE" worktree prune
		rm -rf "$WT"
		git -C "$TREE" worktree add -q --detach "$WT" "$1" >&2 ||
			die "cannot add the worktree ${WT#"$TOP"/}; remove it and run again"
	fi
	git -C "$WT" checkout -q -f --detach "$1" ||
		die "cannot check out $1 in ${WT#"$TOP"/}; remove it and run again"
}

# The fragments of config NAME: 'debug' is the test kernel's (lib.sh),
# any other is configs/x86_64.config plus configs/check/NAME.config.
fragments() {
	case $1 in
	debug) echo "$FRAGMENTS_debug" ;;
	*) echo "configs/x86_64.config configs/check/$1.config" ;;
	esac
}

# The make variables of config NAME, one a line: CC and HOSTCC through
# ccache (gcc, or what the fragment's '# make:' line names), the line's
# other variables, and W=1 for the debug config (checks 1 and 2).
make_vars() {
	local v cc=gcc hostcc=gcc extra=()
	if [ "$1" = debug ]; then
		extra=(W=1)
	else
		for v in $(sed -n 's/^# make: //p' "$TOP/configs/check/$1.config"); do
			case $v in
			CC=*) cc=${v#CC=} ;;
			HOSTCC=*) hostcc=${v#HOSTCC=} ;;
			*) extra+=("$v") ;;
			esac
		done
	fi
	printf '%s\n' "CC=ccache $cc" "HOSTCC=ccache $hostcc" "${extra[@]}"
}

# kmake NAME ARGS...: make in the worktree, into NAME's output directory.
kmake() {
	local name=$1 vars
	shift
	readarray -t vars < <(make_vars "$name")
	make -C "$WT" O="$CHECK/obj-$name" -j"$JOBS" "${vars[@]}" "$@"
}

# The lines that must hold in config NAME's .config: all its fragments'
# for the debug config (kernel.sh's rule), the configs/check file's for
# the others, '# CONFIG_X is not set' written CONFIG_X=n, less the
# symbols that the checked-out tree does not define (the base lacks the
# series' own options).
must_hold() {
	local f=configs/check/$1.config tmp=$CHECK/obj-$1/must-hold.config
	[ "$1" != debug ] || f=$(fragments debug)
	(cd "$TOP" && cat $f) |
		sed 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/' >"$tmp"
	kconfig_defined_lines "$WT" "$tmp"
}

# configure NAME: build/check/obj-NAME/.config is allnoconfig with NAME's
# fragments as KCONFIG_ALLCONFIG, as kernel.sh makes it, then synced
# (include/config/auto.conf); redone only when the fragments, the make
# variables or the tree's Kconfig files changed. Dies, naming them, when
# lines that must hold do not.
configure() {
	local name=$1 obj=$CHECK/obj-$1 key bad
	mkdir -p "$obj"
	key=$({ (cd "$TOP" && cat $(fragments "$name")); make_vars "$name"
		git -C "$WT" ls-tree -r HEAD | awk -F '\t' '$2 ~ /(^|\/)Kconfig[^\/]*$/'
	      } | sha1sum)
	if [ -f "$obj/.config" ] && [ "$key" = "$(cat "$obj/config.key" 2>/dev/null)" ]; then
		return 0
	fi
	(cd "$TOP" && cat $(fragments "$name")) >"$obj/fragment.config"
	if ! { kmake "$name" -s KCONFIG_ALLCONFIG="$obj/fragment.config" allnoconfig &&
	       kmake "$name" -s syncconfig; } >"$obj/config.log" 2>&1; then
		tail -n 20 "$obj/config.log" >&2
		die "making config $name failed; see ${obj#"$TOP"/}/config.log"
	fi
	bad=$(must_hold "$name" | while read -r l; do
		case $l in
		*=n) ! grep -q "^${l%=n}=" "$obj/.config" || echo "# ${l%=n} is not set" ;;
		*) grep -qxF "$l" "$obj/.config" || echo "$l" ;;
		esac
	done)
	[ -z "$bad" ] || die "config $name at $(git -C "$WT" log -1 --format='%h (%s)'): these lines of $(fragments "$name") did not hold in ${obj#"$TOP"/}/.config (missing dependencies? fix the fragment):
$bad"
	echo "$key" >"$obj/config.key"
}

# The objects and subdirectories that DIR's Makefile (or Kbuild) builds
# in config NAME, read as scripts/Makefile.build reads it: obj-y, obj-m
# and lib-y, composite objects expanded, and subdir/ for each subdirectory.
dir_builds() { # NAME DIR
	make -s --no-print-directory -C "$WT" -f - srctree=. \
		objtree="$CHECK/obj-$1" src="$2" obj="$2" check-print <<'EOF' 2>/dev/null
include $(objtree)/include/config/auto.conf
include $(srctree)/scripts/Kbuild.include
include $(or $(wildcard $(src)/Kbuild),$(src)/Makefile)
include $(srctree)/scripts/Makefile.lib
check-print: ; @echo $(real-obj-y) $(real-obj-m) $(lib-y) $(addsuffix /,$(subdir-ym))
EOF
}

# built_by NAME OBJECT: whether config NAME builds OBJECT: its directory
# lists it, and each parent directory lists the one below, up to a
# top-level directory or arch/ARCH (which the top Makefile builds).
built_by() {
	local o=$2 d
	while :; do
		d=$(dirname "$o")
		dir_builds "$1" "$d" | tr ' ' '\n' | grep -qxF "$o" || return 1
		case $(dirname "$d") in .|arch) return 0 ;; esac
		o=$d/
	done
}

# split_objects NAME DIR OBJECT...: of the OBJECTs whose source exists in
# the worktree, those config NAME builds into DIR/built, the others into
# DIR/unbuilt, one a line.
split_objects() {
	local name=$1 d=$2 o
	shift 2
	: >"$d/built"
	: >"$d/unbuilt"
	for o; do
		[ -f "$WT/${o%.o}.c" ] || [ -f "$WT/${o%.o}.S" ] || continue
		if built_by "$name" "$o"; then
			echo "$o" >>"$d/built"
		else
			echo "$o" >>"$d/unbuilt"
		fi
	done
}

# rebuild NAME LOG OBJECT...: make the OBJECTs in config NAME from their
# sources, their .o removed first, so that LOG holds all their warnings
# (ccache replays the compiler's output on a hit). Fails when make does.
rebuild() {
	local name=$1 log=$2 o
	shift 2
	for o; do rm -f "$CHECK/obj-$name/$o"; done
	[ $# -eq 0 ] || kmake "$name" "$@" >"$log" 2>&1
}

# --- Diagnostics --------------------------------------------------------

# The diagnostics of LOG, one a line, paths relative to the tree: lines
# located FILE:LINE[:COL[-COL]]: (gcc, clang, sparse, kernel-doc, spatch,
# Sphinx) but gcc's notes, with sparse's indented continuation lines
# ('expected ...', 'got ...') joined to the line before; and lines with
# 'warning:' or 'error:' but no location (objtool, Sphinx, cc1).
diagnostics() {
	sed -e "s|$WT/||g" -e "s|$CHECK/[a-z0-9-]*/||g" "$1" | awk '
		{ located = match($0, /^[^ :]+:[0-9][0-9:-]*:/) }
		located && n && /^[^ :]+:[0-9][0-9:-]*:    / {
			msg = $0; sub(/^[^ :]+:[0-9][0-9:-]*: */, "", msg)
			d[n] = d[n] " | " msg; next
		}
		located && !/^[^ :]+:[0-9][0-9:-]*: note: / { d[++n] = $0; next }
		!located && /(warning|error|WARNING|ERROR):/ && !/^make/ { d[++n] = $0 }
		END { for (i = 1; i <= n; i++) print d[i] }'
}

# new_diagnostics BASE HEAD: the lines of diagnostics file HEAD that are
# not in BASE, compared without line and column numbers ('line N' in a
# message included) and objtool's offsets; each line of BASE cancels one
# equal line of HEAD. configs/check/moved-diagnostics names diagnostics
# of the base that the series moved into another function: such a HEAD
# line is cancelled by the base line it came from.
new_diagnostics() {
	awk -F' [|] ' 'function key(s) {
		sub(/:[0-9][0-9:-]*:/, ":", s)
		gsub(/line [0-9]+/, "line N", s)
		gsub(/\+0x[0-9a-f]+/, "+0xN", s)
		return s
	     }
	     FILENAME == ARGV[1] { if (!/^#/ && NF == 3) from[$1] = $2; next }
	     FILENAME == ARGV[2] { seen[key($0)]++; next }
	     seen[key($0)] > 0 { seen[key($0)]--; next }
	     key($0) in from && seen[from[key($0)]] > 0 {
		seen[from[key($0)]]--; next
	     }
	     { print }' "$TOP/configs/check/moved-diagnostics" "$1" "$2"
}

# --- The tools ----------------------------------------------------------

# coccicheck MODE=report on FILES into DIR/log, as 'make C=2
# CHECK=scripts/coccicheck' runs it on each object (coccicheck's ONLINE
# mode: every .cocci with its 'Options:' and 'Requires:' lines, the
# config's include paths), except that each script runs once on all FILES
# given to spatch as --file-groups (a group a file), JOBS scripts at a
# time. DIR/rc counts the scripts that failed.
cocci() { # DIR FILE...
	local d=$1 inc s out
	shift
	printf '%s\n\n' "${@/#/$WT/}" >"$d/groups"
	configure debug
	kmake debug -s prepare >"$d/prepare.log" 2>&1 ||
		{ cat "$d/prepare.log" >"$d/log"; echo 1 >"$d/rc"; return; }
	inc=$(kmake debug -s --eval='check-print-%: ; @echo $($*)' check-print-LINUXINCLUDE)
	mkdir -p "$d/out"
	for s in $(find "$WT/scripts/coccinelle" -name '*.cocci' | sort); do
		out=$d/out/$(tr / _ <<<"${s#"$WT"/scripts/coccinelle/}")
		[ "$(jobs -rp | wc -l)" -lt "$JOBS" ] || wait -n
		(cd "$CHECK/obj-debug" && C=2 MODE=report srctree="$WT" LINUXINCLUDE="$inc" \
			COCCI=$s "$WT/scripts/coccicheck" "--file-groups $d/groups" ||
			echo "coccicheck failed: ${s#"$WT"/}") >"$out" 2>&1 &
	done
	wait
	cat "$d"/out/* >"$d/log"
	grep -c '^coccicheck failed: ' "$d/log" >"$d/rc"
}

# run_item ITEM DIR: run check ITEM on the checked-out tree. DIR gets the
# tool's output (log), its diagnostics (diag), its exit status or count
# of failures (rc) and, for builds, the objects built and left out.
run_item() {
	local item=$1 d=$2 name files t=$(now)
	rm -rf "$d"
	mkdir -p "$d"
	case $item in
	w1|config-*)
		name=${item#config-}
		[ "$item" != w1 ] || name=debug
		configure "$name"
		split_objects "$name" "$d" $objects
		rebuild "$name" "$d/log" $(cat "$d/built")
		echo $? >"$d/rc" ;;
	sparse)
		configure debug
		split_objects debug "$d" $objects
		# Objects up to date first: C=2 then only runs sparse on them.
		[ ! -s "$d/built" ] || { kmake debug $(cat "$d/built") >"$d/build.log" 2>&1 &&
			kmake debug C=2 $(cat "$d/built") >"$d/log" 2>&1; }
		echo $? >"$d/rc" ;;
	kdoc)
		# Its exit status counts its errors, which are compared with
		# the base's like its warnings: only a missing script fails.
		files=$(existing $sources)
		[ -z "$files" ] ||
			(cd "$WT" && ./scripts/kernel-doc -none -Wall $files) >"$d/log" 2>&1
		[ $? -lt 126 ]; echo $? >"$d/rc" ;;
	htmldocs)
		rm -rf "$CHECK/docs"
		make -C "$WT" O="$CHECK/docs" -j"$JOBS" SPHINXDIRS="$SPHINXDIRS" htmldocs >"$d/log" 2>&1
		echo $? >"$d/rc" ;;
	cocci)
		files=$(existing $sources)
		if [ -n "$files" ]; then cocci "$d" $files; else echo 0 >"$d/rc"; fi ;;
	esac
	touch "$d/log"
	diagnostics "$d/log" >"$d/diag"
	say "  $item: $(($(now) - t)) s"
}

# The versions of the tools whose output is compared.
tool_versions() {
	gcc --version | head -n 1
	clang --version | head -n 1
	sparse --version
	spatch --version | head -n 1
	sphinx-build --version
	perl -e 'print "perl $^V\n"'
}

# The config fragments whose content ITEM's results depend on.
item_fragments() {
	case $1 in
	config-*) fragments "${1#config-}" ;;
	w1|sparse|cocci) fragments debug ;;
	esac
}

# The base's cached results of ITEM: a directory named by ITEM and a hash
# of what they depend on: the base, the tools, the series' files, this
# script and ITEM's config fragments.
base_dir() {
	local key
	key=$({ echo "$base $1 $SPHINXDIRS"; echo "$tools"; echo "$series_files"
		(cd "$TOP" && cat scripts/check.sh $(item_fragments "$1"))
	      } | sha1sum | cut -c 1-16)
	echo "$CACHE/$1-$key"
}

# --- TAP ----------------------------------------------------------------

# What configs/check/NAME.config sets, for its TAP line ('EXPERT=y
# SLUB_TINY=y', 'ARCH=i386 64BIT=n X86_32=y').
config_summary() {
	sed -n -e 's/^# CONFIG_\([^ ]*\) is not set$/\1=n/p' -e 's/^CONFIG_//p' \
		-e 's/^# make: //p' "$TOP/configs/check/$1.config" | tr '\n' ' ' | sed 's/ $//'
}

# not_ok LINE FILE [HINT]: a failed check: its TAP line, the first lines
# of FILE as comments, and the HINT.
not_ok() {
	echo "not ok $1"
	head -n 12 "$2" | sed 's/^/# /'
	[ "$(wc -l <"$2")" -le 12 ] || echo "# ... $(($(wc -l <"$2") - 12)) more"
	[ -z "${3:-}" ] || echo "# $3"
	failed=1
}

# The errors among the diagnostics in FILE, or the end of the log beside it.
errors_of() {
	grep -E '(error|ERROR)[: ]' "$1/diag" || tail -n 12 "$1/log"
}

# The files of sparse's LOG in which it reported an error, after which it
# shows no more warnings for the file: the .c file of the error, or that
# of the 'note: in included file' line before an error in a header.
sparse_blind() {
	sed "s|$WT/||g" "$1" | awk '
		/: note: in included file/ { f = $1; sub(/:$/, "", f); next }
		/: error: / { if (f == "") { f = $1; sub(/:.*/, "", f) }
			      if (f ~ /\.c$/) print f }
		{ f = "" }' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# report ITEM LABEL: the TAP line of a check compared with the base: its
# tool failed, or it has new diagnostics, or neither.
report() {
	local item=$1 label=$2 h=$RESULTS/head/$1 b new n extra=""
	b=$(base_dir "$item")
	new=$RESULTS/head/$item/new
	new_diagnostics "$b/diag" "$h/diag" >"$new"
	n=$(wc -l <"$new")
	if [ -s "$h/unbuilt" ]; then
		extra=" (not in this config: $(tr '\n' ' ' <"$h/unbuilt" | sed 's/ $//'))"
	fi
	if [ "$item" = sparse ] && [ -n "$(sparse_blind "$h/log")" ]; then
		extra="$extra (sparse stops warning at its errors in: $(sparse_blind "$h/log"))"
	fi
	if [ "$(cat "$h/rc")" != 0 ]; then
		errors_of "$h" >"$h/errors"
		[ "$(cat "$b/rc")" = 0 ] || extra="$extra (it fails at the base too)"
		not_ok "$label: failed$extra" "$h/errors" "the whole output is ${h#"$TOP"/}/log"
	elif [ "$n" -gt 0 ]; then
		not_ok "$label: $n new against the base$extra" "$new" \
			"all: ${new#"$TOP"/}; fix each in the patch that adds it"
	else
		n=$(wc -l <"$h/diag")
		[ "$n" = 0 ] && n="none at HEAD" || n="HEAD's $n all at the base too"
		echo "ok $label: nothing new against the base ($n)$extra"
	fi
}

# --- 1. Each commit builds on its own -----------------------------------

# The TAP line of commit number I (of N): the objects it touches, or all
# the series' objects when it touches a header, Kconfig or Makefile, build.
check_commit() { # I N
	local label files wide objs d=$RESULTS/commit-$1
	label="build $1/$2 $(git -C "$WT" log -1 --format=%s)"
	files=$(git -C "$WT" diff-tree --no-commit-id --name-only -r --diff-filter=d HEAD)
	rm -rf "$d"
	mkdir -p "$d"
	if wide=$(build_wide <<<"$files"); then
		objs=$objects
		label="$label (touches $wide: all the series' objects)"
	else
		objs=$(objects_of <<<"$files")
	fi
	configure debug
	split_objects debug "$d" $objs
	if [ ! -s "$d/built" ]; then
		echo "ok $label # SKIP no kernel object to build"
		return
	fi
	if kmake debug $(cat "$d/built") >"$d/log" 2>&1; then
		echo "ok $label: $(wc -l <"$d/built") objects"
	else
		diagnostics "$d/log" >"$d/diag"
		errors_of "$d" >"$d/errors"
		not_ok "$label: does not build" "$d/errors" \
			"the whole output is ${d#"$TOP"/}/log; fix it in this patch"
	fi
}

# --- Main -----------------------------------------------------------------

[ -d "$TREE/.git" ] || die "no kernel tree: run 'make tree' first"
# spatch compiles the OCaml scripts of two .cocci files with ocamlopt.
need gcc ccache flex bison bc clang ld.lld sparse spatch ocamlopt sphinx-build perl
name=${CHECK_REV:-series}
rev=$(git -C "$TREE" rev-parse -q --verify "$name^{commit}") ||
	die "build/linux has no revision '$name': run 'make tree', or set CHECK_REV to a branch or commit of build/linux"
base=$(git -C "$TREE" rev-parse -q --verify 'base^{commit}') ||
	die "build/linux has no tag base: run 'make tree'"
git -C "$TREE" merge-base --is-ancestor "$base" "$rev" ||
	die "'$name' does not descend from tag base: set CHECK_REV to a revision of the series"
commits=$(git -C "$TREE" rev-list --reverse "$base..$rev")
[ -n "$commits" ] || die "base..$name holds no commits: nothing to check"
series_files=$(git -C "$TREE" diff --name-only --diff-filter=d "$base" "$rev")
objects=$(objects_of <<<"$series_files")
sources=$(kernel_files '\.[ch]$' <<<"$series_files")
tools=$(tool_versions 2>&1)
kbuild_lock
mkdir -p "$RESULTS" "$CACHE"
t0=$(now)
say "make check: $(wc -l <<<"$commits") commits of ${name} ($(git -C "$TREE" log -1 --format=%h "$rev")), $(wc -w <<<"$objects") objects, $(wc -w <<<"$sources") .c/.h files"

# The base's results, from the cache or made now.
todo=""
for item in $ITEMS; do
	[ -f "$(base_dir "$item")/diag" ] || todo="$todo $item"
done
if [ -n "$todo" ]; then
	say "results at the base:$todo"
	checkout "$base"
	for item in $todo; do
		b=$(base_dir "$item")
		rm -rf "$CACHE/$item"-????????????????
		run_item "$item" "$b.new"
		mv "$b.new" "$b"
	done
fi
t_base=$(now)

# 1. Each commit, in order.
say "building each commit"
i=0
for c in $commits; do
	i=$((i + 1))
	checkout "$c"
	check_commit "$(printf '%02d' $i)" "$(printf '%02d' "$(wc -l <<<"$commits")")"
done
t_walk=$(now)

# 2-6 at HEAD, compared with the base.
say "results at HEAD"
checkout "$rev"
for item in $ITEMS; do
	run_item "$item" "$RESULTS/head/$item"
done
report w1 "W=1 (debug config): the series' objects"
report sparse "sparse (C=2, debug config): the series' objects"
report kdoc "kernel-doc -none -Wall: the series' .c and .h files"
report htmldocs "make SPHINXDIRS=$SPHINXDIRS htmldocs"
for c in $CONFIGS; do
	report "config-$c" "config $c ($(config_summary "$c")): the series' objects build"
done
if [ "$COCCI" = 1 ]; then
	report cocci "coccicheck MODE=report: the series' .c and .h files"
else
	say "coccicheck left out (CHECK_COCCI=0): 'make check' runs it"
fi
t_head=$(now)
say "make check: base $((t_base - t0)) s, commits $((t_walk - t_base)) s, HEAD $((t_head - t_walk)) s, total $((t_head - t0)) s"
[ "$failed" = 0 ] ||
	die "make check: the 'not ok' lines above say what failed and where its log is (build/check/results/); fix each finding in the patch that brings it, then run 'make check' again"
