#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-export: fail when build/linux holds work that patches/ lacks.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || exit 0
work=$(unexported_work)
if [ -n "$work" ]; then
	printf '%s\n' "$work" >&2
	die "build/linux holds work that is not in patches/: commit it, then 'make export'"
fi
