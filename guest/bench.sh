# SPDX-License-Identifier: GPL-2.0
# Guest benchmarks (harness.mode=bench). Prints 'bench: KEY VALUE' lines;
# the host puts the base and patched values side by side. The parts run
# are those harness.bench=PART[,PART] on the kernel command line names
# (fastpath, files, frag, partial); without it, all but partial, which needs
# more memory than 'make run' gives the guest. scripts/bench.sh
# boots each kernel three times: fastpath under '-icount shift=0', files and
# frag in real time, and partial in real time with 3 GiB per node.
#
# fastpath: slab_bench.ko run=fastpath times rounds of 1,000,000
# alloc+free pairs on a plain cache, a movable cache and kmalloc-128, in
# ns per pair. Under ICOUNT=1 (scripts/qemu.sh) a guest ns is one
# instruction, so these figures are path lengths. In the same boot,
# slab_bench.ko run=slowpath times frees that take the slow path, in
# three groups: to full slabs, to slabs on the partial lists, and the last
# object of a slab (ns per free).
#
# files: 30,000 files of two pages (one page-cache XArray node each) in
# ext2 on a loop device, a random 90 % deleted while open (as temporary
# files are, so that their dentries are freed rather than kept negative),
# then radix_tree_node and dentry shrunk (twice, a second apart, for the
# objects the first pass left to RCU). Reported: their slab pages against
# the minimum ceil(objects / objs_per_slab) before and after, and the time
# of a find and stat of every surviving name before the shrink and twice
# after it (the first walk looks evicted names up again).
#
# frag: about 200k small files in tmpfs, a random 90 % deleted, then
# every cache shrunk through /sys/kernel/slab/*/shrink. Reported per
# cache: slab pages against the minimum ceil(objects / objs_per_slab)
# pages; then how many order-9 huge pages can still be had. Last, a cache
# the harness owns: slab_bench.ko run=frag keeps 1 in 10 of 200,000
# 256-byte objects of its movable cache slab_bench_frag (ctor only on the
# base kernel), reported as test_cache before and after a write to its
# shrink file (kmem_cache_shrink()).
#
# partial: /proc/slabinfo is read before anything else. Then
# slab_bench.ko run=partial leaves about a million partial slabs in its
# cache slab_bench_partial (half on each node) and starts its timer probe
# on CPU 0. guest/bin/readtime reads, on CPU 0, /proc/slabinfo and the
# cache's sysfs files objects and objects_partial, 5 times each: reported
# are the fastest read in us, and the timer probe's longest delay in us
# during the 5 reads (a bound on the longest section with interrupts off).
# The same for the cache's file order, which reads no counters: the probe's
# noise floor. Last, the cache's active objects as /proc/slabinfo gives
# them, against the objects the module keeps.

# slab_pages CACHE: "PAGES MIN_PAGES" of one cache.
slab_pages() {
	local d=/sys/kernel/slab/$1 order slabs objs per
	order=$(cat $d/order)
	slabs=$(cut -d' ' -f1 $d/slabs)
	objs=$(cut -d' ' -f1 $d/objects)
	per=$(cat $d/objs_per_slab)
	echo $((slabs << order)) $((((objs + per - 1) / per) << order))
}

# slab_bench ARGS...: load guest/modules/slab_bench.ko with ARGS and print
# the 'bench:' lines it logs. It stays loaded; unload it with slab_bench_rmmod.
slab_bench() {
	dmesg -c >/dev/null
	insmod /guest/modules/slab_bench.ko "$@" ||
		echo "bench.sh: insmod slab_bench.ko $* failed" >&2
	slab_bench_lines
}

slab_bench_rmmod() {
	dmesg -c >/dev/null
	rmmod slab_bench
	slab_bench_lines
}

slab_bench_lines() {
	dmesg | sed -n 's/.*slab_bench: \(bench: \)/\1/p'
}

ratio() {
	awk -v a=$1 -v b=$2 'BEGIN { printf "%.3f", b ? a / b : 0 }'
}

report_cache() {	# report_cache PREFIX CACHE [NAME]
	local pages min
	read -r pages min <<EOT
$(slab_pages $2)
EOT
	echo "bench: $1.${3:-$2}.pages $pages"
	echo "bench: $1.${3:-$2}.min_pages $min"
	echo "bench: $1.${3:-$2}.pages_over_min $(ratio $pages $min)"
}

