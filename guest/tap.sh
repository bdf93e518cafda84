# SPDX-License-Identifier: GPL-2.0
# TAP output for the guest runners. tap_run prints one TAP line per test
# program with the program's own output as '#' comments before it.
TAP_N=0

tap_plan_start() {
	echo "TAP version 13"
}

tap_result() {	# tap_result ok|not-ok|skip NAME [REASON]
	TAP_N=$((TAP_N + 1))
	case "$1" in
	ok)	echo "ok $TAP_N $2" ;;
	skip)	echo "ok $TAP_N $2 # SKIP $3" ;;
	*)	echo "not ok $TAP_N $2${3:+ # $3}" ;;
	esac
}

# kunit_results: the KTAP results of every KUnit suite that ran, each
# between markers for the host (scripts/test.sh) to split them out.
kunit_results() {
	local r suite n=0
	for r in /sys/kernel/debug/kunit/*/results; do
		[ -f "$r" ] || continue
		suite=${r%/results}
		suite=${suite##*/}
		echo "harness: kunit-begin $suite"
		cat "$r"
		echo "harness: kunit-end $suite"
		n=$((n + 1))
	done
	[ $n -gt 0 ] || tap_result not-ok "KUnit results in /sys/kernel/debug/kunit"
}

# tap_run NAME CMD...: exit 0 passes, 4 (kselftest's skip) skips. A
# kselftest program that exits 0 after skipping some of its cases is
# reported as skipped, so that a partial run never counts as a pass.
tap_run() {
	local name=$1 out=/tmp/tap.out rc skipped
	shift
	"$@" >$out 2>&1
	rc=$?
	sed 's/^/# /' $out
	skipped=$(sed -n 's/^# Totals: .* skip:\([0-9]*\).*/\1/p' $out | tail -n 1)
	if [ $rc -eq 4 ]; then
		tap_result skip "$name" "exit code 4"
	elif [ $rc -eq 0 ] && [ "${skipped:-0}" -gt 0 ]; then
		tap_result skip "$name" "$skipped cases skipped"
	elif [ $rc -eq 0 ]; then
		tap_result ok "$name"
	else
		tap_result not-ok "$name" "exit code $rc"
	fi
}
