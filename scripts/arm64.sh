#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test-arm64: the series on arm64 under software tag-based KASAN,
# outside 'make test' and CI. Under KASAN_SW_TAGS every slab object has a
# tag of its own that the pointers its owners hold carry, and the
# evacuation engine, which computes the objects' addresses from the slab's,
# must hand its callbacks pointers with that tag (kasan_tag_from_memory()).
#   1. installs what it needs (Debian's cross gcc and QEMU; as root, or
#      prints the apt command) and fetches Debian's arm64 busybox-static;
#   2. builds an arm64 kernel (allnoconfig + configs/arm64.config, every
#      line of which must survive into .config) and its modules, with the
#      build lock held;
#   3. builds the initramfs: busybox, the modules, guest/arm64-init and
#      mm/slab_movable_files, static, against the kernel's headers;
#   4. boots it in qemu-system-aarch64 (virt, -cpu max, TCG) with VCPUS
#      vCPUs (default 2), killed after TIMEOUT s (default 1800); the guest
#      loads the KUnit modules and runs mm/slab_movable_files;
#   5. fails on a kernel report on the console, parses the KUnit results
#      with kunit.py parse and prints TAP, then 'N passed, N failed, N
#      skipped'.
# SRC (default build/arm64/src, a worktree of build/linux) is the tree
# under test; everything goes to build/arm64/. Rebuilds are incremental.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ARM64=$BUILD/arm64
src=$(realpath -m "${SRC:-$ARM64/src}")
obj=$ARM64/obj
logs=$ARM64/logs
VCPUS=${VCPUS:-2}
TIMEOUT=${TIMEOUT:-1800}
CROSS=aarch64-linux-gnu-
PACKAGES_arm64="bc bison ccache cpio flex gcc gcc-aarch64-linux-gnu kmod
	libc6-dev-arm64-cross make python3 qemu-system-arm"
pass=0 fail=0 skip=0 n=0
timings=""

tap() {		# tap ok|not-ok|skip NAME [COMMENT]
	n=$((n + 1))
	case "$1" in
	ok)	echo "ok $n $2"; pass=$((pass + 1)) ;;
	skip)	echo "ok $n $2 # SKIP ${3:-}"; skip=$((skip + 1)) ;;
	*)	echo "not ok $n $2${3:+ # $3}"; fail=$((fail + 1)) ;;
	esac
}

timed() {	# timed LABEL SECONDS
	timings="$timings$(printf '  %-34s %5d s' "$1" "$2")\n"
}

finish() {
	echo "1..$n"
	printf '\nStep timings:\n%b' "$timings"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}

