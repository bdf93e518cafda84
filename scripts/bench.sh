#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build the unpatched base and the patched kernel from the
# same non-debug fragment (configs/x86_64.config), boot each in the same
# QEMU setup with guest/bench.sh, and print their figures side by side
# with patched/base ratios. The table is also written as markdown to
# bench/results/.
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
	say "$side: running guest/bench.sh"
	bash "$TOP/scripts/qemu.sh" "$obj" bench "$logs/bench-$side.log" ||
		die "the $side guest failed; see build/logs/bench-$side.log"
done

# Join the two 'bench: KEY VALUE' lists on KEY.
table=$(join -a 1 -a 2 -e - -o 0,1.2,2.2 \
	<(sed -n 's/^bench: //p' "$logs/bench-base.out" | sort) \
	<(sed -n 's/^bench: //p' "$logs/bench-patched.out" | sort) |
	awk '{ r = ($2 > 0 && $3 != "-") ? sprintf("%.3f", $3 / $2) : "-";
	       printf "| %s | %s | %s | %s |\n", $1, $2, $3, r }')

md=$TOP/bench/results/$(date -u +%Y-%m-%d-%H%M).md
{
	echo "# make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Base: $BASE_PKG $BASE_VERSION. Patched: base + $(git -C "$TREE" rev-list --count base..HEAD) patches"
	echo "($(git -C "$TREE" log -1 --format=%s))."
	echo "Kernels: configs/x86_64.config (no debug options); QEMU/TCG, ${VCPUS:-4} vCPUs, 2 NUMA nodes."
	echo
	echo "| figure | base | patched | patched/base |"
	echo "|---|---:|---:|---:|"
	echo "$table"
} >"$md"
column -t -s '|' <<<"$(sed -n '/^| figure/,$p' "$md" | grep -v '^|---')"
say "written to ${md#"$TOP"/}"
