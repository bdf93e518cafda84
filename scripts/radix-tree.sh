#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Upstream's user-space XArray, IDR and radix-tree tests
# (tools/testing/radix-tree): lib/xarray.c, lib/radix-tree.c and lib/idr.c
# of SRC built for user space with ASan and UBSan, and run. Prints one TAP
# line per program; the full log is OUTDIR.log.
#   radix-tree.sh SRC OUTDIR
# The programs are built inside SRC, where git ignores them.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1") out=$(realpath -m "$2")
need gcc make
mkdir -p "$out"
dir=$src/tools/testing/radix-tree
progs="idr-test xarray multiorder"

if ! make -C "$dir" -j"$JOBS" $progs >"$out.log" 2>&1; then
	tail -n 20 "$out.log" >&2
	for p in $progs; do
		echo "not ok radix-tree/$p # build failed, see ${out#"$TOP"/}.log"
	done
	exit 1
fi
rc=0
for p in $progs; do
	(cd "$dir" && "./$p") >"$out/$p.out" 2>&1
	status=$?
	cat "$out/$p.out" >>"$out.log"
	# A program that counts its checks must have passed them all.
	if all_passed "$out/$p.out" && [ $status -eq 0 ]; then
		echo "ok radix-tree/$p"
	else
		echo "not ok radix-tree/$p # exit code $status, or checks failed"
		rc=1
	fi
done
exit $rc
