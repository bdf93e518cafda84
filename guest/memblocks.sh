# SPDX-License-Identifier: GPL-2.0
# Memory blocks of the guest, for guest/bench.sh and guest/run.sh.

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
