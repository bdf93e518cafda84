#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: the whole test run, in this order:
#   0. a fresh clone of this repository passes the first steps of its own
#      'make test' (scripts/newcomer.sh), as a new user's would; left out
#      when this checkout is such a clone (CI's), whose step 1 is that run;
#   1. the series applies to the base (make tree), build/linux holds no
#      unexported work, checkpatch passes on every patch;
#   2. KUnit on UML (configs/uml.kunitconfig), and upstream's user-space
#      XArray, IDR and radix-tree tests (tools/testing/radix-tree);
#   3. the debug kernel and initramfs are built;
#   4. the guest boots and runs the in-kernel KUnit suites and the
#      selftests (guest/test.sh); its console must stay free of reports;
#      then it boots again with 64 possible NUMA nodes and runs slub_kunit
#      (guest/nodes.sh).
# Every executed test is counted; the last line is
# 'N passed, N failed, N skipped' and any failure makes the exit non-zero.
#
# With BASE=1 the same KUnit, kernel and guest steps run on the unpatched
# base (build/linux-base) instead, to show that the tests pass there too.
# HARNESS_STOP_AFTER=tree stops after step 1 (it is how step 0 runs the
# clone's 'make test'; step 0 is then left out).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

logs=$BUILD/logs
mkdir -p "$logs"
pass=0 fail=0 skip=0
timings=""

if [ "${BASE:-0}" = 1 ]; then
	src=$BASE_TREE tag=base-
else
	src=$TREE tag=
fi
obj=$BUILD/obj-${tag}debug

result() {	# result PASSED FAILED SKIPPED
	pass=$((pass + $1)) fail=$((fail + $2)) skip=$((skip + $3))
}

timed() {	# timed LABEL SECONDS
	timings="$timings$(printf '  %-34s %5d s' "$1" "$2")\n"
}

