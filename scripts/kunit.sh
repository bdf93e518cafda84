#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KUnit suites of configs/uml.kunitconfig on UML (the options SRC
# does not define left out):
#   kunit.sh SRC OUTDIR
# kunit.py configures and builds the UML kernel; this script boots it with
# kunit.py's own command line, its console going to OUTDIR/test.log, and
# kunit.py parses that. It does not let kunit.py boot it: kunit.py reads
# the console through a pipe, and UML's console drops what does not fit
# into a full pipe, which loses lines of a boot as loud as test_ida's
# (upstream's non-KUnit tests report 'NAME: X of Y tests passed' in the
# same log). A regular file never fills.
# The full log is OUTDIR.log; the last line printed is kunit.py's summary.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1") out=$(realpath -m "$2")
need python3 ccache gcc
kbuild_lock
mkdir -p "$out"
kconfig_defined_lines "$src" "$TOP/configs/uml.kunitconfig" >"$out/harness.kunitconfig"
kunit() {
	(cd "$src" && python3 tools/testing/kunit/kunit.py "$@")
}
rm -f "$out/test.log"
{
	if kunit build --kunitconfig="$out/harness.kunitconfig" --build_dir="$out" \
		--jobs="$JOBS" --make_options "CC=ccache gcc"; then
		# kunit.py's UML command line (tools/testing/kunit/kunit_kernel.py)
		timeout -k 10 900 "$out/linux" mem=1G console=tty kunit_shutdown=halt \
			kunit.enable=1 </dev/null >"$out/test.log" 2>&1
		echo "UML kernel exit status $?"
		kunit parse "$out/test.log"
	else
		echo "kunit.py build failed"
		false
	fi
} >"$out.log" 2>&1
rc=$?
grep -E '^\[..:..:..\] +(\[(PASSED|FAILED|SKIPPED|CRASHED)\]|ok|not ok|#)' "$out.log" >&2
grep -E 'Testing complete|Ran [0-9]+ tests' "$out.log" | tail -n 1 ||
	{ tail -n 30 "$out.log" >&2; echo "kunit.py produced no summary; see $out.log"; }
exit $rc
