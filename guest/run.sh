# SPDX-License-Identifier: GPL-2.0
# Guest demo (harness.mode=run): the slab state of the booted kernel.

section() {
	printf '\n=== %s ===\n' "$*"
}

section "NUMA nodes"
for n in /sys/devices/system/node/node[0-9]*; do
	printf '%s: cpus %s, %s\n' "${n##*/}" "$(cat $n/cpulist)" \
		"$(sed -n 's/.*MemTotal: *\([0-9]* kB\)/MemTotal \1/p' $n/meminfo)"
done

section "Memory blocks (block size $(($(printf '%d' 0x$(cat /sys/devices/system/memory/block_size_bytes)) >> 20)) MiB)"
for b in /sys/devices/system/memory/memory[0-9]*; do
	printf '%s %s %s %s\n' "$(cat $b/state)" \
		"$(ls -d $b/node* 2>/dev/null | sed 's/.*\///')" \
		"$(cut -d' ' -f1 $b/valid_zones 2>/dev/null)" "$(cat $b/removable)"
done | sort | uniq -c |
	awk '{ printf "%4d blocks %-8s %-6s zone %-8s removable %s\n", $1, $2, $3, $4, $5 }'

section "/proc/slabinfo: largest caches"
echo "    KiB     objects  active  slabs pages/slab  cache"
awk 'NR > 2 { printf "%7d %11d %7d %6d %10d  %s\n",
	$15 * $6 * 4, $3, $2, $15, $6, $1 }' /proc/slabinfo | sort -n -r | head -n 12
awk 'NR > 2 { o += $3; a += $2; k += $15 * $6 * 4 }
	END { printf "%d caches: %d objects, %d active (%d%%), %d KiB in slab pages\n",
	      NR - 2, o, a, o ? a * 100 / o : 0, k }' /proc/slabinfo

section "tools/mm/slabinfo -T (totals)"
slabinfo -T

section "tools/mm/slabinfo: top caches by size"
slabinfo -S -N 10

section "Slab Movable Objects"
if ls /sys/kernel/slab/*/movable >/dev/null 2>&1; then
	for c in /sys/kernel/slab/*; do
		[ -L "$c" ] || [ "$(cat $c/movable)" != 1 ] ||
			echo "movable: ${c##*/} (defrag_used_ratio $(cat $c/defrag_used_ratio))"
	done
	grep '^slab_\(evacuate\|objects\)' /proc/vmstat
	slabinfo -o kmem_cache | tail -n 4
else
	echo "not in this kernel"
fi
