#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make tree: build/linux becomes a git tree holding the pinned base (tag
# 'base') and one commit per patch of patches/series, applied with git am.
#
# Run again, it brings the tree up to date with patches/ by checking out
# the new series over the old one, so only files whose content changed are
# touched and kernel rebuilds stay incremental. It refuses to do that when
# the tree holds work that is not exported.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Unpack the base tarball into a fresh directory; on a failure re-fetch
# the package once, never use a half-unpacked tree.
unpack_base() {
	local dir=$1 try
	for try in 1 2; do
		rm -rf "$dir"
		mkdir -p "$dir"
		if dpkg --verify "$BASE_PKG" >/dev/null 2>&1 &&
		   tar -xJf "$BASE_TARBALL" -C "$dir" --strip-components=1; then
			return 0
		fi
		[ "$try" = 1 ] || break
		say "$BASE_TARBALL is damaged or incomplete; fetching it again"
		[ "$(id -u)" -eq 0 ] || die "as root run: apt-get install --reinstall $BASE_PKG=$BASE_VERSION"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall \
			"$BASE_PKG=$BASE_VERSION" >/dev/null || die "re-fetching $BASE_PKG failed"
	done
	rm -rf "$dir"
	die "cannot unpack $BASE_TARBALL"
}

# Debian's top-level .gitignore ignores every top-level path ('/*', for its
# packaging repository) and every dot-file. Drop that block and un-ignore
# the dot-files the kernel tracks, so git sees new files such as
# mm/.kunitconfig. This is the only difference from the tarball.
fix_gitignore() {
	local f=$1/.gitignore
	sed -i '/^# Debian packaging/,$d' "$f"
	sed -i '${/^#$/d}' "$f"
	cat >>"$f" <<'EOS'

# Dot-files that the kernel tracks
!.clang-format
!.clippy.toml
!.cocciconfig
!.editorconfig
!.get_maintainer.ignore
!.gitattributes
!.gitignore
!.kunitconfig
!.mailmap
!.rustfmt.toml
EOS
}

make_base() {
	local tmp=$BUILD/linux.unpack
	say "unpacking $BASE_PKG $BASE_VERSION into build/linux"
	unpack_base "$tmp"
	fix_gitignore "$tmp"
	git -C "$tmp" init -q -b series
	git -C "$tmp" add -A -f
	GIT_AUTHOR_DATE='@0 +0000' GIT_COMMITTER_DATE='@0 +0000' \
	git "${GIT_IDENT[@]}" -C "$tmp" commit -q \
		-m "Debian $BASE_PKG $BASE_VERSION" \
		-m "The tarball as shipped, except for the top-level .gitignore: its
Debian packaging block, which ignores every top-level path, is dropped, and
the dot-files that the kernel tracks are no longer ignored."
	git -C "$tmp" tag base
	rm -rf "$TREE"
	mv "$tmp" "$TREE"
}

# Apply patches/series to base in a scratch worktree; print the result.
apply_series() {
	local wt=$BUILD/am p
	git -C "$TREE" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
	for p in $(series_patches "$PATCHES"); do
		[ -f "$PATCHES/$p" ] || die "patches/series names $p, which does not exist"
		if ! git "${GIT_IDENT[@]}" -C "$wt" am -q --keep-cr "$PATCHES/$p" >&2; then
			git -C "$wt" am --abort || true
			die "patches/$p does not apply to the base"
		fi
	done
	git -C "$wt" rev-parse HEAD
	git -C "$TREE" worktree remove --force "$wt"
}

mkdir -p "$BUILD"
git -C "$TREE" rev-parse -q --verify 'base^{commit}' >/dev/null 2>&1 || make_base

require_clean_tree

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export_series "$tmp"
if [ -z "$(series_diff "$tmp" "$PATCHES")" ]; then
	say "build/linux is up to date with patches/"
	exit 0
fi
# The tree differs from patches/. That is fine when the tree is what was
# last synced with patches/ (patches/ moved on, e.g. after a git pull);
# otherwise the tree holds commits that were never exported.
if [ "$(git -C "$TREE" rev-parse HEAD)" != "$(git -C "$TREE" rev-parse base)" ] &&
   [ -n "$(series_diff "$tmp" "$SYNCED")" ]; then
	series_diff "$tmp" "$PATCHES" | sed 's/^/differs from patches\/: /' >&2
	die "build/linux has commits that are not exported: 'make export' them first, or reset build/linux to base to discard them"
fi

new=$(apply_series)
git -C "$TREE" checkout -q -B series "$new"
mark_synced
say "build/linux: base + $(git -C "$TREE" rev-list --count base..HEAD) patches"
