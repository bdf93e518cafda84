#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A new user's first steps, as the README gives them: a fresh 'git clone'
# of this repository into a scratch directory, then 'make test' there with
# nothing done first, stopped after its first step past 'make deps' (the
# tree step: unpack the base, apply the series, checkpatch). What a clone
# lacks and this checkout has (build/, a warm ccache, files git does not
# track) cannot hide a failure this way.
#   newcomer.sh SCRATCH
# The clone holds the committed HEAD plus the working tree's changes to
# tracked files (git stash create), so that a change is tested before it
# is committed; untracked files stay out, as they would for a user.
# Prints one TAP line; the clone's output is SCRATCH.log.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

scratch=$(realpath -m "$1")
log=$scratch.log
rm -rf "$scratch"
mkdir -p "$(dirname "$scratch")"

fail() {
	echo "not ok a fresh clone's 'make test' passes its first steps: $*"
	exit 1
}

git clone -q "$TOP" "$scratch" >"$log" 2>&1 || fail "git clone failed; see ${log#"$TOP"/}"
wip=$(git -C "$TOP" stash create)
if [ -n "$wip" ]; then
	{ git -C "$scratch" fetch -q "$TOP" "$wip" &&
	  git -C "$scratch" checkout -q --detach FETCH_HEAD; } >>"$log" 2>&1 ||
		fail "cannot check out the working tree's changes; see ${log#"$TOP"/}"
fi

# The environment of a new user: no harness variables, no set-up.
(cd "$scratch" && env -u CMDLINE -u BASE -u VCPUS -u TIMEOUT \
	HARNESS_STOP_AFTER=tree make test) >>"$log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	tail -n 15 "$log" | sed 's/^/# /'
	fail "exit $rc; see ${log#"$TOP"/}"
fi
grep -q '^ok series applies to the base' "$log" ||
	fail "no 'ok series applies to the base' line; see ${log#"$TOP"/}"
rm -rf "$scratch"
echo "ok a fresh clone's 'make test' passes its first steps (deps, tree, checkpatch)"
