# SPDX-License-Identifier: GPL-2.0
# Guest demo (harness.mode=run): the slab state of the booted kernel.
. /guest/memblocks.sh

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
	grep '^slab_\(evacuate\|objects\|pages_emptied\|page_empty\)' /proc/vmstat
	grep '^SlabMovable' /proc/meminfo
	slabinfo -o kmem_cache | tail -n 4
else
	echo "not in this kernel"
fi

# The series at work: a file workload fragments radix_tree_node (the page
# cache's XArray nodes) and dentry, and slab_bench.ko the movable test
# cache slab_bench_frag; then, in the same boot, compaction and
# offlining of kernel memory blocks, with no shrink, and last a shrink of
# each cache, first with the three caches switched off (what the kernel
# does without the series) and then with them on. Each column is what that step
# gets back from the state the step before left.
[ -f /sys/kernel/slab/dentry/movable ] || exit 0
movable_caches="radix_tree_node dentry slab_bench_frag"

# pages_min CACHE: "PAGES MIN": the cache's slab pages, and the pages its
# objects need at least, ceil(objects / objs_per_slab) slabs
pages_min() {
	local d=/sys/kernel/slab/$1 pages per slabs objects
	pages=$((1 << $(cat $d/order)))
	per=$(cat $d/objs_per_slab)
	slabs=$(cut -d' ' -f1 $d/slabs)
	objects=$(cut -d' ' -f1 $d/objects)
	echo "$((slabs * pages)) $(((objects + per - 1) / per * pages))"
}

# hugepages: the free order-9 blocks (huge pages) after compaction, from
# /proc/buddyinfo. Asking nr_hugepages for them would reclaim, and reclaim
# frees page cache and dentries and leaves workingset shadow nodes, which
# would change what the next column finds.
hugepages() {
	echo 1 >/proc/sys/vm/compact_memory
	# Fields: Node N, zone NAME, then the free blocks of order 0, 1, ...
	awk '{ m = 1; for (o = 9; o + 5 <= NF; o++) { n += $(o + 5) * m; m *= 2 } }
	     END { print n + 0 }' /proc/buddyinfo
}

# offline_blocks: how many online memory blocks of kernel memory (zones
# DMA32 and Normal) go offline; they are onlined again at once
offline_blocks() {
	local id b n=0 tried=0
	for id in $(kernel_blocks | cut -d' ' -f1); do
		b=/sys/devices/system/memory/memory$id
		tried=$((tried + 1))
		if echo offline >$b/state 2>/dev/null; then
			n=$((n + 1))
			echo online_kernel >$b/state 2>/dev/null ||
				echo online >$b/state
		fi
	done
	echo "$n/$tried"
}

# vmstat_sum REGEX: the sum of the /proc/vmstat items whose names match
vmstat_sum() {
	awk -v re="$1" '$1 ~ re { n += $2 } END { print n + 0 }' /proc/vmstat
}

# column NAME: one column of the table: compaction and offlining with no
# shrink, and the slab pages that each page-level path emptied; then the
# shrink of each cache
column() {
	local c emptied
	emptied=$(vmstat_sum '^slab_pages_emptied_compaction$')
	echo "$1 hugepages $(hugepages)"
	echo "$1 emptied_compaction $(($(vmstat_sum '^slab_pages_emptied_compaction$') - emptied))"
	emptied=$(vmstat_sum '^slab_pages_emptied_offline$')
	echo "$1 offline $(offline_blocks)"
	echo "$1 emptied_offline $(($(vmstat_sum '^slab_pages_emptied_offline$') - emptied))"
	for c in $movable_caches; do
		echo 1 >/sys/kernel/slab/$c/shrink
		echo "$1 $c $(pages_min $c)"
	done
}

section "Slab Movable Objects at work (guest/run.sh)"
mkdir -p /mnt/img /mnt/files
mount -t tmpfs -o size=300m tmpfs /mnt/img
dd if=/dev/zero of=/mnt/img/ext2.img bs=1M count=200 2>/dev/null
mke2fs -F -i 8192 /mnt/img/ext2.img >/dev/null 2>&1
mount -o loop -t ext2 /mnt/img/ext2.img /mnt/files
echo "workload: 12000 files of two pages in ext2 on a loop device, 90 % deleted while open"
/guest/bin/fragment /mnt/files 12000 10 42 8192 open >/dev/null
sync
echo "workload: slab_bench.ko run=frag objects=400000, a movable test cache of 256-byte objects, 9 in 10 freed"
insmod /guest/modules/slab_bench.ko run=frag objects=400000 ||
	echo "run.sh: insmod slab_bench.ko run=frag failed: no slab_bench_frag figures"
for c in $movable_caches; do
	echo "before $c $(pages_min $c)"
done >/tmp/run.before
for c in $movable_caches; do echo 0 >/sys/kernel/slab/$c/movable; done
column off >/tmp/run.off
for c in $movable_caches; do echo 1 >/sys/kernel/slab/$c/movable; done
column on >/tmp/run.on

printf '%-40s %16s %16s %16s\n' "" "before" "mobility off" "mobility on"
# row LABEL KEY: the KEY line of each column
row() {
	printf '%-40s %16s' "$1" "-"
	for f in off on; do
		awk -v k=$2 '$2 == k { printf " %16s", $3 }' /tmp/run.$f
	done
	echo
}
echo "no shrink:"
row "  free huge pages (compact_memory)" hugepages
row "  slab pages compaction emptied" emptied_compaction
row "  kernel blocks offlined" offline
row "  slab pages offlining emptied" emptied_offline
echo "then a shrink of each cache:"
for c in $movable_caches; do
	printf '%-40s' "  $c slab pages (min)"
	for f in before off on; do
		awk -v c=$c '$2 == c { printf " %9d (%4d)", $3, $4 }' /tmp/run.$f
	done
	echo
done

echo "note: the slab pages of radix_tree_node and dentry share their pageblocks with"
echo "inode caches, whose objects cannot move; compaction and offlining leave such"
echo "pageblocks alone"
rmmod slab_bench

section "Evacuation events (/proc/vmstat)"
grep '^slab_\(evacuate\|objects\|pages_emptied\|page_empty\)' /proc/vmstat
grep '^SlabMovable' /proc/meminfo

section "tools/mm/slabinfo -r radix_tree_node: mobility and evacuation"
slabinfo -r '^radix_tree_node$' | sed -n '/operations/,/^Movable/p;/Slab Evacuation/,$p'
umount /mnt/files
umount /mnt/img
