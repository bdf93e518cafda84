# SPDX-License-Identifier: GPL-2.0
# Guest benchmarks (harness.mode=bench). Prints 'bench: KEY VALUE' lines;
# the host puts the base and patched values side by side. The parts run
# are those harness.bench=PART[,PART] on the kernel command line names
# (fastpath, files, inodes, frag, partial, macro, hugepages, contig,
# offline); without it, fastpath, files, inodes and frag: partial needs more memory than
# 'make run' gives the guest, macro the bench kernel's networking and
# programs. harness.icount=1 tells the macro part that the guest runs
# under '-icount shift=0'.
# scripts/bench.sh boots each kernel eight times: fastpath under icount,
# files, inodes and frag in real time, partial in real time with 3 GiB
# per node, macro under icount, macro in real time, and hugepages, contig
# and offline in real time.
#
# fastpath: slab_bench.ko run=fastpath times rounds of 1,000,000
# alloc+free pairs on a plain cache, a movable cache and kmalloc-128, in
# ns per pair. Under ICOUNT=1 (scripts/qemu.sh) a guest ns is one
# instruction, so these figures are path lengths. In the same boot,
# slab_bench.ko run=slowpath times frees that take the slow path, in
# three groups: to full slabs, to slabs on the partial lists, and the last
# object of a slab (ns per free). Last, slab_bench.ko run=frag fragments
# its test cache (1 in 10 of 200,000 objects kept) and times one
# kmem_cache_shrink() of it (the frag_shrink file): evacuate.shrink_ns, and
# per slab page it emptied, evacuate.ns_per_page_emptied, which under
# icount is the instructions it takes to empty one slab page.
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
# inodes: a tree of 60,000 small files (60 directories) in ext4 on a loop
# device, a random 90 % deleted with plain unlink(), which leaves the
# dentries negative in dentry slabs as dense as before, and the surviving
# inodes in ext4_inode_cache slabs at about a tenth of their objects.
# After a sync and a timed walk, dentry and then ext4_inode_cache are
# shrunk once each (after_shrink: the kept files' clean page cache keeps
# their inodes, as it does from the inode shrinker), once after
# drop_caches=1 has dropped the page cache (after_drop_caches_shrink),
# once more (after_second_shrink), and once after a sync that writes back
# the directories the walk dirtied (after_sync_shrink). Reported: their
# slab pages against the minimum ceil(objects / objs_per_slab) and the
# objects, and the times of a find and stat of every surviving name
# before the shrinks and twice after them (the first walk reads the
# evicted inodes back). Last, for reference, the inode cache after
# drop_caches=2, which drops every unused dentry and inode, on either
# kernel.
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
# hugepages, contig, offline: the page-level paths, with no write to any
# shrink file, each from the same fragmented state (one boot each). The
# workload: the frag part's tmpfs files (200k, 90 % deleted), created on
# CPU 0 (node 0), then slab_bench.ko run=frag objects=3000000, 732 MiB of
# the test cache of which 1 in 10 objects stays, loaded on the last CPU
# (node 1). Meanwhile kmem:mm_page_alloc_extfrag counts the allocator's
# fragmenting fallbacks, those of less than a pageblock
# (pages.PART.workload.extfrag_events); then /proc/pagetypeinfo gives the
# pageblocks per type (zones DMA32 and Normal). hugepages: the free
# order-9 blocks of the kernel zones after compact_memory (ZONE_MOVABLE,
# free all along, is left out), the slab pages compaction emptied, the
# ones it freed net of the slab pages the moved objects took
# (nr_slab_movable before less after), and the huge pages nr_hugepages
# then obtains in all zones. contig: the pageblocks of the kernel memory
# blocks that alloc_contig_range() takes (slab_bench.ko's contig file).
# offline: per node, the kernel memory blocks that go offline (each is
# onlined again at once; an offline that takes over 60 s is stopped)
# against the eligible ones, which guest/bin/blockscan finds to hold only
# free, LRU and movable slab pages just before the block is tried.
#
# partial: /proc/slabinfo is read before anything else. Then, three times,
# slab_bench.ko run=partial slabs=N leaves about N partial slabs in its
# cache slab_bench_partial (half on each node) and starts its timer probe
# on CPU 0: N = 10,000 (figures partial.n10000.*), 100,000
# (partial.n100000.*) and 1,048,576 (partial.*, without a length). guest/bin/readtime reads, on CPU 0, /proc/slabinfo and the
# cache's sysfs files objects and objects_partial, 5 times each: reported
# are the fastest read in us, and the timer probe's longest delay in us
# during the 5 reads (a bound on the longest section with interrupts off).
# The same for the cache's file order, which reads no counters: the probe's
# noise floor. Last, the cache's active objects as /proc/slabinfo gives
# them, against the objects the module keeps.
#
# macro: slab-heavy macro benchmarks, each run once untimed and then 5
# times; reported as macro.NAME.CLOCK_UNIT, the median cost per operation,
# and macro.NAME.CLOCK_spread_pct, (max - min) / median of the 5 runs.
# CLOCK is icount (harness.icount=1; UNIT insns_per_*: guest instructions
# of all vCPUs, which under icount take turns on one host thread, plus the
# guest time of moments when every vCPU idles) or rt (real time, ns_per_*).
#   hackbench_process, hackbench_thread: Debian's rt-tests hackbench,
#     10 groups of 20 senders and 20 receivers on AF_UNIX socket pairs,
#     100 loops (each sender sends each receiver 100 messages of 100
#     bytes): 400,000 messages; per message (its 'Time').
#   tcp_stream: iperf3 -n 1G over 127.0.0.1 (128 KiB writes); per KiB
#     the server received, in the time it received it.
#   tcp_rr: guest/bin/tcp_rr, 20,000 1-byte request/response transactions
#     over a TCP connection on 127.0.0.1; per transaction.
#   dentry: stress-ng --dentry 4 --dentry-ops 25000 in tmpfs; per bogo-op
#     (one file created and removed), in stress-ng's wall-clock time.
# What icount can measure: all five run under icount (multi-process ones
# serialized), but only the ones with two tasks repeat well enough to
# resolve 1 %: tcp_rr (runs within about 0.05 %) and tcp_stream (0.3 %).
# hackbench (400 tasks; 1-2 %) and dentry (4 instances; about 5 %) vary
# by how the serialized vCPUs interleave the tasks and spin on contended
# locks, which icount counts as instructions: read them as a bound, not a
# 1 % figure. In real time, TCG's 4 vCPUs on the host's cores vary by tens
# of %, most of all tcp_rr, whose transactions wait for a cross-vCPU
# wake-up: the real-time figures show gross regressions only.
. /guest/memblocks.sh

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
	case ",${parts:-fastpath,files,inodes,frag}," in
	*,$1,*) return 0 ;;
	esac
	return 1
}

