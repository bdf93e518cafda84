#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build the unpatched base and the patched kernel from the
# same non-debug fragments (FRAGMENTS_bench: configs/x86_64.config and
# configs/bench.config, which adds loopback networking), boot each in the
# same QEMU setup with guest/bench.sh, and print their figures side by
# side with patched/base ratios. The table is also written as markdown to
# bench/results/DATE.md, with the figures scripts/plot.sh draws from the
# same lines next to it (DATE-*.png).
#
# Each kernel boots eight times; the boots alternate between the kernels
# (base, patched, base, ...) so that a change in host load between the
# first and the last boot does not fall on one kernel only.
#  - fastpath (slab_bench.ko timing slab alloc+free pairs and slow-path
#    frees) under QEMU's '-icount shift=0' (ICOUNT=1, see qemu.sh): a guest
#    ns is then one instruction, and its rounds agree to 0.01 %, where
#    wall-clock ones differ by 5-25 % under TCG.
#  - files, inodes and frag in real time: under icount the guest clock lags the
#    host (less guest time passes), so RCU-freed objects such as dentries
#    are still counted when the "before_shrink" figures are read.
#  - partial (partial lists of 10k, 100k and a million slabs, 4 GiB of
#    them) in real time with 3 GiB per NUMA node.
#  - macro (hackbench, loopback TCP stream and request/response, stress-ng
#    dentry) twice: under icount (instructions per operation) and in real
#    time (the median of 5 runs and their spread).
#  - hugepages, contig and offline (compaction and huge pages,
#    alloc_contig_range(), offlining: each after the same fragmenting
#    workload, with no shrink) in real time.
#
# BENCH_BOOTS (default: all of them) names the boots to run, by their log
# names, e.g. BENCH_BOOTS="fastpath offline": the kernels are built all the
# same, and the figures of the other boots are missing ("-") in the table.
#
# Environment: BENCH_OBJ_PREFIX (default build/obj-) names the kernels'
# output directories, PREFIX{base,patched}-bench; BENCH_LOGS (default
# build/logs) the directory of the guests' logs. Relative paths are taken
# from the top of the repository. CMDLINE, VCPUS and TIMEOUT go to qemu.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