# 1. Packages, and Debian's arm64 busybox-static (downloaded, never
# installed: it would replace the host's busybox-static).
missing=()
for p in $PACKAGES_arm64; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
debs=$ARM64/debs
bb_deb=$(ls "$debs"/busybox-static_*_arm64.deb 2>/dev/null | tail -n 1)
if [ ${#missing[@]} -gt 0 ] || [ -z "$bb_deb" ]; then
	cmd="dpkg --add-architecture arm64 && apt-get update"
	[ ${#missing[@]} -eq 0 ] ||
		cmd="$cmd && apt-get install -y --no-install-recommends ${missing[*]}"
	cmd="$cmd && mkdir -p $debs && cd $debs && apt-get download busybox-static:arm64"
	[ "$(id -u)" -eq 0 ] || die "missing packages; as root run: $cmd"
	say "installing: ${missing[*]} busybox-static:arm64 (download)"
	mkdir -p "$debs"
	(export DEBIAN_FRONTEND=noninteractive; set -e; eval "$cmd") >"$ARM64/apt.log" 2>&1 || {
		tail -n 20 "$ARM64/apt.log" >&2
		die "installing the arm64 packages failed; see $ARM64/apt.log"
	}
	bb_deb=$(ls "$debs"/busybox-static_*_arm64.deb 2>/dev/null | tail -n 1)
	[ -n "$bb_deb" ] || die "apt-get download busybox-static:arm64 left no .deb in $debs"
fi
need ${CROSS}gcc qemu-system-aarch64 ccache flex bison bc depmod cpio dpkg-deb python3
[ -f "$src/Makefile" ] ||
	die "no kernel tree in $src: git -C $TREE worktree add --detach $src HEAD"
mkdir -p "$obj" "$logs"

# 2. The kernel, with the build lock held: a subshell, so that the lock
# goes with it before the guest boots.
kmake=(make -s -C "$src" O="$obj" -j"$JOBS" ARCH=arm64 CROSS_COMPILE=$CROSS
	CC="ccache ${CROSS}gcc" HOSTCC="ccache gcc")
check_config() {
	local bad
	bad=$(grep -E '^(# )?CONFIG_' "$obj/fragment.config" | while read -r l; do
		grep -qxF "$l" "$obj/.config" || echo "$l"
	done)
	[ -z "$bad" ] || die "these lines of configs/arm64.config did not survive into $obj/.config (missing dependencies?):
$bad"
}
t0=$(now)
(
	kbuild_lock
	say "building the arm64 kernel from ${src#"$TOP"/} (${obj#"$TOP"/})"
	frag=$obj/fragment.config
	cp "$TOP/configs/arm64.config" "$frag.new"
	if ! cmp -s "$frag.new" "$frag" || [ ! -f "$obj/.config" ]; then
		"${kmake[@]}" KCONFIG_ALLCONFIG="$frag.new" allnoconfig >/dev/null ||
			die "allnoconfig failed"
		mv "$frag.new" "$frag"
	fi
	rm -f "$frag.new"
	# Every line of the fragment, before the build and after it (which
	# refreshes .config when a Kconfig file of SRC changed).
	check_config
	t1=$(now)
	if ! "${kmake[@]}" Image modules >"$obj/build.log" 2>&1; then
		tail -n 40 "$obj/build.log" >&2
		die "kernel build failed; the whole log is $obj/build.log"
	fi
	check_config
	rm -rf "$obj/modroot"
	"${kmake[@]}" INSTALL_MOD_PATH="$obj/modroot" modules_install >/dev/null &&
		"${kmake[@]}" headers_install >/dev/null ||
		die "modules_install or headers_install failed"
	say "built the arm64 kernel in $(($(now) - t1)) s"
) || { tap not-ok "arm64 kernel build"; finish; }
tap ok "arm64 kernel build (allnoconfig + configs/arm64.config)"
timed "arm64 kernel build (+ lock wait)" $(($(now) - t0))

# 3. The initramfs.
t0=$(now)
root=$ARM64/initramfs
st=$ARM64/selftests
rm -rf "$root" "$st"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,lib,guest,tests/mm} "$st/mm"
dpkg-deb -x "$bb_deb" "$ARM64/busybox" &&
	cp "$ARM64/busybox/bin/busybox" "$root/bin/busybox" ||
	die "cannot unpack $bb_deb"
if ! make -s -C "$src/tools/testing/selftests/mm" OUTPUT="$st/mm" ARCH=arm64 \
		CROSS_COMPILE=$CROSS KHDR_INCLUDES="-isystem $obj/usr/include" \
		LDFLAGS=-static "$st/mm/slab_movable_files" >"$logs/selftests.log" 2>&1; then
	tail -n 20 "$logs/selftests.log" >&2
	die "building mm/slab_movable_files failed; see $logs/selftests.log"
fi
# ELF e_machine 183 (EM_AARCH64)
[ "$(od -An -tx1 -j18 -N2 "$st/mm/slab_movable_files" | tr -d ' ')" = b700 ] ||
	die "$st/mm/slab_movable_files is not an arm64 program"
cp "$st/mm/slab_movable_files" "$root/tests/mm/"
cp "$TOP/guest/arm64-init" "$root/init"
cp "$TOP/guest/tap.sh" "$root/guest/"
chmod +x "$root/init"
cp -r "$obj/modroot/lib/modules" "$root/lib/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) \
	>"$ARM64/initramfs.cpio" || die "cpio failed"
say "initramfs: $(du -h "$ARM64/initramfs.cpio" | cut -f1)"
timed "initramfs" $(($(now) - t0))

# 4. The guest. Its console goes to guest.log, what the guest runner
# prints (the virtio console) to guest.out.
log=$logs/guest.log out=$logs/guest.out
: >"$log"
: >"$out"
# -cpu max's default pointer authentication (QARMA) is slow under TCG;
# the implementation-defined algorithm is the same feature, faster.
args=(
	-machine virt -accel tcg -cpu max,pauth-impdef=on -smp "$VCPUS" -m 2G
	-kernel "$obj/arch/arm64/boot/Image" -initrd "$ARM64/initramfs.cpio"
	-append "console=ttyAMA0 panic=-1 ${CMDLINE:-}"
	-no-reboot -display none -nic none -monitor none
	-serial file:"$log"
	-device virtio-serial-device -chardev file,id=out,path="$out"
	-device virtconsole,chardev=out
)
say "booting the arm64 kernel (qemu-system-aarch64, $VCPUS vCPUs, TCG)"
guest_run "$log" "$out" '^(ok|not ok|harness:)' qemu-system-aarch64 "${args[@]}"
rc=$?
timed "guest boot + tests" "$GUEST_SECONDS"

# 5. Results. The splat patterns are scripts/qemu.sh's, plus arm64's
# 'Call trace:' and 'Internal error' and the list checks' reports (KASAN's
# are 'BUG: KASAN: ...').
arm64_splats='Call trace:|Internal error|list_(add|del) corruption'
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	tap not-ok "guest finished" "killed after $TIMEOUT s"
	tail -n 30 "$log" | sed 's/^/# /'
elif ! grep -q '^harness: done' "$out"; then
	tap not-ok "guest finished" "stopped early, qemu exit $rc"
	tail -n 30 "$log" | sed 's/^/# /'
else
	tap ok "guest finished"
fi
if splat_lines "$log" "$arm64_splats" >/dev/null; then
	tap not-ok "guest console free of kernel reports"
	splat_lines "$log" "$arm64_splats" | head -n 40 | sed 's/^/# /'
else
	tap ok "guest console free of kernel reports"
fi

# KUnit: one TAP line per suite; the counts are per test case, as in
# scripts/test.sh (kunit.py's 'Ran N tests: passed: P, failed: F, ...').
for suite in $(sed -n 's/^harness: kunit-begin //p' "$out"); do
	ktap=$logs/kunit-$suite.ktap
	sed -n "/^harness: kunit-begin $suite\$/,/^harness: kunit-end $suite\$/p" "$out" |
		sed '1d;$d' >"$ktap"
	parsed=$(cd "$src" && python3 tools/testing/kunit/kunit.py parse "$ktap" 2>&1)
	summary=$(grep -E 'Ran [0-9]+ tests' <<<"$parsed" | tail -n 1 | sed 's/^\[[0-9:]*\] //')
	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' <<<"$summary")
	f=$(sed -n 's/.*failed: \([0-9]*\).*/\1/p' <<<"$summary")
	s=$(sed -n 's/.*skipped: \([0-9]*\).*/\1/p' <<<"$summary")
	c=$(sed -n 's/.*\(crashed\|errors\): \([0-9]*\).*/\2/p' <<<"$summary")
	[ -n "$p$f$s$c" ] || f=1	# no summary at all: the run failed
	f=$((${f:-0} + ${c:-0}))
	pass=$((pass + ${p:-0})) fail=$((fail + f)) skip=$((skip + ${s:-0}))
	n=$((n + 1))
	if [ "$f" -eq 0 ]; then
		echo "ok $n KUnit $suite: ${summary:-no results}"
	else
		echo "not ok $n KUnit $suite: ${summary:-no results}"
		# kunit.py's report without the passing cases
		sed 's/^\[[0-9:]*\] //' <<<"$parsed" | grep -v -e '^\[PASSED\]' -e '^=*$' |
			sed 's/^/# /' | head -n 60
	fi
done

# The guest's own TAP lines (mm/slab_movable_files, module loads).
while read -r line; do
	case "$line" in
	"ok "*"# SKIP"*) rest=${line#ok [0-9]* }
		tap skip "guest: ${rest%% # SKIP*}" "${rest#* # SKIP }" ;;
	"ok "*) tap ok "guest: ${line#ok [0-9]* }" ;;
	"not ok "*) tap not-ok "guest: ${line#not ok [0-9]* }" ;;
	"# "*) echo "$line" ;;
	esac
done < <(sed '/^harness: kunit-begin/,/^harness: kunit-end/d' "$out" | grep -E '^(ok|not ok|# )')
finish