if part fastpath; then
	slab_bench run=fastpath
	slab_bench_rmmod
	slab_bench run=slowpath
	slab_bench_rmmod
	slab_bench run=frag >/dev/null
	read -r before min <<EOT
$(slab_pages slab_bench_frag)
EOT
	echo 1 >/sys/module/slab_bench/parameters/frag_shrink
	ns=$(cat /sys/module/slab_bench/parameters/frag_shrink)
	read -r after min <<EOT
$(slab_pages slab_bench_frag)
EOT
	echo "bench: evacuate.shrink_ns $ns"
	echo "bench: evacuate.slab_pages_emptied $((before - after))"
	if [ -n "$before" ] && [ -n "$after" ] && [ "$before" -gt "$after" ]; then
		echo "bench: evacuate.ns_per_page_emptied $((ns / (before - after)))"
	fi
	slab_bench_rmmod >/dev/null
fi

lookup() {	# lookup NAME [DIR [PART]]: find and stat every name under DIR
	/guest/bin/lookup $1 ${2:-/mnt/files} | sed "s/^bench: files\./bench: ${3:-files}./" |
		tee /tmp/lookup.$1
}

lookup_ms() {	# lookup_ms NAME: the time the walk NAME took
	sed -n "s/^bench: [a-z]*\.lookup_ms\.$1 //p" /tmp/lookup.$1
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

inode_shrink() {	# inode_shrink PHASE: shrink dentry, then the inodes, once
	echo 1 >/sys/kernel/slab/dentry/shrink
	echo 1 >/sys/kernel/slab/ext4_inode_cache/shrink
	# The evicted objects are freed after a grace period
	sleep 1
	for c in ext4_inode_cache dentry; do
		report_cache inodes.$1 $c
		echo "bench: inodes.$1.$c.objects $(cut -d' ' -f1 /sys/kernel/slab/$c/objects)"
	done
}

if part inodes; then
	mkdir -p /mnt/img /mnt/tree
	mount -t tmpfs -o size=700m tmpfs /mnt/img
	truncate -s 400M /mnt/img/ext4.img
	mkfs.ext4 -q -F -b 4096 -i 4096 /mnt/img/ext4.img
	mount -o loop -t ext4 /mnt/img/ext4.img /mnt/tree ||
		echo "bench.sh: mounting ext4 on a loop device failed" >&2
	/guest/bin/fragment /mnt/tree 60000 10 42 |
		sed 's/bench: files\./bench: inodes./'
	# Written back, so that no inode is held dirty by the shrink
	sync
	lookup before_shrink /mnt/tree inodes
	for c in ext4_inode_cache dentry; do
		echo "bench: inodes.$c.objs_per_slab $(cat /sys/kernel/slab/$c/objs_per_slab)"
		report_cache inodes.before_shrink $c
	done
	inode_shrink after_shrink
	# Clean page cache keeps an unused inode (mapping_shrinkable()), as
	# it does from the inode shrinker: drop it, then shrink once more.
	echo 1 >/proc/sys/vm/drop_caches
	inode_shrink after_drop_caches_shrink
	inode_shrink after_second_shrink
	# The walk dirtied the directories (relatime): written back, as the
	# flusher writes them within dirty_expire_centisecs, then shrunk
	sync
	inode_shrink after_sync_shrink
	lookup after_shrink /mnt/tree inodes
	lookup after_shrink_again /mnt/tree inodes
	b=$(lookup_ms before_shrink)
	echo "bench: inodes.lookup.after_shrink_over_before $(ratio $(lookup_ms after_shrink) $b)"
	echo "bench: inodes.lookup.after_shrink_again_over_before $(ratio $(lookup_ms after_shrink_again) $b)"
	# For reference: what dropping every unused dentry and inode leaves
	echo 2 >/proc/sys/vm/drop_caches
	sleep 1
	report_cache inodes.after_drop_caches_2 ext4_inode_cache
	umount /mnt/tree
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

# partial_run PREFIX SLABS: the partial figures for SLABS partial slabs,
# as bench lines partial.PREFIX* (the module's own lines renamed too)
partial_run() {
	local c=/sys/kernel/slab/slab_bench_partial pre=partial.$1
	slab_bench run=partial slabs=$2 | sed "s/^bench: partial\./bench: $pre/"
	echo "bench: ${pre}order $(cat $c/order)"
	echo "bench: ${pre}objs_per_slab $(cat $c/objs_per_slab)"
	echo "bench: ${pre}partial_slabs $(cut -d' ' -f1 $c/partial)"
	read_probe ${1}idle_order $c/order
	read_probe ${1}slabinfo /proc/slabinfo
	read_probe ${1}objects $c/objects
	read_probe ${1}objects_partial $c/objects_partial
	echo "bench: ${pre}slabinfo.active_objs $(awk '$1 == "slab_bench_partial" { print $2 }' /proc/slabinfo)"
	echo "bench: ${pre}sysfs.objects $(cut -d' ' -f1 $c/objects)"
	slab_bench_rmmod | sed "s/^bench: partial\./bench: $pre/"
}

if part partial; then
	read -r min max bytes <<EOT
$(/guest/bin/readtime /proc/slabinfo 5)
EOT
	echo "bench: partial.slabinfo_before.read_us $min"
	# Shorter partial lists first (partial.n10000.*, partial.n100000.*),
	# then the million of the figures without a length (partial.*).
	partial_run n10000. 10000
	partial_run n100000. 100000
	partial_run "" 1048576
fi

# --- Macro benchmarks (part macro) ---------------------------------------
# Each prints, per run, one cost: guest ns per operation. Under icount
# (harness.icount=1, which scripts/bench.sh adds to the command line of
# its ICOUNT=1 boots) a guest ns is one guest instruction, summed over the
# vCPUs, which then take turns on one host thread; real time otherwise.
HB_GROUPS=10 HB_LOOPS=100	# hackbench: 10 x 40 tasks, 10 x 20 x 20 x 100 messages
STREAM_BYTES=1G			# iperf3 -n
RR_TRANS=20000			# tcp_rr transactions
DENTRY_INSTANCES=4 DENTRY_OPS=25000	# stress-ng --dentry N --dentry-ops M

hackbench_run() {	# hackbench_run [-T]: guest ns per message
	hackbench "$@" -g $HB_GROUPS -l $HB_LOOPS >/tmp/hackbench.out 2>&1
	awk -v msgs=$((HB_GROUPS * 20 * 20 * HB_LOOPS)) \
		'/^Time:/ { printf "%.3f\n", $2 * 1e9 / msgs; ok = 1 }
		 END { exit !ok }' /tmp/hackbench.out ||
		{ echo "bench.sh: hackbench $*: no Time line" >&2; cat /tmp/hackbench.out >&2; }
}

stream_run() {	# stream_run: guest ns per KiB the iperf3 server received
	local try
	for try in 1 2 3 4 5; do
		iperf3 -4 -c 127.0.0.1 -p 5201 -n $STREAM_BYTES -l 128K -J >/tmp/iperf3.json 2>&1
		# A server still closing the last test turns the next one away
		grep -q '"error":.*server is busy' /tmp/iperf3.json || break
		sleep 1
	done
	# end.sum_received: the bytes the server got and the seconds it took
	awk '/"sum_received"/ { r = 1 }
	     r && /"seconds"/ { gsub(/[^0-9.]/, "", $2); sec = $2 }
	     r && /"bytes"/ { gsub(/[^0-9.]/, "", $2); bytes = $2; r = 0 }
	     END { if (!bytes) exit 1; printf "%.3f\n", sec * 1e9 / (bytes / 1024) }' \
		/tmp/iperf3.json ||
		{ echo "bench.sh: iperf3: no end.sum_received" >&2; tail -n 20 /tmp/iperf3.json >&2; }
}

rr_run() {	# rr_run: guest ns per 1-byte request/response transaction
	/guest/bin/tcp_rr $RR_TRANS | awk '{ printf "%.3f\n", $2 / $1 }'
}

dentry_run() {	# dentry_run: guest ns per stress-ng dentry bogo-op (one file)
	rm -rf /tmp/sng && mkdir -p /tmp/sng
	stress-ng --dentry $DENTRY_INSTANCES --dentry-ops $DENTRY_OPS \
		--temp-path /tmp/sng --metrics-brief --yaml /tmp/sng.yaml >/tmp/sng.out 2>&1
	awk '/bogo-ops:/ { ops = $2 } /wall-clock-time:/ { sec = $2 }
	     END { if (!ops) exit 1; printf "%.3f\n", sec * 1e9 / ops }' /tmp/sng.yaml ||
		{ echo "bench.sh: stress-ng --dentry: no metrics" >&2; tail -n 20 /tmp/sng.out >&2; }
}

# macro NAME UNIT RUN...: one untimed run of the command RUN, then $runs
# timed ones. Prints each value, then 'bench: macro.NAME.CLOCK_UNIT MEDIAN'
# and 'bench: macro.NAME.CLOCK_spread_pct (MAX - MIN) / MEDIAN in %'.
# A failed run (no value) leaves the benchmark without bench lines.
macro() {
	local name=$1 unit=$2 i v vals=
	shift 2
	"$@" >/dev/null
	for i in $(seq $runs); do
		v=$("$@")
		echo "macro: $name run $i: ${v:-failed} $unit"
		[ -n "$v" ] || return 0
		vals="$vals $v"
	done
	echo $vals | tr ' ' '\n' | sort -n | awk -v k=macro.$name.$clock \
		-v unit=$([ $clock = icount ] && echo insns || echo ns)_$unit '
		{ v[NR] = $1 }
		END {
			if (NR == 0 || v[1] == "") exit
			med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "bench: %s_%s %.3f\n", k, unit, med
			printf "bench: %s_spread_pct %.3f\n", k, med ? (v[NR] - v[1]) * 100 / med : 0
		}'
}

if part macro; then
	clock=rt runs=5
	if grep -q 'harness\.icount=1' /proc/cmdline; then
		clock=icount
	fi
	ip link set lo up
	for t in hackbench iperf3 stress-ng; do
		command -v $t >/dev/null ||
			echo "bench.sh: $t is not in the initramfs: build it with scripts/kernel.sh ... bench" >&2
	done
	iperf3 -4 -s -B 127.0.0.1 -p 5201 >/dev/null 2>&1 &
	iperf3_pid=$!
	macro hackbench_process per_msg hackbench_run
	macro hackbench_thread per_msg hackbench_run -T
	macro tcp_stream per_kib stream_run
	macro tcp_rr per_trans rr_run
	macro dentry per_op dentry_run
	kill $iperf3_pid
fi

# --- Page-level paths (parts hugepages, contig, offline) -----------------
# No shrink file is written in these parts.

# vmstat_get NAME: the /proc/vmstat item NAME, or - where the kernel has none
vmstat_get() {
	awk -v k=$1 '$1 == k { v = $2 } END { print v == "" ? "-" : v }' /proc/vmstat
}

# free_order9: the free blocks of order 9 and more of the kernel zones
# (DMA32 and Normal: ZONE_MOVABLE holds no slab page), in order-9 units
free_order9() {
	awk '$4 == "DMA32" || $4 == "Normal" {
		m = 1; for (o = 9; o + 5 <= NF; o++) { n += $(o + 5) * m; m *= 2 } }
	     END { print n + 0 }' /proc/buddyinfo
}

