# SPDX-License-Identifier: GPL-2.0
# tools/mm/slabinfo against sysfs, for movable caches after shrinks that
# moved objects (sourced by guest/test.sh after mm/slab_movable_files):
#   slabinfo_check CACHE...
# For each cache, one TAP result: the report (-r) shows the cache movable
# with its defrag_used_ratio, the constructor (-o) is the ctor file's, the
# "Slab Evacuation" section gives the counts of the evacuate_* and objects_*
# files, and the listing flags the cache 'M'; an unmovable cache has no 'M'.

# first FILE: the first field of a sysfs statistics file
first() {
	cut -d' ' -f1 "$1"
}

# evac_value REPORT LABEL: the count on LABEL's line of the report
evac_value() {
	sed -n "s/^$2  *\([0-9]*\).*/\1/p" "$1"
}

slabinfo_check_one() {	# slabinfo_check_one CACHE
	local c=$1 d=/sys/kernel/slab/$1 r=/tmp/slabinfo.$1 bad=
	local label file v

	if [ "$(cat "$d/movable")" != 1 ]; then
		tap_result not-ok "slabinfo: $c" "not movable"
		return
	fi
	if [ "$(first "$d/objects_moved")" -eq 0 ] &&
	   [ "$(first "$d/objects_evicted")" -eq 0 ]; then
		tap_result not-ok "slabinfo: $c" "no object moved or evicted: nothing to compare"
		return
	fi
	slabinfo -r "^$c\$" >"$r" 2>&1
	sed 's/^/# /' "$r" | sed -n '/Slab Evacuation/,$p'
	grep -q "^Movable    : Yes  Defrag used ratio: $(cat "$d/defrag_used_ratio")%" "$r" ||
		bad="$bad movable/ratio"
	for label in Attempts:evacuate_attempt Successes:evacuate_success \
		     Failures:evacuate_fail "Skipped (object refused)":evacuate_skipped \
		     "Objects moved":objects_moved "Objects evicted":objects_evicted \
		     "Objects refused":objects_refused; do
		file=${label##*:}
		v=$(evac_value "$r" "${label%:*}")
		[ "$v" = "$(first "$d/$file")" ] || bad="$bad $file($v)"
	done
	slabinfo -o "^$c\$" 2>&1 | grep -q "^Constructor: $(cat "$d/ctor")" ||
		bad="$bad ctor"
	slabinfo "^$c\$" 2>&1 | awk -v c="$c" '$1 == c { exit $NF !~ /M/ }' ||
		bad="$bad no-M-flag"
	if [ -n "$bad" ]; then
		tap_result not-ok "slabinfo: $c agrees with sysfs" "differs:$bad"
	else
		tap_result ok "slabinfo: $c agrees with sysfs"
	fi
}

slabinfo_check() {
	local c

	for c in "$@"; do
		slabinfo_check_one "$c"
	done
	# A cache without movable_ops: no 'M'
	if slabinfo '^kmalloc-64$' 2>&1 | awk '$1 == "kmalloc-64" { exit $NF ~ /M/ }'; then
		tap_result ok "slabinfo: kmalloc-64 not flagged movable"
	else
		tap_result not-ok "slabinfo: kmalloc-64 not flagged movable"
	fi
}
