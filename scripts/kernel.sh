#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build an x86_64 guest kernel, its modules and its initramfs.
#   kernel.sh SRC OBJ VARIANT
# SRC is a kernel source tree, OBJ the output directory under build/,
# VARIANT 'debug' (the test kernel) or 'bench'. The config is allnoconfig
# plus the variant's fragments (FRAGMENTS_* in lib.sh), and every line of
# the fragments must survive into .config, except the symbols SRC does not
# define at all (the unpatched base lacks the series' own options).
# Rebuilds are incremental.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1") obj=$(realpath -m "$2") variant=$3
fragments=FRAGMENTS_$variant
[ -n "${!fragments:-}" ] || die "unknown kernel variant '$variant' (debug or bench)"
need gcc ccache flex bison bc depmod
kbuild_lock
mkdir -p "$obj"

(cd "$TOP" && cat ${!fragments}) >"$obj/fragment.config.new"
kmake=(make -s -C "$src" O="$obj" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc")
if ! cmp -s "$obj/fragment.config.new" "$obj/fragment.config" || [ ! -f "$obj/.config" ]; then
	"${kmake[@]}" KCONFIG_ALLCONFIG="$obj/fragment.config.new" allnoconfig >/dev/null
	bad=$(kconfig_defined_lines "$src" "$obj/fragment.config.new" | while read -r l; do
		grep -qxF "$l" "$obj/.config" || echo "$l"
	done)
	[ -z "$bad" ] || die "these fragment lines did not survive into $obj/.config (missing dependencies?):
$bad"
	mv "$obj/fragment.config.new" "$obj/fragment.config"
fi

t0=$(now)
if ! "${kmake[@]}" bzImage modules >"$obj/build.log" 2>&1; then
	tail -n 40 "$obj/build.log" >&2
	die "kernel build failed; the whole log is $obj/build.log"
fi
rm -rf "$obj/modroot"
"${kmake[@]}" INSTALL_MOD_PATH="$obj/modroot" modules_install >/dev/null
say "built $(basename "$obj") in $(($(now) - t0)) s"
bash "$TOP/scripts/initramfs.sh" "$src" "$obj"
