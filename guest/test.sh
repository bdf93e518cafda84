# SPDX-License-Identifier: GPL-2.0
# Guest test runner (harness.mode=test). KUnit suites built into the
# kernel ran at boot, those built as modules run as they are loaded here;
# the KTAP results of all of them are copied out of debugfs between
# markers for the host to parse. Then the selftests run, as TAP.
. /guest/tap.sh
. /guest/memblocks.sh

tap_plan_start
# scripts/test.sh boots with slab_movable=on;35,dentry;off,nosuchcache:
# dentry takes its ratio, radix_tree_node the defaults, and the name that
# matches no cache is reported
if grep -q 'slab_movable=on;35,dentry;off,nosuchcache' /proc/cmdline; then
	if [ "$(cat /sys/kernel/slab/dentry/defrag_used_ratio)" = 35 ] &&
	   [ "$(cat /sys/kernel/slab/dentry/movable)" = 1 ] &&
	   [ "$(cat /sys/kernel/slab/radix_tree_node/defrag_used_ratio)" = 30 ] &&
	   [ "$(cat /sys/kernel/slab/radix_tree_node/movable)" = 1 ] &&
	   dmesg | grep -q "slab_movable=: no movable cache named 'nosuchcache'"; then
		tap_result ok "boot parameter slab_movable= applied, unknown name reported"
	else
		tap_result not-ok "boot parameter slab_movable= applied, unknown name reported"
	fi
fi

# Proactive compaction empties slab pages of movable caches at any time;
# keep it off the KUnit test caches, whose tests count every move.
proactiveness=$(cat /proc/sys/vm/compaction_proactiveness)
echo 0 >/proc/sys/vm/compaction_proactiveness
for m in $(find /lib/modules/$(uname -r) -name '*kunit*.ko'); do
	m=${m##*/}
	modprobe ${m%.ko} || tap_result not-ok "KUnit module $m loads"
done
echo "$proactiveness" >/proc/sys/vm/compaction_proactiveness

kunit_results

tap_run mm/compaction_test /tests/mm/compaction_test
# As run_vmtests.sh does, reserve huge pages for the hugetlb cases.
echo 64 >/proc/sys/vm/nr_hugepages
tap_run mm/migration /tests/mm/migration
echo 0 >/proc/sys/vm/nr_hugepages
tap_run memory-hotplug/mem-on-off-test.sh \
	sh /tests/memory-hotplug/mem-on-off-test.sh
# mem-on-off-test.sh onlines the blocks it offlined with "online", which
# puts a block at the edge of node 2's movable zone in ZONE_NORMAL; the
# page-level tests below need the node in ZONE_MOVABLE, as it booted
if [ -d /sys/devices/system/node/node2 ]; then
	if out=$(node_online_movable 2); then
		tap_result ok "memory-hotplug: node 2 back in ZONE_MOVABLE"
	else
		tap_result not-ok "memory-hotplug: node 2 back in ZONE_MOVABLE" \
			"$(echo $out)"
	fi
fi
[ ! -f /tests/mm/slab_movable.sh ] ||
	tap_run mm/slab_movable.sh sh /tests/mm/slab_movable.sh
[ ! -x /tests/mm/slab_movable_files ] ||
	tap_run mm/slab_movable_files /tests/mm/slab_movable_files
# tools/mm/slabinfo on the caches slab_movable_files shrank
if [ -x /tests/mm/slab_movable_files ] && [ -f /sys/kernel/slab/dentry/movable ]; then
	. /guest/slabinfo-check.sh
	slabinfo_check radix_tree_node dentry
fi
[ ! -x /tests/mm/slab_movable_inodes ] ||
	tap_run mm/slab_movable_inodes /tests/mm/slab_movable_inodes
[ ! -x /tests/mm/slab_movable_shadow ] ||
	tap_run mm/slab_movable_shadow /tests/mm/slab_movable_shadow
[ ! -x /tests/mm/slab_movable_memcg ] ||
	tap_run mm/slab_movable_memcg /tests/mm/slab_movable_memcg
[ ! -x /tests/mm/slab_movable_latency ] ||
	tap_run mm/slab_movable_latency /tests/mm/slab_movable_latency
# Before slab_node_online: it needs a node with no kernel memory
[ ! -x /tests/mm/slab_movable_pages ] ||
	tap_run mm/slab_movable_pages /tests/mm/slab_movable_pages
# Last: it leaves kernel memory online on node 2, which later tests'
# offlining could trip over.
[ ! -x /tests/mm/slab_node_online ] ||
	tap_run mm/slab_node_online /tests/mm/slab_node_online
echo "1..$TAP_N"
