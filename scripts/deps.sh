#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, and the pinned base
# kernel source. Without root, print the apt command instead.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

missing=()
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
have_base=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || true)
[ "$have_base" = "$BASE_VERSION" ] || missing+=("$BASE_PKG=$BASE_VERSION")

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run: apt-get update && $cmd"
fi

say "installing: ${missing[*]}"
mkdir -p "$BUILD"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || die "apt-get update failed"
if ! apt-get install -y -q --no-install-recommends --allow-downgrades \
		"${missing[@]}" >"$BUILD/apt.log" 2>&1; then
	tail -n 20 "$BUILD/apt.log" >&2
	if ! apt-cache madison "$BASE_PKG" | grep -qF " $BASE_VERSION "; then
		printf 'apt offers these versions of %s:\n' "$BASE_PKG" >&2
		apt-cache madison "$BASE_PKG" >&2 || true
		die "the pinned base $BASE_PKG=$BASE_VERSION cannot be installed (BASE_VERSION in scripts/lib.sh)"
	fi
	die "apt-get install failed; see $BUILD/apt.log"
fi