abspath() {	# abspath PATH: PATH, relative to the repository if not absolute
	case $1 in
	/*) echo "$1" ;;
	*) echo "$TOP/$1" ;;
	esac
}
prefix=$(abspath "${BENCH_OBJ_PREFIX:-build/obj-}")
logs=$(abspath "${BENCH_LOGS:-build/logs}")
mkdir -p "$logs" "$TOP/bench/results"
need gnuplot	# for scripts/plot.sh at the end: fail before the boots
boots="fastpath files partial macro-icount macro hugepages contig offline"
for b in ${BENCH_BOOTS:-}; do
	case " $boots " in
	*" $b "*) ;;
	*) die "BENCH_BOOTS: no boot '$b'; the boots are: $boots" ;;
	esac
done
[ -z "${BENCH_BOOTS+set}" ] || [ -n "$(echo $BENCH_BOOTS)" ] ||
	die "BENCH_BOOTS is empty; name some of: $boots"
ensure_base_tree
t_start=$(now)

for side in base patched; do
	if [ $side = base ]; then src=$BASE_TREE; else src=$TREE; fi
	say "$side: building the kernel into ${prefix#"$TOP"/}$side-bench"
	bash "$TOP/scripts/kernel.sh" "$src" "$prefix$side-bench" bench
done
t_built=$(now)

timings=()
outs_base=() outs_patched=()
# wanted -NAME: whether BENCH_BOOTS names the boot NAME (or is unset)
wanted() {
	[ -n "${BENCH_BOOTS:-}" ] || return 0
	case " $(echo $BENCH_BOOTS) " in
	*" ${1#-} "*) return 0 ;;
	esac
	return 1
}
# boot SIDE LOGNAME PARTS [VAR=VALUE...]: one guest of SIDE's kernel that
# runs the guest/bench.sh parts PARTS, with the qemu.sh settings VAR=VALUE;
# ICOUNT=1 also puts harness.icount=1 on the command line for guest/bench.sh.
boot() {
	local side=$1 log=$logs/bench-$side$2.log parts=$3 icount= t0 load
	shift 3
	case " $* " in *" ICOUNT=1 "*) icount=" harness.icount=1" ;; esac
	say "$side: guest/bench.sh $parts${*:+ ($*)}"
	load=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(now)
	env "$@" CMDLINE="${CMDLINE:+$CMDLINE }harness.bench=$parts$icount" \
		bash "$TOP/scripts/qemu.sh" "$prefix$side-bench" bench "$log" ||
		die "the $side guest failed; see ${log#"$TOP"/}"
	timings+=("| $side | $parts${*:+ ($*)} | $(($(now) - t0)) s | $load |")
	if [ $side = base ]; then
		outs_base+=("${log%.log}.out")
	else
		outs_patched+=("${log%.log}.out")
	fi
}
for b in "-fastpath fastpath ICOUNT=1" "- files,inodes,frag" "-partial partial NODE_GIB=3" \
		"-macro-icount macro ICOUNT=1" "-macro macro" "-hugepages hugepages" \
		"-contig contig" "-offline offline"; do
	read -r name parts env <<<"$b"
	[ "$name" = - ] && name=
	wanted "${name:--files}" || continue
	for side in base patched; do
		boot $side "$name" $parts $env
	done
done

# Join the two kernels' 'bench: KEY VALUE' lists (all boots of each) on KEY.
figures() {	# figures OUT...: the 'bench:' lines of the boots' outputs
	cat "$@" | sed -n 's/^bench: //p' | sort
}
figures "${outs_base[@]}" >"$logs/bench-base.figures"
figures "${outs_patched[@]}" >"$logs/bench-patched.figures"
joined=$(join -a 1 -a 2 -e - -o 0,1.2,2.2 "$logs/bench-base.figures" "$logs/bench-patched.figures")
table=$(awk '{ r = ($2 > 0 && $3 != "-") ? sprintf("%.3f", $3 / $2) : "-";
	       printf "| %s | %s | %s | %s |\n", $1, $2, $3, r }' <<<"$joined")

# The macro benchmarks on their own: cost per operation of each kernel,
# patched/base, both spreads, whether the ratio is within 1 % of 1, and
# whether the difference is larger than the larger spread.
macro_table=$(awk '
	{ base[$1] = $2; patched[$1] = $3 }
	$1 ~ /^macro\..*_per_/ { keys[++n] = $1 }
	END {
		for (i = 1; i <= n; i++) {
			k = keys[i]; split(k, f, ".")
			clock = f[3]; sub(/_.*/, "", clock)
			unit = f[3]; sub(/^[a-z]*_/, "", unit); gsub(/_/, " ", unit)
			b = base[k]; p = patched[k]
			sb = base["macro." f[2] "." clock "_spread_pct"]
			sp = patched["macro." f[2] "." clock "_spread_pct"]
			if (b == "-" || p == "-" || b == 0) {
				printf "| %s | %s | %s | %s | %s | - | %s | %s | - | - |\n", f[2], clock, unit, b, p, sb, sp
				continue
			}
			r = p / b; d = (r - 1) * 100; s = sb > sp ? sb : sp
			printf "| %s | %s | %s | %s | %s | %.3f | %s | %s | %s | %s |\n",
				f[2], clock, unit, b, p, r, sb, sp,
				(d <= 1 && d >= -1) ? "yes" : "no",
				(d > s || -d > s) ? sprintf("yes (%+.2f %% > %.2f %%)", d, s) : sprintf("no (%+.2f %% <= %.2f %%)", d, s)
		}
	}' <<<"$joined")