report_caches() {	# report_caches PHASE
	local c pages min tp=0 tm=0
	for c in dentry shmem_inode_cache radix_tree_node; do
		report_cache frag.$1 $c
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

parts=$(sed -n 's/.*harness\.bench=\([a-z,]*\).*/\1/p' /proc/cmdline)
part() {	# part NAME: whether to run part NAME
	case ",${parts:-fastpath,files,frag}," in
	*,$1,*) return 0 ;;
	esac
	return 1
}

if part fastpath; then
	slab_bench run=fastpath
	slab_bench_rmmod
	slab_bench run=slowpath
	slab_bench_rmmod
fi

lookup() {	# lookup NAME: find and stat every name under /mnt/files
	/guest/bin/lookup $1 /mnt/files | tee /tmp/lookup.$1
}

lookup_ms() {	# lookup_ms NAME: the time the walk NAME took
	sed -n "s/^bench: files.lookup_ms.$1 //p" /tmp/lookup.$1
}

if part files; then
	mkdir -p /mnt/img /mnt/files
	mount -t tmpfs -o size=700m tmpfs /mnt/img
	dd if=/dev/zero of=/mnt/img/ext2.img bs=1M count=400 2>/dev/null
	mke2fs -F -i 8192 /mnt/img/ext2.img >/dev/null 2>&1
	mount -o loop -t ext2 /mnt/img/ext2.img /mnt/files ||
		echo "bench.sh: mounting ext2 on a loop device failed" >&2
	/guest/bin/fragment /mnt/files 30000 10 42 8192 open |
		sed 's/bench: files\./bench: files.ext2_/'
	sync
	lookup before_shrink
	for c in radix_tree_node dentry; do
		echo "bench: files.$c.slab_size $(cat /sys/kernel/slab/$c/slab_size)"
		echo "bench: files.$c.objs_per_slab $(cat /sys/kernel/slab/$c/objs_per_slab)"
		report_cache files.before_shrink $c
	done
	for c in radix_tree_node dentry radix_tree_node dentry; do
		echo 1 >/sys/kernel/slab/$c/shrink
		sleep 1
	done
	for c in radix_tree_node dentry; do
		report_cache files.after_shrink $c
	done
	lookup after_shrink
	lookup after_shrink_again
	b=$(lookup_ms before_shrink)
	echo "bench: files.lookup.after_shrink_over_before $(ratio $(lookup_ms after_shrink) $b)"
	echo "bench: files.lookup.after_shrink_again_over_before $(ratio $(lookup_ms after_shrink_again) $b)"
	umount /mnt/files
	umount /mnt/img
fi

# read_probe NAME FILE: read FILE 5 times on CPU 0 under the timer probe
read_probe() {
	local p=/sys/module/slab_bench/parameters/late_max_ns min max bytes
	echo 0 >$p
	read -r min max bytes <<EOT
$(/guest/bin/readtime $2 5)
EOT
	echo "bench: partial.$1.read_us $min"
	echo "bench: partial.$1.irq_delay_max_us $(($(cat $p) / 1000))"
}

if part partial; then
	read -r min max bytes <<EOT
$(/guest/bin/readtime /proc/slabinfo 5)
EOT
	echo "bench: partial.slabinfo_before.read_us $min"
	slab_bench run=partial
	c=/sys/kernel/slab/slab_bench_partial
	echo "bench: partial.order $(cat $c/order)"
	echo "bench: partial.objs_per_slab $(cat $c/objs_per_slab)"
	echo "bench: partial.partial_slabs $(cut -d' ' -f1 $c/partial)"
	read_probe idle_order $c/order
	read_probe slabinfo /proc/slabinfo
	read_probe objects $c/objects
	read_probe objects_partial $c/objects_partial
	echo "bench: partial.slabinfo.active_objs $(awk '$1 == "slab_bench_partial" { print $2 }' /proc/slabinfo)"
	echo "bench: partial.sysfs.objects $(cut -d' ' -f1 $c/objects)"
	slab_bench_rmmod
fi

part frag || exit 0

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
# All free memory but 64 MiB: asking for all of it can leave the guest
# without a page for the shell, and the OOM killer then panics it.
want=$(((free_kb - 65536) / 2048))
echo $want >/proc/sys/vm/nr_hugepages
echo "bench: hugepages.order9.requested $want"
got=$(cat /proc/sys/vm/nr_hugepages)
echo "bench: hugepages.order9.obtained $got"
echo "bench: hugepages.order9.obtained_over_requested $(ratio $got $want)"
echo 0 >/proc/sys/vm/nr_hugepages

slab_bench run=frag
report_cache frag.before_shrink slab_bench_frag test_cache
echo 1 >/sys/kernel/slab/slab_bench_frag/shrink
report_cache frag.after_shrink slab_bench_frag test_cache
slab_bench_rmmod