# Count TAP lines (ok, not ok, ok # SKIP) read from standard input.
count_tap() {
	local p f s
	read -r p f s < <(awk '/^ok .*# SKIP/ { s++; next } /^ok / { p++ }
		/^not ok / { f++ } END { print p + 0, f + 0, s + 0 }')
	result "$p" "$f" "$s"
}

# Count kunit.py's summary line 'Ran N tests: passed: P, failed: F, ...'.
count_kunit() {
	local line=$1 p f s c
	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*failed: \([0-9]*\).*/\1/p' <<<"$line")
	s=$(sed -n 's/.*skipped: \([0-9]*\).*/\1/p' <<<"$line")
	c=$(sed -n 's/.*\(crashed\|errors\): \([0-9]*\).*/\2/p' <<<"$line")
	[ -n "$p$f$s$c" ] || f=1	# no summary at all: the run failed
	result "${p:-0}" "$((${f:-0} + ${c:-0}))" "${s:-0}"
}

# guest_results OUT NAME: count the KUnit suites and the TAP lines a guest
# printed to OUT, keeping each suite's KTAP and the TAP lines in the logs
guest_results() {
	local out=$1 name=$2 suite summary
	touch "$out"
	for suite in $(sed -n 's/^harness: kunit-begin //p' "$out"); do
		sed -n "/^harness: kunit-begin $suite\$/,/^harness: kunit-end $suite\$/p" "$out" |
			sed '1d;$d' >"$logs/${tag}$name-kunit-$suite.ktap"
		summary=$(cd "$src" && python3 tools/testing/kunit/kunit.py parse \
			"$logs/${tag}$name-kunit-$suite.ktap" 2>&1 | grep -E 'Ran [0-9]+ tests' | tail -n 1)
		echo "$name KUnit $suite: ${summary:-no results}"
		count_kunit "$summary"
	done
	sed '/^harness: kunit-begin/,/^harness: kunit-end/d' "$out" | grep -E '^(ok|not ok) ' |
		tee "$logs/${tag}$name-selftests.tap"
	count_tap <"$logs/${tag}$name-selftests.tap"
	failed_output "$out"
}

# failed_output OUT: the output of each guest test that failed (tap_run's
# '#' lines before its 'not ok'), its last 40 lines, so that a log shows
# why it failed without the guest's files.
failed_output() {
	sed '/^harness: kunit-begin/,/^harness: kunit-end/d' "$1" | awk '
		/^# / { buf[n++ % 40] = $0; next }
		/^not ok / {
			print "==> output of " $0 ":"
			for (i = (n > 40 ? n - 40 : 0); i < n; i++)
				print "  " buf[i % 40]
		}
		/^(ok|not ok) / { n = 0 }'
}

finish() {
	printf '\nStep timings:\n%b' "$timings"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}

# 0. A new user's first run. A checkout that is itself a fresh clone (no
# kernel tree yet, nothing changed or added: CI's) is that run already:
# its step 1 below is what step 0 would repeat in a scratch clone.
fresh_clone() {
	[ ! -e "$TREE" ] && [ -z "$(git -C "$TOP" status --porcelain 2>/dev/null)" ]
}
if [ -z "$tag" ] && [ -z "${HARNESS_STOP_AFTER:-}" ] && fresh_clone; then
	say "this checkout is a fresh clone: its own steps are a new user's first run (step 0 left out)"
elif [ -z "$tag" ] && [ -z "${HARNESS_STOP_AFTER:-}" ]; then
	t0=$(now)
	say "a fresh clone's make test, up to the tree step (build/newcomer)"
	bash "$TOP/scripts/newcomer.sh" "$BUILD/newcomer" | tee "$logs/newcomer.tap"
	count_tap <"$logs/newcomer.tap"
	timed "fresh clone: deps, tree, checkpatch" $(($(now) - t0))
fi

# 1. The series applies; checkpatch.
if [ -z "$tag" ]; then
	t0=$(now)
	if bash "$TOP/scripts/tree.sh"; then
		echo "ok series applies to the base"
		result 1 0 0
	else
		echo "not ok series applies to the base"
		result 0 1 0
		finish
	fi
	if bash "$TOP/scripts/check-export.sh"; then
		echo "ok build/linux and patches/ agree (make check-export)"
		result 1 0 0
	else
		echo "not ok build/linux and patches/ agree (make check-export)"
		result 0 1 0
	fi
	bash "$TOP/scripts/checkpatch.sh" >"$logs/checkpatch.log"
	grep -v '^#' "$logs/checkpatch.log"
	count_tap <"$logs/checkpatch.log"
	timed "tree + checkpatch" $(($(now) - t0))
	[ "${HARNESS_STOP_AFTER:-}" != tree ] || finish
else
	ensure_base_tree
fi

# 1b. The build robots' checks (make check): each patch builds alone, and
# W=1, sparse, kernel-doc, htmldocs and the configs of configs/check have
# nothing new against the base. coccicheck is left out unless
# CHECK_COCCI=1 ('make check' runs it).
if [ -z "$tag" ]; then
	t0=$(now)
	say "make check: the build robots' checks"
	CHECK_COCCI=${CHECK_COCCI:-0} bash "$TOP/scripts/check.sh" >"$logs/check.tap"
	rc=$?
	cat "$logs/check.tap"
	count_tap <"$logs/check.tap"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$logs/check.tap"; then
		echo "not ok make check ran (exit $rc; its error is above)"
		result 0 1 0
	fi
	timed "make check" $(($(now) - t0))
fi

# 2. KUnit on UML.
t0=$(now)
say "KUnit on UML"
summary=$(bash "$TOP/scripts/kunit.sh" "$src" "$BUILD/kunit-${tag}uml")
echo "$summary"
count_kunit "$summary"
# test_xarray and test_ida, built into the same UML kernel, ran at boot.
for name in XArray IDA; do
	log=$BUILD/kunit-${tag}uml/test.log
	if all_passed "$log" $name; then
		echo "ok UML: $name tests"
		result 1 0 0
	else
		echo "not ok UML: $name tests: $(missing_summary "$log" $name)"
		result 0 1 0
	fi
done
timed "KUnit on UML (build + run)" $(($(now) - t0))

# 2b. Upstream's user-space XArray, IDR and radix-tree tests.
t0=$(now)
say "XArray, IDR and radix-tree tests in user space"
bash "$TOP/scripts/radix-tree.sh" "$src" "$BUILD/radix-tree-${tag}tests" |
	tee "$logs/${tag}radix-tree.tap"
count_tap <"$logs/${tag}radix-tree.tap"
timed "radix-tree tests (build + run)" $(($(now) - t0))

# 3. Debug kernel and initramfs.
t0=$(now)
say "building the debug kernel (${obj#"$TOP"/})"
if ! bash "$TOP/scripts/kernel.sh" "$src" "$obj" debug; then
	echo "not ok debug kernel and initramfs build"
	result 0 1 0
	finish
fi
timed "debug kernel + initramfs build" $(($(now) - t0))

# 4. The guest: KUnit suites built in, then the selftests.
t0=$(now)
say "booting the debug kernel under QEMU"
# Sanity checks on shmem_inode_cache make mm/slab_node_online compare the
# partial-slab counters with the lists (its validate file) on a new node.
# slab_movable= gives dentry a ratio of its own and names a cache that does
# not exist, which guest/test.sh checks (the unpatched base ignores it).
# A run that dies early must not leave the last run's results to count.
rm -f "$logs/${tag}guest-test.out"
if CMDLINE="${CMDLINE:+$CMDLINE }slab_debug=F,shmem_inode_cache slab_movable=on;35,dentry;off,nosuchcache" \
	bash "$TOP/scripts/qemu.sh" "$obj" test "$logs/${tag}guest-test.log"; then
	echo "ok guest console free of kernel reports, guest finished"
	result 1 0 0
else
	echo "not ok guest console free of kernel reports, guest finished"
	result 0 1 0
fi
guest_results "$logs/${tag}guest-test.out" guest
timed "guest boot + tests" $(($(now) - t0))

# 4b. The same kernel with 64 possible NUMA nodes (guest/nodes.sh).
t0=$(now)
say "booting the debug kernel with 64 NUMA nodes"
rm -f "$logs/${tag}guest-nodes.out"
if NODES=64 bash "$TOP/scripts/qemu.sh" "$obj" nodes "$logs/${tag}guest-nodes.log"; then
	echo "ok guest with 64 NUMA nodes: console free of kernel reports, guest finished"
	result 1 0 0
else
	echo "not ok guest with 64 NUMA nodes: console free of kernel reports, guest finished"
	result 0 1 0
fi
guest_results "$logs/${tag}guest-nodes.out" guest-nodes
timed "guest with 64 NUMA nodes" $(($(now) - t0))
finish
