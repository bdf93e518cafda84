# SPDX-License-Identifier: GPL-2.0
# Guest benchmarks (harness.mode=bench). Prints 'bench: KEY VALUE' lines;
# the host puts the base and patched values side by side.
#
# Fragmentation: about 200k small files in tmpfs, a random 90 % deleted,
# then every cache shrunk through /sys/kernel/slab/*/shrink. Reported per
# cache: slab pages against the minimum ceil(objects / objs_per_slab)
# pages; then how many order-9 huge pages can still be had.

# slab_pages CACHE: "PAGES MIN_PAGES" of one cache.
slab_pages() {
	local d=/sys/kernel/slab/$1 order slabs objs per
	order=$(cat $d/order)
	slabs=$(cut -d' ' -f1 $d/slabs)
	objs=$(cut -d' ' -f1 $d/objects)
	per=$(cat $d/objs_per_slab)
	echo $((slabs << order)) $((((objs + per - 1) / per) << order))
}

ratio() {
	awk -v a=$1 -v b=$2 'BEGIN { printf "%.3f", b ? a / b : 0 }'
}

report_caches() {	# report_caches PHASE
	local c pages min tp=0 tm=0
	for c in dentry shmem_inode_cache radix_tree_node; do
		read -r pages min <<EOT
$(slab_pages $c)
EOT
		echo "bench: frag.$1.$c.pages $pages"
		echo "bench: frag.$1.$c.min_pages $min"
		echo "bench: frag.$1.$c.pages_over_min $(ratio $pages $min)"
	done
	# Every cache once: aliases of merged caches are symlinks.
	for c in /sys/kernel/slab/*; do
		[ -L "$c" ] && continue
		read -r pages min <<EOT
$(slab_pages ${c##*/})
EOT
		tp=$((tp + pages)) tm=$((tm + min))
	done
	echo "bench: frag.$1.all_caches.pages $tp"
	echo "bench: frag.$1.all_caches.min_pages $tm"
	echo "bench: frag.$1.all_caches.pages_over_min $(ratio $tp $tm)"
}

mkdir -p /mnt/frag
mount -t tmpfs -o size=1500m tmpfs /mnt/frag
/guest/bin/fragment /mnt/frag 200000 10 42
report_caches before_shrink
for f in /sys/kernel/slab/*/shrink; do
	echo 1 >$f
done
report_caches after_shrink

echo 1 >/proc/sys/vm/compact_memory
free_kb=$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
want=$((free_kb / 2048))
echo $want >/proc/sys/vm/nr_hugepages
echo "bench: hugepages.order9.requested $want"
got=$(cat /proc/sys/vm/nr_hugepages)
echo "bench: hugepages.order9.obtained $got"
echo "bench: hugepages.order9.obtained_over_requested $(ratio $got $want)"
echo 0 >/proc/sys/vm/nr_hugepages
