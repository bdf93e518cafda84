#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a guest kernel under QEMU/TCG and log its serial console:
#   qemu.sh OBJ MODE LOG
# OBJ is a kernel.sh output directory with an initramfs; MODE is the guest
# harness.mode (test, run, bench, nodes, shell). The serial console goes to
# LOG, what the guest's mode script prints (its second serial port) to
# LOG minus .log plus .out. The guest has VCPUS vCPUs
# (default 4) in two NUMA nodes of NODE_GIB (default 1) GiB each, a 1 GiB
# hotpluggable pc-dimm on node 1 that boots online in ZONE_MOVABLE, and a
# node 2 with no CPUs whose only memory is a 512 MiB pc-dimm, also online
# in ZONE_MOVABLE at boot: a node without kernel memory, for tests that
# bring kernel memory online on a new node.
#
# NODES=N replaces those nodes and DIMMs with N NUMA nodes (3 to 64, as the
# guest kernels have CONFIG_NODES_SHIFT=6): the two with the vCPUs, and
# N - 2 of 16 MiB of memory each, for a boot with many possible nodes
# (guest/nodes.sh). It adds harness.nodes=N to the kernel command line.
#
# ICOUNT=1 adds '-icount shift=0': the guest clock then advances exactly
# 1 ns per guest instruction instead of following the host's wall clock,
# so what the guest times (guest/modules/slab_bench.c) counts instructions
# and repeats to 0.01 %, where TCG wall-clock figures vary by 5-25 % with
# host load. icount also makes TCG single-threaded (the vCPUs take turns
# on one host thread), so CPU-bound guest code runs slower, and guest time
# lags the host's: timer-driven work such as RCU callbacks falls behind
# what the guest does meanwhile.
#
# Except in shell mode, the run fails when the guest outlives TIMEOUT
# seconds (default 1800), when it never reports 'harness: done', or when
# the console shows a kernel report (see splat_lines).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

obj=$(realpath "$1") mode=$2 log=$3
out=${log%.log}.out
VCPUS=${VCPUS:-4}
TIMEOUT=${TIMEOUT:-1800}
need qemu-system-x86_64
[ -f "$obj/arch/x86/boot/bzImage" ] || die "no kernel in $obj: build it first"
[ -f "$obj/initramfs.cpio" ] || die "no initramfs in $obj: build it first"
[[ "$VCPUS" =~ ^[0-9]+$ ]] && [ $((VCPUS % 2)) -eq 0 ] && [ "$VCPUS" -ge 2 ] ||
	die "VCPUS=$VCPUS: give an even number of vCPUs, at least 2 (one socket per NUMA node)"
half=$((VCPUS / 2))
NODE_GIB=${NODE_GIB:-1}
[[ "$NODE_GIB" =~ ^[1-9][0-9]*$ ]] ||
	die "NODE_GIB=$NODE_GIB: give the GiB of memory per NUMA node, at least 1"

cpu_nodes=(
	-object memory-backend-ram,id=ram0,size="$NODE_GIB"G
	-object memory-backend-ram,id=ram1,size="$NODE_GIB"G
	-numa node,nodeid=0,cpus=0-$((half - 1)),memdev=ram0
	-numa node,nodeid=1,cpus=$half-$((VCPUS - 1)),memdev=ram1
)
if [ -n "${NODES:-}" ]; then
	[[ "$NODES" =~ ^[1-9][0-9]*$ ]] && [ "$NODES" -ge 3 ] && [ "$NODES" -le 64 ] ||
		die "NODES=$NODES: give 3 to 64 NUMA nodes"
	topology=(-m $((2 * NODE_GIB * 1024 + (NODES - 2) * 16))M "${cpu_nodes[@]}")
	for ((i = 2; i < NODES; i++)); do
		topology+=(-object memory-backend-ram,id=ram$i,size=16M
			   -numa node,nodeid=$i,memdev=ram$i)
	done
	CMDLINE="harness.nodes=$NODES ${CMDLINE:-}"
else
	topology=(
		-m $((2 * NODE_GIB))G,slots=2,maxmem=$((2 * NODE_GIB + 2))G
		"${cpu_nodes[@]}"
		-object memory-backend-ram,id=hp0,size=1G
		-device pc-dimm,id=dimm0,memdev=hp0,node=1
		-numa node,nodeid=2
		-object memory-backend-ram,id=hp1,size=512M
		-device pc-dimm,id=dimm1,memdev=hp1,node=2
	)
fi

args=(
	-machine pc -accel tcg -cpu max -smp "$VCPUS",sockets=2,cores=$half,threads=1
	"${topology[@]}"
	-kernel "$obj/arch/x86/boot/bzImage" -initrd "$obj/initramfs.cpio"
	-append "console=ttyS0 panic=-1 memhp_default_state=online_movable harness.mode=$mode ${CMDLINE:-}"
	-no-reboot -display none -nic none
)
if [ "${ICOUNT:-0}" = 1 ]; then
	args+=(-icount shift=0)
fi

mkdir -p "$(dirname "$log")"
if [ "$mode" = shell ]; then
	exec qemu-system-x86_64 "${args[@]}" -monitor none \
		-chardev stdio,id=con,signal=off,logfile="$log" -serial chardev:con
fi

: >"$log"
: >"$out"
# Show what the guest prints while it runs; of a test run, its progress.
show='.'
[ "$mode" = test ] && show='^(ok|not ok|harness:)'
guest_run "$log" "$out" "$show" qemu-system-x86_64 "${args[@]}" -monitor none \
	-serial file:"$log" -serial file:"$out"
rc=$?

fail=0
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "FAIL: guest hung: killed after $TIMEOUT s; last console lines:" >&2
	tail -n 30 "$log" >&2
	fail=1
elif ! grep -q '^harness: done' "$out"; then
	echo "FAIL: guest stopped before finishing (qemu exit $rc); last console lines:" >&2
	tail -n 30 "$log" >&2
	fail=1
fi
if splat_lines "$log" >/dev/null; then
	echo "FAIL: the kernel reported problems on the console:" >&2
	splat_lines "$log" | head -n 40 >&2
	fail=1
fi
exit $fail
