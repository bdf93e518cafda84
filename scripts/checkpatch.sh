#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make checkpatch: run the tree's scripts/checkpatch.pl on every patch of
# patches/series. Warnings are shown; an error fails the check. Prints one
# 'ok'/'not ok' line per patch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ -x "$TREE/scripts/checkpatch.pl" ] || die "no kernel tree: run 'make tree' first"
failed=0
for p in $(series_patches "$PATCHES"); do
	out=$(cd "$TREE" && ./scripts/checkpatch.pl --no-summary --show-types "$PATCHES/$p" 2>&1)
	errors=$(printf '%s\n' "$out" | grep -c '^ERROR:')
	warnings=$(printf '%s\n' "$out" | grep -c '^WARNING:')
	if [ "$errors" -gt 0 ]; then
		printf '%s\n' "$out" | sed 's/^/# /'
		echo "not ok checkpatch $p: $errors errors, $warnings warnings"
		failed=1
	else
		note=
		if [ "$warnings" -gt 0 ]; then
			printf '%s\n' "$out" | sed 's/^/# /'
			note=" ($warnings warnings)"
		fi
		echo "ok checkpatch $p$note"
	fi
done
exit $failed
