#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KUnit suites of configs/uml.kunitconfig on UML (the options SRC
# does not define left out):
#   kunit.sh SRC OUTDIR
# The full log is OUTDIR.log; the last line printed is kunit.py's summary.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1") out=$(realpath -m "$2")
need python3 ccache gcc
kbuild_lock
mkdir -p "$out"
kconfig_defined_lines "$src" "$TOP/configs/uml.kunitconfig" >"$out/harness.kunitconfig"
(cd "$src" && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$out/harness.kunitconfig" --build_dir="$out" \
	--jobs="$JOBS" --make_options "CC=ccache gcc" --timeout 900) >"$out.log" 2>&1
rc=$?
grep -E '^\[..:..:..\] +(\[(PASSED|FAILED|SKIPPED|CRASHED)\]|ok|not ok|#)' "$out.log" >&2
grep -E 'Testing complete|Ran [0-9]+ tests' "$out.log" | tail -n 1 ||
	{ tail -n 30 "$out.log" >&2; echo "kunit.py produced no summary; see $out.log"; }
exit $rc