# The page-level figures (parts hugepages, contig, offline) and their
# targets: after compaction, patched has at least the base's free order-9
# blocks in the kernel zones plus one per 512 slab pages compaction freed,
# and every eligible block goes offline.
pages_table=$(awk '
	{ base[$1] = $2; patched[$1] = $3 }
	function has(k) { return (k in base) || (k in patched) }
	function row(name, k, target) {
		if (!has(k)) return
		printf "| %s | %s | %s | %s |\n", name, base[k], patched[k], target
	}
	END {
		k = "pages.compacted.free_order9"; f = "pages.compacted.slab_pages_freed"
		if (has(k) && has(f) && base[k] != "-" && patched[k] != "-" && patched[f] != "-") {
			e = patched[f] > 0 ? patched[f] : 0
			want = base[k] + int(e / 512)
			t = sprintf("at least %d (base + %d freed slab pages / 512): %s", want, e,
				    patched[k] >= want ? "met" : "not met")
		}
		row("free order-9 blocks of the kernel zones after compact_memory", k, t)
		row("slab pages emptied by compaction", "pages.compacted.slab_pages_emptied", "")
		row("slab pages freed by compaction (net of the moved objects)", f, "")
		row("huge pages requested then (MemFree, all zones)", "pages.hugepages.requested", "")
		row("huge pages obtained", "pages.hugepages.obtained", "")
		row("pageblocks alloc_contig_range() took", "pages.contig.pageblocks_taken", "")
		row("pageblocks tried", "pages.contig.pageblocks_tried", "")
		for (n = 0; n < 64; n++) {
			k = "pages.offline.node" n
			if (!has(k ".blocks")) continue
			row("node " n ": kernel blocks", k ".blocks", "")
			row("node " n ": blocks offlined", k ".offlined", "")
			row("node " n ": eligible blocks (only free, LRU, movable slab pages)", k ".eligible", "")
			el = patched[k ".eligible"]; eo = patched[k ".eligible_offlined"]
			t = ""
			if (el != "" && el != "-")
				t = el == 0 ? "n/a: none eligible" : sprintf("all %s: %s", el, el == eo ? "met" : "not met")
			row("node " n ": eligible blocks offlined", k ".eligible_offlined", t)
		}
		row("fragmenting fallbacks (mm_page_alloc_extfrag, below pageblock order) in the workload, hugepages boot", "pages.hugepages.workload.extfrag_events", "")
		row("the same, contig boot", "pages.contig.workload.extfrag_events", "")
		row("the same, offline boot", "pages.offline.workload.extfrag_events", "")
		row("pageblocks Unmovable after the workload", "pages.hugepages.workload.pageblocks.unmovable", "")
		row("pageblocks Reclaimable", "pages.hugepages.workload.pageblocks.reclaimable", "")
		row("pageblocks Movable", "pages.hugepages.workload.pageblocks.movable", "")
		row("test cache objects moved (300,000 kept), hugepages boot", "pages.end.hugepages.test_cache.moved", "")
		row("the same, contig boot", "pages.end.contig.test_cache.moved", "")
		row("the same, offline boot", "pages.end.offline.test_cache.moved", "")
		row("fastpath boot, with a shrink: instructions to empty one slab page (icount)", "evacuate.ns_per_page_emptied", "")
	}' <<<"$joined")

stamp=$(date -u +%Y-%m-%d-%H%M)
md=$TOP/bench/results/$stamp.md
pictures=$(bash "$TOP/scripts/plot.sh" "$logs/bench-base.figures" "$logs/bench-patched.figures" \
	"$TOP/bench/results/$stamp")
{
	echo "# make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Base: $BASE_PKG $BASE_VERSION. Patched: base + $(git -C "$TREE" rev-list --count base..HEAD) patches"
	echo "($(git -C "$TREE" log -1 --format=%s))."
	echo "Kernels: $FRAGMENTS_bench (no debug options); QEMU/TCG, ${VCPUS:-4} vCPUs, 2 NUMA nodes."
	echo "fastpath.* and macro.*.icount_*: booted with -icount shift=0, so ns are guest instructions."
	echo
	if [ -n "$macro_table" ]; then
		echo "## Macro benchmarks"
		echo
		echo "Cost per operation (lower is better), the median of 5 runs, under icount"
		echo "(guest instructions of all vCPUs, which take turns on one host thread) and in"
		echo "real time (ns); spread = (max - min) / median of the 5 runs. Target: patched"
		echo "within 1 % of base. \"resolved\": the difference exceeds the larger spread."
		echo
		echo "| benchmark | clock | unit | base | patched | patched/base | spread base % | spread patched % | within 1 % | resolved |"
		echo "|---|---|---|---:|---:|---:|---:|---:|---|---|"
		echo "$macro_table"
		echo
	fi
	if [ -n "$pages_table" ]; then
		echo "## Page-level paths"
		echo
		echo "After the same fragmenting workload in each boot (parts hugepages, contig and"
		echo "offline of guest/bench.sh), with no write to any shrink file; the last row"
		echo "comes from the fastpath boot's shrink."
		echo
		echo "| figure | base | patched | target |"
		echo "|---|---:|---:|---|"
		echo "$pages_table"
		echo
	fi
	echo "## Figures"
	echo
	for p in $pictures; do
		echo "![${p##*/}](${p##*/})"
	done
	echo
	echo "## All figures"
	echo
	echo "| figure | base | patched | patched/base |"
	echo "|---|---:|---:|---:|"
	echo "$table"
	echo
	echo "## Guests"
	echo
	echo "Kernels built in $((t_built - t_start)) s; make bench took $(($(now) - t_start)) s."
	echo
	echo "| kernel | parts | guest time | host load (1 min) at boot |"
	echo "|---|---|---:|---:|"
	printf '%s\n' "${timings[@]}"
} >"$md"
column -t -s '|' <<<"$(sed -n '/^| figure | base | patched | patched/,$p' "$md" | sed '/^$/,$d' | grep -v '^|---')"
echo
[ -z "$macro_table" ] ||
	column -t -s '|' <<<"$(sed -n '/^| benchmark/,/^$/p' "$md" | grep -v '^|---')"
echo
[ -z "$pages_table" ] ||
	column -t -s '|' <<<"$(sed -n '/^| figure | base | patched | target/,/^$/p' "$md" | grep -v '^|---')"
say "written to ${md#"$TOP"/}, figures: $(echo $pictures | sed "s|$TOP/||g")"
say "make bench took $(($(now) - t_start)) s (kernels $((t_built - t_start)) s)"
