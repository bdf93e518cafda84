#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build the unpatched base and the patched kernel from the
# same non-debug fragment (configs/x86_64.config), boot each in the same
# QEMU setup with guest/bench.sh, and print their figures side by side
# with patched/base ratios. The table is also written as markdown to
# bench/results/.
#
# Each kernel boots three times. The fastpath part (slab_bench.ko timing
# slab alloc+free pairs and slow-path frees) runs in a short boot under
# QEMU's '-icount shift=0' (ICOUNT=1, see qemu.sh): a guest ns is then one
# instruction, and its rounds agree to 0.01 %, where wall-clock ones
# differ by 5-25 % under TCG.
# The files and frag parts run in real time: under icount the guest clock lags the
# host (less guest time passes), so RCU-freed objects such as dentries are
# still counted when the "before_shrink" figures are read. The partial part
# (a million partial slabs, 4 GiB of them) runs in real time in a third boot
# with 3 GiB per NUMA node.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

logs=$BUILD/logs
mkdir -p "$logs" "$TOP/bench/results"
ensure_base_tree

for side in base patched; do
	if [ $side = base ]; then src=$BASE_TREE; else src=$TREE; fi
	obj=$BUILD/obj-$side-bench
	say "$side: building the kernel"
	bash "$TOP/scripts/kernel.sh" "$src" "$obj" bench
	say "$side: running guest/bench.sh: fastpath, under icount"
	ICOUNT=1 CMDLINE="${CMDLINE:+$CMDLINE }harness.bench=fastpath" \
		bash "$TOP/scripts/qemu.sh" "$obj" bench "$logs/bench-$side-fastpath.log" ||
		die "the $side guest failed; see build/logs/bench-$side-fastpath.log"
	say "$side: running guest/bench.sh: files, frag"
	CMDLINE="${CMDLINE:+$CMDLINE }harness.bench=files,frag" \
		bash "$TOP/scripts/qemu.sh" "$obj" bench "$logs/bench-$side.log" ||
		die "the $side guest failed; see build/logs/bench-$side.log"
	say "$side: running guest/bench.sh: partial, 3 GiB per node"
	NODE_GIB=3 CMDLINE="${CMDLINE:+$CMDLINE }harness.bench=partial" \
		bash "$TOP/scripts/qemu.sh" "$obj" bench "$logs/bench-$side-partial.log" ||
		die "the $side guest failed; see build/logs/bench-$side-partial.log"
done

# Join the two kernels' 'bench: KEY VALUE' lists (all boots of each) on KEY.
figures() {	# figures SIDE
	cat "$logs/bench-$1-fastpath.out" "$logs/bench-$1.out" \
		"$logs/bench-$1-partial.out" |
		sed -n 's/^bench: //p' | sort
}
table=$(join -a 1 -a 2 -e - -o 0,1.2,2.2 <(figures base) <(figures patched) |
	awk '{ r = ($2 > 0 && $3 != "-") ? sprintf("%.3f", $3 / $2) : "-";
	       printf "| %s | %s | %s | %s |\n", $1, $2, $3, r }')

md=$TOP/bench/results/$(date -u +%Y-%m-%d-%H%M).md
{
	echo "# make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Base: $BASE_PKG $BASE_VERSION. Patched: base + $(git -C "$TREE" rev-list --count base..HEAD) patches"
	echo "($(git -C "$TREE" log -1 --format=%s))."
	echo "Kernels: configs/x86_64.config (no debug options); QEMU/TCG, ${VCPUS:-4} vCPUs, 2 NUMA nodes."
	echo "fastpath.*: booted with -icount shift=0, so ns are guest instructions."
	echo
	echo "| figure | base | patched | patched/base |"
	echo "|---|---:|---:|---:|"
	echo "$table"
} >"$md"
column -t -s '|' <<<"$(sed -n '/^| figure/,$p' "$md" | grep -v '^|---')"
say "written to ${md#"$TOP"/}"
