# SPDX-License-Identifier: GPL-2.0
# Guest test runner (harness.mode=test). KUnit suites built into the
# kernel ran at boot, those built as modules run as they are loaded here;
# the KTAP results of all of them are copied out of debugfs between
# markers for the host to parse. Then the selftests run, as TAP.
. /guest/tap.sh

tap_plan_start
for m in $(find /lib/modules/$(uname -r) -name '*kunit*.ko'); do
	m=${m##*/}
	modprobe ${m%.ko} || tap_result not-ok "KUnit module $m loads"
done

nsuites=0
for r in /sys/kernel/debug/kunit/*/results; do
	[ -f "$r" ] || continue
	suite=${r%/results}
	suite=${suite##*/}
	echo "harness: kunit-begin $suite"
	cat "$r"
	echo "harness: kunit-end $suite"
	nsuites=$((nsuites + 1))
done
[ $nsuites -gt 0 ] || tap_result not-ok "KUnit results in /sys/kernel/debug/kunit"

tap_run mm/compaction_test /tests/mm/compaction_test
# As run_vmtests.sh does, reserve huge pages for the hugetlb cases.
echo 64 >/proc/sys/vm/nr_hugepages
tap_run mm/migration /tests/mm/migration
echo 0 >/proc/sys/vm/nr_hugepages
tap_run memory-hotplug/mem-on-off-test.sh \
	sh /tests/memory-hotplug/mem-on-off-test.sh
[ ! -f /tests/mm/slab_movable.sh ] ||
	tap_run mm/slab_movable.sh sh /tests/mm/slab_movable.sh
[ ! -x /tests/mm/slab_movable_files ] ||
	tap_run mm/slab_movable_files /tests/mm/slab_movable_files
# Last: it leaves kernel memory online on node 2, which later tests'
# offlining could trip over.
[ ! -x /tests/mm/slab_node_online ] ||
	tap_run mm/slab_node_online /tests/mm/slab_node_online
echo "1..$TAP_N"
