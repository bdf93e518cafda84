. /guest/tap.sh
. /guest/memblocks.sh
tap_plan_start
echo 0 >/proc/sys/vm/compaction_proactiveness
modprobe xarray_movable_kunit || tap_result not-ok "KUnit module loads"
kunit_results
tap_run mm/slab_movable_shadow /tests/mm/slab_movable_shadow
echo "1..$TAP_N"
