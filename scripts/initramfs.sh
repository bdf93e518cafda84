#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs for a kernel built by kernel.sh:
#   initramfs.sh SRC OBJ
# It holds Debian's busybox-static, the guest scripts and their programs
# (guest/src), the kernel's modules, the harness' own modules (guest/modules,
# built against OBJ), and test programs built statically from SRC: the
# upstream selftests the harness runs and tools/mm/slabinfo; for a bench
# kernel also Debian's hackbench, iperf3 and stress-ng with their shared
# libraries. Output: OBJ/initramfs.cpio.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1") obj=$(realpath "$2")
need busybox cpio gcc
[ -f /usr/lib/x86_64-linux-gnu/libnuma.a ] ||
	die "static libnuma is missing: run 'make deps' (package libnuma-dev)"
root=$obj/initramfs
log=$obj/initramfs.log
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,lib,tests}

make -s -C "$src" O="$obj" headers_install >"$log" 2>&1 ||
	die "headers_install failed; see $log"

# Upstream selftests, built from the tree under test.
st=$obj/selftests
mkdir -p "$st/mm"
progs="$st/mm/migration $st/mm/compaction_test"
# The series' own C selftests (the base has none of them).
for t in slab_movable_files slab_movable_inodes slab_movable_shadow slab_movable_memcg slab_movable_latency \
	 slab_movable_pages slab_node_online; do
	[ ! -f "$src/tools/testing/selftests/mm/$t.c" ] || progs="$progs $st/mm/$t"
done
if ! make -s -C "$src/tools/testing/selftests/mm" OUTPUT="$st/mm" \
		KHDR_INCLUDES="-isystem $obj/usr/include" LDFLAGS=-static \
		$progs >>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "building the mm selftests failed; see $log"
fi
mkdir -p "$root/tests/mm" "$root/tests/memory-hotplug"
cp $progs "$root/tests/mm/"
cp "$src/tools/testing/selftests/memory-hotplug/mem-on-off-test.sh" \
	"$root/tests/memory-hotplug/"
# The series' own shell selftests (the base has none of them).
for t in mm/slab_movable.sh; do
	[ ! -f "$src/tools/testing/selftests/$t" ] ||
		cp "$src/tools/testing/selftests/$t" "$root/tests/$t"
done

# tools/mm/slabinfo from the same tree.
gcc -static -O2 -o "$root/bin/slabinfo" "$src/tools/mm/slabinfo.c" >>"$log" 2>&1 ||
	die "building tools/mm/slabinfo failed; see $log"

cp "$(command -v busybox)" "$root/bin/busybox"
cp -r "$TOP/guest" "$root/guest"
rm -rf "$root/guest/src" "$root/guest/modules"
mkdir -p "$root/guest/bin" "$root/guest/modules"
for c in "$TOP"/guest/src/*.c; do
	gcc -static -O2 -Wall -o "$root/guest/bin/$(basename "$c" .c)" "$c" >>"$log" 2>&1 ||
		die "building guest program $c failed; see $log"
done

# The harness' modules (guest/modules/*.c, e.g. slab_bench.ko for
# guest/bench.sh), built against this kernel in a copy under OBJ so that
# guest/modules stays clean. They build with -Werror (guest/modules/Kbuild).
mods=$obj/guest-modules
rm -rf "$mods"
mkdir -p "$mods"
cp "$TOP"/guest/modules/Kbuild "$TOP"/guest/modules/*.c "$mods/"
if ! make -s -C "$src" O="$obj" M="$mods" modules >>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "building guest/modules failed; see $log"
fi
cp "$mods"/*.ko "$root/guest/modules/"
mv "$root/guest/init" "$root/init"
chmod +x "$root/init"
[ -d "$obj/modroot/lib/modules" ] && cp -r "$obj/modroot/lib/modules" "$root/lib/"

# The bench kernel's initramfs (OBJ built from FRAGMENTS_bench) also holds
# Debian's dynamically linked macro benchmarks for guest/bench.sh, with
# the shared libraries ldd lists and the dynamic loader, at their host
# paths: about 35 MB, which the test kernel's initramfs goes without.
copy_dynamic() {	# copy_dynamic PROGRAM...: into usr/bin, with its libraries
	local name p lib
	for name in "$@"; do
		p=$(command -v "$name") ||
			die "'$name' is missing: run 'make deps' (as root) to install the harness packages"
		cp "$p" "$root/usr/bin/"
		for lib in $(ldd "$p" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
	done
}
need ldd
# e2fsprogs' mkfs.ext4 (busybox's mke2fs makes ext2 only), for the ext4
# selftests: about 3 MB with its libraries.
copy_dynamic mkfs.ext4
if (cd "$TOP" && cat $FRAGMENTS_bench) | cmp -s - "$obj/fragment.config"; then
	copy_dynamic hackbench iperf3 stress-ng
fi

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) \
	>"$obj/initramfs.cpio"
say "initramfs: $(du -h "$obj/initramfs.cpio" | cut -f1)"