# extfrag_count: the kmem:mm_page_alloc_extfrag events since tracing was on
extfrag_count() {
	cat /sys/kernel/tracing/per_cpu/cpu*/stats |
		awk '/^entries:/ || /^overrun:/ { n += $2 } END { print n + 0 }'
}

# pages_workload PART: the workload of the page-level parts; a part that
# follows another in the same boot has it again on top of what is left
PAGES_OBJECTS=3000000	# slab_bench.ko run=frag objects: 732 MiB of 256-byte objects
pages_workload() {	# pages_workload PART
	local t=/sys/kernel/tracing c pre=pages.$1.workload
	mount -t tracefs nodev $t 2>/dev/null
	echo 64 >$t/buffer_size_kb
	echo >$t/trace
	# Fragmenting: a fallback of less than a pageblock
	echo "fallback_order < 9" >$t/events/kmem/mm_page_alloc_extfrag/filter
	echo 1 >$t/events/kmem/mm_page_alloc_extfrag/enable
	mkdir -p /mnt/frag
	mount -t tmpfs -o size=1500m tmpfs /mnt/frag
	# The same layout on both kernels: the files from CPU 0 (node 0), the
	# test cache from the last CPU (node 1)
	taskset -c 0 /guest/bin/fragment /mnt/frag 200000 10 42 >/dev/null
	taskset -c $(($(nproc) - 1)) insmod /guest/modules/slab_bench.ko \
		run=frag objects=$PAGES_OBJECTS ||
		echo "bench.sh: insmod slab_bench.ko run=frag failed: the pages figures are not the test's" >&2
	echo 0 >$t/events/kmem/mm_page_alloc_extfrag/enable
	echo "bench: $pre.extfrag_events $(extfrag_count)"
	for c in radix_tree_node dentry slab_bench_frag; do
		report_cache $pre $c
	done
	echo "bench: $pre.slab_movable_kb $(awk '$1 == "SlabMovable:" { v = $2 } END { print v == "" ? "-" : v }' /proc/meminfo)"
	# Pageblocks per migratetype, zones DMA32 and Normal of every node
	awk -v pre=$pre '/^Number of blocks type/ { for (i = 5; i <= NF; i++) name[i] = tolower($i); on = 1; next }
	     /^Number of/ { on = 0 }
	     on && $1 == "Node" && ($4 == "DMA32" || $4 == "Normal") {
		     for (i = 5; i <= NF; i++) n[name[i]] += $i }
	     END { for (k in n) printf "bench: %s.pageblocks.%s %d\n", pre, k, n[k] }' \
		/proc/pagetypeinfo | sort
}

