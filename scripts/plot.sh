#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Draw make bench's main figures with gnuplot (png terminal):
#   plot.sh BASE PATCHED OUT
# BASE and PATCHED are files of one kernel's 'bench: KEY VALUE' lines (the
# guests' .out files, concatenated; 'KEY VALUE' lines do too). OUT is a
# path prefix; the pictures, whose paths are printed, are
#   OUT-slab-pages.png    slab pages over the minimum the objects need,
#                         per cache, before and after the shrink
#   OUT-hugepages.png     with no shrink: the kernel zones' free order-9
#                         blocks after compaction, of all their
#                         pageblocks; the pageblocks alloc_contig_range()
#                         took; kernel memory blocks offlined per node
#   OUT-partial-read.png  read cost of /proc/slabinfo and the sysfs
#                         objects files against the length of the partial
#                         list, and the longest timer delay meanwhile
#   OUT-macro.png         patched/base of the macro benchmarks
# A figure none of whose figures are in BASE is skipped with a note.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || die "usage: plot.sh BASE PATCHED OUT"
need gnuplot
gnuplot -e 'set terminal png' 2>/dev/null ||
	die "this gnuplot has no png terminal: install gnuplot-nox ('make deps')"
base=$1 patched=$2 out=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for side in base patched; do
	sed -n 's/^\(bench: \)\{0,1\}\([a-z][^ ]*\) \([^ ]*\)$/\2 \3/p' "${!side}" >"$tmp/$side"
done

# val SIDE KEY: the figure KEY of SIDE, NaN (which gnuplot skips) if none
val() {
	awk -v k="$2" '$1 == k { v = $2 } END { print (v == "" || v == "-") ? "NaN" : v }' "$tmp/$1"
}

# has KEY_REGEX: whether the base has a figure whose key begins with a match
has() {
	grep -qE "^$1[^ ]* " "$tmp/base"
}

# plot NAME [WIDTH]: run the gnuplot script on stdin, writing OUT-NAME.png
plot() {
	{
		echo "set terminal png noenhanced size ${2:-1100},620 font ',11'"
		echo "set output '$out-$1.png'"
		echo "set grid ytics"
		echo "set key outside right top"
		echo "set bmargin 5"
		cat
	} >"$tmp/$1.gp"
	gnuplot "$tmp/$1.gp" || die "gnuplot failed on $1 (script: $tmp/$1.gp)"
	echo "$out-$1.png"
}

skip() {
	say "plot.sh: no $1 figures in $base: $out-$2.png not drawn"
}

