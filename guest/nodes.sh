# SPDX-License-Identifier: GPL-2.0
# Guest runner of a boot with many possible NUMA nodes (harness.mode=nodes;
# scripts/qemu.sh with NODES=N adds harness.nodes=N). The per-CPU counters
# of the caches created at boot take per-CPU memory per possible node, from
# the small reserve the first per-CPU chunk keeps for early allocations:
# the kernel must boot, and the partial-slab counters (slub_kunit) stay
# right with that many nodes.
. /guest/tap.sh

tap_plan_start
want=$(sed -n 's/.*harness\.nodes=\([0-9]*\).*/\1/p' /proc/cmdline)
possible=$(cat /sys/devices/system/node/possible)
if [ -n "$want" ] && [ "$possible" = "0-$((want - 1))" ]; then
	tap_result ok "booted with $want possible NUMA nodes"
else
	tap_result not-ok "booted with ${want:-?} possible NUMA nodes" "possible: $possible"
fi
modprobe slub_kunit || tap_result not-ok "KUnit module slub_kunit loads"
kunit_results