# pages_end PART: the caches after PART, and the check of the test cache
pages_end() {
	local c
	for c in radix_tree_node dentry slab_bench_frag; do
		report_cache pages.end.$1 $c
	done
	# Checks every kept object of the test cache; a bad one is a WARN
	slab_bench_rmmod | sed "s/^bench: frag\.test_cache\./bench: pages.end.$1.test_cache./"
	umount /mnt/frag
}

block_pages=$(($(printf '%d' 0x$(cat /sys/devices/system/memory/block_size_bytes)) / 4096))

if part hugepages; then
	pages_workload hugepages
	# stat_refresh folds the per-CPU differences of nr_slab_movable in
	echo 1 >/proc/sys/vm/stat_refresh
	emptied=$(vmstat_get slab_pages_emptied_compaction)
	movable=$(vmstat_get nr_slab_movable)
	echo 1 >/proc/sys/vm/compact_memory
	echo "bench: pages.compacted.free_order9 $(free_order9)"
	if [ "$emptied" != - ]; then
		emptied=$(($(vmstat_get slab_pages_emptied_compaction) - emptied))
		# Net: the pages the replacement objects took are counted off
		echo 1 >/proc/sys/vm/stat_refresh
		movable=$((movable - $(vmstat_get nr_slab_movable)))
	fi
	echo "bench: pages.compacted.slab_pages_emptied $emptied"
	echo "bench: pages.compacted.slab_pages_freed $movable"
	free_kb=$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	want=$(((free_kb - 65536) / 2048))
	[ $want -gt 0 ] || want=0
	echo $want >/proc/sys/vm/nr_hugepages
	echo "bench: pages.hugepages.requested $want"
	echo "bench: pages.hugepages.obtained $(cat /proc/sys/vm/nr_hugepages)"
	echo 0 >/proc/sys/vm/nr_hugepages
	pages_end hugepages