# Bars of several series per group, at x = group + offset, with value
# labels: 'bars DATA TITLE...' makes the plot command for DATA, whose
# column 1 is the group label and columns 2.. the series.
bars() {
	local data=$1 n=$(($# - 1)) i=0 w cmd=
	shift
	w=$(awk -v n=$n 'BEGIN { print 0.8 / n }')
	for t in "$@"; do
		local c=$((i + 2)) x
		x=$(awk -v i=$i -v n=$n -v w=$w 'BEGIN { print (i - (n - 1) / 2) * w }')
		cmd+="'$data' using (\$0 + $x):$c:($w) with boxes title '$t', "
		cmd+="'' using (\$0 + $x):$c:(sprintf('%.2f', \$$c)) with labels offset 0,0.6 font ',8' notitle, "
		i=$((i + 1))
	done
	echo "set xrange [-0.6:$(grep -c . "$data") - 0.4]"
	echo "plot ${cmd}'' using 0:(NaN):xtic(1) notitle"
}

# --- 1. Slab pages over the minimum, before and after the shrink ----------
if has '(files|frag)\..*\.pages_over_min'; then
	while IFS='|' read -r label key; do
		printf '"%s"' "$label"
		for side in base patched; do
			for phase in before_shrink after_shrink; do
				printf ' %s' "$(val $side "${key/PHASE/$phase}.pages_over_min")"
			done
		done
		echo
	done >"$tmp/slab.dat" <<EOT
ext2\\nradix_tree_node|files.PHASE.radix_tree_node
ext2\\ndentry|files.PHASE.dentry
tmpfs\\ndentry|frag.PHASE.dentry
tmpfs\\nshmem_inode_cache|frag.PHASE.shmem_inode_cache
tmpfs\\nradix_tree_node|frag.PHASE.radix_tree_node
tmpfs\\nall caches|frag.PHASE.all_caches
slab_bench_frag\\n(movable test cache)|frag.PHASE.test_cache
EOT
	plot slab-pages 1400 <<EOT
set title "Slab pages / the minimum the live objects need, before and after shrink (1 = fully packed)"
set ylabel 'pages / ceil(objects / objs_per_slab)'
set yrange [0:*]
set style fill solid 0.85 border -1
set xtics scale 0
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2 lc 'black' front
$(bars "$tmp/slab.dat" "base, before shrink" "base, after shrink" \
	"patched, before shrink" "patched, after shrink")
EOT
else
	skip "files/frag slab page" slab-pages
fi

# --- 2. Huge pages obtained; contiguous ranges; memory blocks offlined --
# ratio SIDE NUM DEN: the figures NUM / DEN of SIDE, NaN if one is missing
ratio() {
	awk -v a="$(val $1 $2)" -v b="$(val $1 $3)" \
		'BEGIN { print (a == "NaN" || b == "NaN" || b == 0) ? "NaN" : a / b }'
}

if has 'pages\.'; then
	{
		# Free order-9 blocks of the kernel zones after compaction, of
		# all their pageblocks (/proc/pagetypeinfo's counts summed)
		for side in base patched; do
			awk '$1 ~ /^pages\.hugepages\.workload\.pageblocks\./ { n += $2 }
			     $1 == "pages.compacted.free_order9" { f = $2 }
			     END { print (n && f != "") ? f / n : "NaN" }' "$tmp/$side" >"$tmp/free9.$side"
		done
		printf '"no shrink: kernel zones\\nfree order-9 blocks\\n/ pageblocks" %s %s\n' \
			"$(cat "$tmp/free9.base")" "$(cat "$tmp/free9.patched")"
		printf '"no shrink:\\nalloc_contig_range()\\npageblocks taken / tried" %s %s\n' \
			"$(ratio base pages.contig.pageblocks_taken pages.contig.pageblocks_tried)" \
			"$(ratio patched pages.contig.pageblocks_taken pages.contig.pageblocks_tried)"
		awk '$1 ~ /^pages\.offline\.node[0-9]+\.blocks$/ { print $1 }' "$tmp/base" |
		while read -r k; do
			k=${k%.blocks} n=${k##*.node}
			printf '"no shrink: node %s\\nkernel blocks\\nofflined / all" %s %s\n' "$n" \
				"$(ratio base $k.offlined $k.blocks)" "$(ratio patched $k.offlined $k.blocks)"
		done
	} >"$tmp/huge.dat"
	plot hugepages 1300 <<EOT
set title "After fragmenting, with no shrink: what compaction, alloc_contig_range() and offlining get back"
set ylabel 'fraction obtained'
set yrange [0:1.15]
set style fill solid 0.85 border -1
set xtics scale 0
$(bars "$tmp/huge.dat" base patched)
EOT
else
	skip "huge page" hugepages
fi

# --- 3. Read cost against the length of the partial list ------------------
if has 'partial\.(n[0-9]+\.)?objects\.read_us'; then
	# The lengths: partial.nN.* runs, and the million of partial.*
	for pre in $(sed -n 's/^partial\.\(n[0-9]*\.\)partial_slabs .*/\1/p' "$tmp/base" | sort -u) ""; do
		printf '%s' "$(val base partial.${pre}partial_slabs)"
		for f in slabinfo objects objects_partial; do
			for side in base patched; do
				printf ' %s' "$(val $side partial.$pre$f.read_us)"
			done
		done
		for f in slabinfo objects objects_partial idle_order; do
			for side in base patched; do
				printf ' %s' "$(val $side partial.$pre$f.irq_delay_max_us)"
			done
		done
		echo
	done | sort -n >"$tmp/partial.dat"
	plot partial-read <<EOT
set multiplot layout 1,2 title "slab_bench_partial: N partial slabs (half per node), each file read 5 times on CPU 0"
set logscale xy
set xrange [5000:2000000]
set xtics ('10k' 10000, '100k' 100000, '1M' 1000000)
set xlabel 'partial slabs'
set key inside left top font ',9'
set title 'fastest read (us)'
set ylabel 'us'
d = '$tmp/partial.dat'
plot d using 1:2 with linespoints lc 1 dt 2 pt 4 title 'base /proc/slabinfo', \
     d using 1:3 with linespoints lc 1 pt 5 title 'patched /proc/slabinfo', \
     d using 1:4 with linespoints lc 2 dt 2 pt 6 title 'base objects', \
     d using 1:5 with linespoints lc 2 pt 7 title 'patched objects', \
     d using 1:6 with linespoints lc 3 dt 2 pt 8 title 'base objects_partial', \
     d using 1:7 with linespoints lc 3 pt 9 title 'patched objects_partial'
set title 'longest CPU 0 timer delay during the reads (us)'
plot d using 1:8 with linespoints lc 1 dt 2 pt 4 title 'base /proc/slabinfo', \
     d using 1:9 with linespoints lc 1 pt 5 title 'patched /proc/slabinfo', \
     d using 1:10 with linespoints lc 2 dt 2 pt 6 title 'base objects', \
     d using 1:11 with linespoints lc 2 pt 7 title 'patched objects', \
     d using 1:12 with linespoints lc 3 dt 2 pt 8 title 'base objects_partial', \
     d using 1:13 with linespoints lc 3 pt 9 title 'patched objects_partial', \
     d using 1:14 with linespoints lc 0 dt 2 pt 1 title 'base order (no counter)', \
     d using 1:15 with linespoints lc 0 pt 2 title 'patched order (no counter)'
unset multiplot
EOT
else
	skip "partial-list read cost" partial-read
fi

# --- 4. Macro benchmarks: patched / base ----------------------------------
if has 'macro\.'; then
	# Per benchmark: the icount and the real-time ratio, each with the
	# larger of the two kernels' spreads, (max - min) / median, as error.
	sed -n 's/^macro\.\([^.]*\)\.\(icount\|rt\)_\(insns\|ns\)_per_.*/\1/p' "$tmp/base" |
	awk '!seen[$0]++' | while read -r m; do
		printf '"%s"' "$m"
		for clock in icount rt; do
			k=$(awk -v p="macro.$m.${clock}_" 'index($1, p) == 1 && $1 ~ /_per_/ { print $1; exit }' "$tmp/base")
			b=$(val base "${k:-none}") p=$(val patched "${k:-none}")
			sb=$(val base macro.$m.${clock}_spread_pct) sp=$(val patched macro.$m.${clock}_spread_pct)
			awk -v b=$b -v p=$p -v sb=$sb -v sp=$sp 'BEGIN {
				r = (b == "NaN" || p == "NaN" || b == 0) ? "NaN" : p / b
				s = sb > sp ? sb : sp
				printf " %s %s", r, r == "NaN" ? "NaN" : r * s / 100 }'
		done
		echo
	done >"$tmp/macro.dat"
	plot macro <<EOT
set title "Macro benchmarks: patched / base cost per operation (above 1 = patched slower); target: within 1 %"
set ylabel 'patched / base'
set style fill solid 0.85 border -1
set xtics scale 0
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc 'black' front
set arrow from graph 0, first 0.99 to graph 1, first 0.99 nohead dt 2 lc 'red' front
set arrow from graph 0, first 1.01 to graph 1, first 1.01 nohead dt 2 lc 'red' front
set label 'error bars: the larger spread (max - min) / median of the two kernels' at graph 0.01, graph -0.12 font ',9'
set bmargin 5
set yrange [$(awk '{ for (i = 2; i <= 4; i += 2) if ($i != "NaN") {
		if ($i - $(i + 1) < lo) lo = $i - $(i + 1)
		if ($i + $(i + 1) > hi) hi = $i + $(i + 1) } }
	BEGIN { lo = 0.97; hi = 1.03 }
	END { printf "%.3f:%.3f", lo - 0.005, hi + 0.005 }' "$tmp/macro.dat")]
set xrange [-0.6:$(grep -c . "$tmp/macro.dat") - 0.4]
d = '$tmp/macro.dat'
plot d using (\$0 - 0.2):2:(0.4) with boxes lc 1 title 'icount (guest instructions)', \
     d using (\$0 - 0.2):2:3 with yerrorbars lc 'black' pt 0 notitle, \
     d using (\$0 - 0.2):2:(sprintf('%.3f', \$2)) with labels offset 0,-0.8 font ',9' notitle, \
     d using (\$0 + 0.2):4:(0.4) with boxes lc 2 title 'real time (median of runs)', \
     d using (\$0 + 0.2):4:5 with yerrorbars lc 'black' pt 0 notitle, \
     d using (\$0 + 0.2):4:(sprintf('%.3f', \$4)) with labels offset 0,-0.8 font ',9' notitle, \
     d using 0:(NaN):xtic(1) notitle
EOT
else
	skip "macro benchmark" macro
fi
