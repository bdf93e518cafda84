# SPDX-License-Identifier: GPL-2.0
# Memory blocks of the guest, for guest/bench.sh, guest/run.sh and
# guest/test.sh.

# kernel_blocks: "BLOCK NODE START_PFN" of each online block of kernel
# memory (zones DMA32 and Normal; ZONE_MOVABLE blocks hold no slab page)
kernel_blocks() {
	local b pages
	pages=$(($(printf '%d' 0x$(cat /sys/devices/system/memory/block_size_bytes)) / 4096))
	for b in /sys/devices/system/memory/memory[0-9]*; do
		[ "$(cat $b/state)" = online ] || continue
		case "$(cat $b/valid_zones 2>/dev/null)" in
		DMA32*|Normal*) ;;
		*) continue ;;
		esac
		echo "${b##*memory} $(ls -d $b/node* | sed 's/.*node//') $(($(printf '%d' 0x$(cat $b/phys_index)) * pages))"
	done
}

# node_blocks NODE: the memory blocks of node NODE
node_blocks() {
	local b
	for b in /sys/devices/system/node/node$1/memory[0-9]*; do
		[ -e "$b" ] && echo "${b##*memory}"
	done
}

# block_set BLOCK STATE: write STATE to the block's state file, retrying
# while offlining fails on a busy page (page isolation returns -EBUSY
# for transient references)
block_set() {
	local i
	for i in 1 2 3 4 5; do
		echo "$2" >/sys/devices/system/memory/memory$1/state 2>/dev/null &&
			return 0
		sleep 1
	done
	return 1
}

# node_online_movable NODE: bring every block of node NODE online in
# ZONE_MOVABLE.  A block online in another zone is offlined and onlined
# movable again, an offline one onlined movable.  Then every block of the
# node must be online in ZONE_MOVABLE; if one is not, or the node has no
# block, it prints which and returns 1.
node_online_movable() {
	local b m=/sys/devices/system/memory n=0 bad=
	for b in $(node_blocks $1); do
		n=$((n + 1))
		if [ "$(cat $m/memory$b/state)" = online ]; then
			[ "$(cat $m/memory$b/valid_zones)" = Movable ] && continue
			if ! block_set $b offline; then
				echo "memory$b ($(cat $m/memory$b/valid_zones)) will not go offline;"
				continue
			fi
		fi
		block_set $b online_movable ||
			echo "memory$b will not go online_movable;"
	done
	if [ $n -eq 0 ]; then
		echo "node $1 has no memory block"
		return 1
	fi
	for b in $(node_blocks $1); do
		[ "$(cat $m/memory$b/state)" = online ] &&
			[ "$(cat $m/memory$b/valid_zones)" = Movable ] && continue
		echo "memory$b is not online in ZONE_MOVABLE;"
		bad=1
	done
	[ -z "$bad" ]
}