fi

if part contig; then
	# alloc_contig_range() over every block of kernel memory, by pageblock
	pages_workload contig
	tried=0 taken=0
	for pfn in $(kernel_blocks | awk '{ print $3 }'); do
		echo "$pfn $block_pages" >/sys/module/slab_bench/parameters/contig
		read -r a b </sys/module/slab_bench/parameters/contig
		tried=$((tried + a)) taken=$((taken + b))
	done
	echo "bench: pages.contig.pageblocks_tried $tried"
	echo "bench: pages.contig.pageblocks_taken $taken"
	pages_end contig
fi

if part offline; then
	# Block by block; each block offlined is onlined again. A block is
	# eligible when it holds only free, LRU and movable slab pages, as
	# guest/bin/blockscan reads them just before.
	pages_workload offline
	kernel_blocks >/tmp/blocks
	for node in $(awk '{ print $2 }' /tmp/blocks | sort -u); do
		tried=0 offlined=0 eligible=0 eligible_offlined=0
		while read -r blk n pfn; do
			[ $n = $node ] || continue
			if ! scan=$(/guest/bin/blockscan $pfn $block_pages); then
				echo "bench.sh: blockscan of block $blk failed: not counted" >&2
				continue
			fi
			read -r free lru mslab slab other <<EOT
$scan
EOT
			ok=0
			state=/sys/devices/system/memory/memory$blk/state
			# offline_pages() retries a page that will not migrate until
			# a signal comes
			if timeout 60 sh -c "echo offline >$state" 2>/dev/null; then
				ok=1
				echo online_kernel >$state 2>/dev/null || echo online >$state ||
					echo "bench.sh: block $blk stays offline" >&2
			fi
			tried=$((tried + 1)) offlined=$((offlined + ok))
			if [ $((slab + other)) -eq 0 ]; then
				eligible=$((eligible + 1))
				eligible_offlined=$((eligible_offlined + ok))
			fi
			echo "pages: node $node block $blk: free $free lru $lru movable_slab $mslab slab $slab other $other: $([ $ok = 1 ] && echo offlined || echo busy)"
		done </tmp/blocks
		echo "bench: pages.offline.node$node.blocks $tried"
		echo "bench: pages.offline.node$node.offlined $offlined"
		echo "bench: pages.offline.node$node.eligible $eligible"
		echo "bench: pages.offline.node$node.eligible_offlined $eligible_offlined"
	done
	pages_end offline
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
