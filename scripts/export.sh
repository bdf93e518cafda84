#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make export: regenerate patches/ and patches/series from base..HEAD of
# build/linux. The same commits always give byte-identical files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no kernel tree: run 'make tree' first"
require_clean_tree

tmp=$(mktemp -d)
export_series "$tmp"
rm -f "$PATCHES"/*.patch "$PATCHES/series"
mkdir -p "$PATCHES"
cp "$tmp"/* "$PATCHES"/
rm -rf "$tmp"
mark_synced
say "exported $(wc -l <"$PATCHES/series") patches to patches/"
