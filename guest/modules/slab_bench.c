// SPDX-License-Identifier: GPL-2.0
/*
 * slab_bench: slab figures for guest/bench.sh that only a module can take.
 * It builds against the unpatched base and the patched kernel; with
 * CONFIG_SLAB_MOVABLE_OBJECTS its movable caches get isolate/migrate
 * callbacks, without it they are the same caches with a constructor only,
 * so that both kernels measure the same thing.
 *
 *   insmod slab_bench.ko run=fastpath [pairs=N] [rounds=N]
 *	Times rounds of N kmem_cache_alloc()+kmem_cache_free() pairs on a
 *	plain 128-byte cache (no ctor, SLAB_NO_MERGE) and on a movable
 *	128-byte cache, and N kmalloc(128)+kfree() pairs, after one warm-up
 *	round each, in a kthread bound to CPU 0.  Prints per cache the
 *	fastest round in ns per pair and (slowest - fastest) / fastest in %.
 *	The caches are gone when insmod returns; the module stays loaded.
 *
 *   insmod slab_bench.ko run=frag [objects=N]
 *	Allocates N 256-byte objects from the movable cache slab_bench_frag,
 *	referenced from a table the module owns, and frees 9 in 10 of them
 *	(it keeps index % 10 == 0).  The cache stays until rmmod, for
 *	/sys/kernel/slab/slab_bench_frag to be read and shrunk; rmmod checks
 *	and frees the kept objects and prints how many were moved.
 *
 *	While the cache is there, writing 1 to
 *	/sys/module/slab_bench/parameters/frag_shrink calls kmem_cache_shrink()
 *	on it and leaves the guest ns it took in frag_shrink (read it back):
 *	under '-icount shift=0' the instructions of one shrink, which on the
 *	patched kernel evacuates the sparse slabs.
 *
 *	Writing "PFN NR_PAGES" to /sys/module/slab_bench/parameters/contig
 *	(with any run) calls alloc_contig_range() on each pageblock of the
 *	pfns PFN to PFN + NR_PAGES - 1, as virtio-mem does when it unplugs
 *	memory, and gives back at once what it got; reading the file then
 *	gives "TRIED TAKEN", the pageblocks tried and taken.  Pageblocks that
 *	are not online, or not in one zone, are not tried.  Every pageblock
 *	it could isolate is MIGRATE_MOVABLE afterwards, as virtio-mem leaves
 *	them.
 *
 *   insmod slab_bench.ko run=slowpath [rounds=N]
 *	Times the frees that take SLUB's slow path, in a kthread on CPU 0:
 *	fills 4096 slabs of a 256-byte cache, then frees the objects by
 *	their place in their slab's page: first one object of every slab
 *	(frees to full slabs, which go to the CPU partial list), then the
 *	others but one of every slab (frees to slabs on the partial lists,
 *	the frees that count free objects on partial slabs), then the last
 *	one of every slab (the slab becomes empty).  Prints the ns per free
 *	of each group, the fastest of N rounds.
 *
 *   insmod slab_bench.ko run=partial [slabs=N]
 *	In a kthread on CPU 0, fills slabs of the cache slab_bench_partial
 *	(256-byte objects, SLAB_NO_MERGE) with N * PAGE_SIZE / 256 objects,
 *	half of them on node 0 and half on node 1 (or all on node 0), then
 *	frees all but the first object of every page, leaving about N
 *	partial slabs.  It also starts a timer probe: an hrtimer pinned to
 *	CPU 0 that fires every 100 us and records its longest delay past the
 *	expiry in /sys/module/slab_bench/parameters/late_max_ns (write 0 to
 *	reset it), a bound on the longest section with interrupts off on
 *	CPU 0.  rmmod stops the probe and frees the objects and the cache.
 *
 * Results are "bench: KEY VALUE" lines in the kernel log (pr_info, prefix
 * "slab_bench: ").
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/gfp.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

static char *run = "fastpath";
module_param(run, charp, 0444);
MODULE_PARM_DESC(run, "fastpath, slowpath, frag or partial");
static unsigned long pairs = 1000000;
module_param(pairs, ulong, 0444);
MODULE_PARM_DESC(pairs, "fastpath: alloc+free pairs per round");
static unsigned int rounds = 3;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "fastpath, slowpath: timed rounds, after one warm-up");
static unsigned int objects = 200000;
module_param(objects, uint, 0444);
MODULE_PARM_DESC(objects, "frag: objects allocated before 9 in 10 are freed");
static unsigned int slabs = 1 << 20;
module_param(slabs, uint, 0444);
MODULE_PARM_DESC(slabs, "partial: partial slabs to leave");
static unsigned long late_max_ns;
module_param(late_max_ns, ulong, 0644);
MODULE_PARM_DESC(late_max_ns, "partial: longest delay of the CPU 0 timer probe");

/*
 * Run fn(arg) in a kthread bound to CPU 0 and wait for it, so that what it
 * times stays on one CPU.  Returns what fn returned.
 */
struct cpu0_call {
	int (*fn)(void *arg);
	void *arg;
	int ret;
	struct completion done;
};

static int cpu0_call_thread(void *p)
{
	struct cpu0_call *c = p;

	c->ret = c->fn(c->arg);
	kthread_complete_and_exit(&c->done, 0);
}

static int run_on_cpu0(int (*fn)(void *arg), void *arg)
{
	struct cpu0_call c = { .fn = fn, .arg = arg };
	struct task_struct *t;

	init_completion(&c.done);
	t = kthread_run_on_cpu(cpu0_call_thread, &c, 0, "slab_bench/%u");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wait_for_completion(&c.done);
	return c.ret;
}

/* --- Fast path ------------------------------------------------------ */

#define FP_SIZE		128

enum fp_kind { FP_CACHE, FP_MOVABLE, FP_KMALLOC, FP_KINDS };
static const char *const fp_name[FP_KINDS] = {
	"cache", "movable_cache", "kmalloc",
};

struct fp_run {
	struct kmem_cache *cache[FP_KINDS];	/* NULL for kmalloc */
	u64 min_ns[FP_KINDS], max_ns[FP_KINDS];
};

static void fp_ctor(void *p)
{
	memset(p, 0, FP_SIZE);
}

#ifdef CONFIG_SLAB_MOVABLE_OBJECTS
/* The fast-path cache is never shrunk; were it, nothing would move. */
static void *fp_isolate(struct kmem_cache *s, void **objs, unsigned int nr,
			gfp_t gfp)
{
	memset(objs, 0, nr * sizeof(*objs));
	return NULL;
}

static void fp_migrate(struct kmem_cache *s, void **objs, unsigned int nr,
		       int node, gfp_t gfp, void *private)
{
}

static void fp_putback(struct kmem_cache *s, void **objs, unsigned int nr,
		       void *private)
{
}

static const struct kmem_cache_movable_ops fp_ops = {
	.isolate = fp_isolate,
	.migrate = fp_migrate,
	.putback = fp_putback,
};
#endif

/* One round of n alloc+free pairs; the time it took in ns, 0 on failure */
static u64 fp_round(struct kmem_cache *s, unsigned long n)
{
	unsigned long i;
	u64 t0, t1;
	void *p;

	t0 = ktime_get_ns();
	if (s) {
		for (i = 0; i < n; i++) {
			p = kmem_cache_alloc(s, GFP_KERNEL);
			if (unlikely(!p))
				return 0;
			OPTIMIZER_HIDE_VAR(p);
			kmem_cache_free(s, p);
		}
	} else {
		for (i = 0; i < n; i++) {
			p = kmalloc(FP_SIZE, GFP_KERNEL);
			if (unlikely(!p))
				return 0;
			OPTIMIZER_HIDE_VAR(p);
			kfree(p);
		}
	}
	t1 = ktime_get_ns();
	return max(t1 - t0, 1ULL);
}

static int fp_rounds(void *arg)
{
	struct fp_run *r = arg;
	unsigned int k, i;
	u64 ns;

	for (k = 0; k < FP_KINDS; k++) {
		if (!fp_round(r->cache[k], pairs))	/* warm-up */
			return -ENOMEM;
		r->min_ns[k] = U64_MAX;
		for (i = 0; i < rounds; i++) {
			ns = fp_round(r->cache[k], pairs);
			if (!ns)
				return -ENOMEM;
			r->min_ns[k] = min(r->min_ns[k], ns);
			r->max_ns[k] = max(r->max_ns[k], ns);
		}
		cond_resched();
	}
	return 0;
}

static int run_fastpath(void)
{
	struct kmem_cache_args movable = {
		.ctor = fp_ctor,
#ifdef CONFIG_SLAB_MOVABLE_OBJECTS
		.movable_ops = &fp_ops,
#endif
	};
	struct fp_run *r;
	unsigned int k;
	int err;

	if (!pairs || !rounds)
		return -EINVAL;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->cache[FP_CACHE] = kmem_cache_create("slab_bench_plain", FP_SIZE,
					       NULL, SLAB_NO_MERGE);
	r->cache[FP_MOVABLE] = kmem_cache_create("slab_bench_movable", FP_SIZE,
						 &movable, SLAB_NO_MERGE);
	err = -ENOMEM;
	if (!r->cache[FP_CACHE] || !r->cache[FP_MOVABLE])
		goto out;

	err = run_on_cpu0(fp_rounds, r);
	if (err)
		goto out;

	for (k = 0; k < FP_KINDS; k++) {
		/* Both in thousandths, printed with three decimals */
		u64 per = div64_u64(r->min_ns[k] * 1000, pairs);
		u64 spread = div64_u64((r->max_ns[k] - r->min_ns[k]) * 100000,
				       r->min_ns[k]);

		pr_info("bench: fastpath.%s.ns_per_pair %llu.%03llu\n",
			fp_name[k], per / 1000, per % 1000);
		pr_info("bench: fastpath.%s.spread_pct %llu.%03llu\n",
			fp_name[k], spread / 1000, spread % 1000);
	}
out:
	kmem_cache_destroy(r->cache[FP_CACHE]);
	kmem_cache_destroy(r->cache[FP_MOVABLE]);
	kfree(r);
	return err;
}

/* --- Fragmentation ---------------------------------------------------- */

#define FRAG_WORDS	62	/* 256-byte objects */

struct frag_obj {
	u32 idx;		/* Table slot that references the object */
	u8 live;		/* In the table; 0 when constructed */
	u8 moving;		/* Pinned by isolate until migrate is done */
	u16 pad;
	u32 word[FRAG_WORDS];	/* Payload: a function of idx */
};

static struct kmem_cache *frag_cache;
static struct frag_obj **frag_slot;	/* The table, vmalloc'ed */
static DEFINE_SPINLOCK(frag_lock);	/* The owner's lock of every object */
static atomic_t frag_moved = ATOMIC_INIT(0);

static void frag_ctor(void *p)
{
	memset(p, 0, sizeof(struct frag_obj));
}

static u32 frag_word(u32 idx, unsigned int w)
{
	return idx * 2654435761U + w;
}

#ifdef CONFIG_SLAB_MOVABLE_OBJECTS
/* SLUB locks held, IRQs off: pin the live objects, skip freed ones */
static void *frag_isolate(struct kmem_cache *s, void **objs, unsigned int nr,
			  gfp_t gfp)
{
	unsigned int i, pinned = 0;

	if (!spin_trylock(&frag_lock))
		return NULL;
	for (i = 0; i < nr; i++) {
		struct frag_obj *obj = objs[i];

		if (!obj->live || obj->moving) {
			objs[i] = NULL;
			continue;
		}
		obj->moving = 1;
		pinned++;
	}
	spin_unlock(&frag_lock);
	return pinned ? frag_slot : NULL;
}

/* No locks held: copy each pinned object, repoint its slot, free it */
static void frag_migrate(struct kmem_cache *s, void **objs, unsigned int nr,
			 int node, gfp_t gfp, void *private)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct frag_obj *old = objs[i], *new;

		if (!old)
			continue;
		new = kmem_cache_alloc_replacement(s, old, gfp, node);
		spin_lock(&frag_lock);
		if (!new) {
			old->moving = 0;
			spin_unlock(&frag_lock);
			continue;
		}
		memcpy(new, old, sizeof(*new));
		new->moving = 0;
		kmem_cache_commit_replacement(s, old, new);
		frag_slot[old->idx] = new;
		frag_ctor(old);
		spin_unlock(&frag_lock);
		kmem_cache_free(s, old);
		objs[i] = new;
		atomic_inc(&frag_moved);
	}
}

/* No locks held: unpin, move nothing */
static void frag_putback(struct kmem_cache *s, void **objs, unsigned int nr,
			 void *private)
{
	unsigned int i;

	spin_lock(&frag_lock);
	for (i = 0; i < nr; i++) {
		struct frag_obj *obj = objs[i];

		if (obj)
			obj->moving = 0;
	}
	spin_unlock(&frag_lock);
}

static const struct kmem_cache_movable_ops frag_ops = {
	.isolate = frag_isolate,
	.migrate = frag_migrate,
	.putback = frag_putback,
};
#endif

/* Unlink and free the object of slot i, waiting out a move in progress */
static void frag_free(unsigned int i)
{
	struct frag_obj *obj;

	for (;;) {
		spin_lock(&frag_lock);
		obj = frag_slot[i];
		if (!obj || !obj->moving)
			break;
		spin_unlock(&frag_lock);
		cond_resched();
	}
	frag_slot[i] = NULL;
	if (obj)
		frag_ctor(obj);
	spin_unlock(&frag_lock);
	if (obj)
		kmem_cache_free(frag_cache, obj);
}

/* Check and free the kept objects, then the table and the cache */
static void frag_teardown(void)
{
	unsigned int i, w, bad = 0;

	for (i = 0; frag_slot && frag_cache && i < objects; i++) {
		struct frag_obj *obj;

		spin_lock(&frag_lock);
		obj = frag_slot[i];
		if (obj && (obj->idx != i || !obj->live))
			bad++;
		for (w = 0; obj && w < FRAG_WORDS; w++) {
			if (obj->word[w] != frag_word(i, w)) {
				bad++;
				break;
			}
		}
		spin_unlock(&frag_lock);
		frag_free(i);
		if (i % 4096 == 0)
			cond_resched();
	}
	WARN(bad, "%u objects of slab_bench_frag were corrupted\n", bad);
	if (frag_cache)
		pr_info("bench: frag.test_cache.moved %d\n",
			atomic_read(&frag_moved));
	vfree(frag_slot);
	frag_slot = NULL;
	/* frag_shrink_set() runs under the parameters' lock */
	kernel_param_lock(THIS_MODULE);
	kmem_cache_destroy(frag_cache);
	frag_cache = NULL;
	kernel_param_unlock(THIS_MODULE);
}

/*
 * Write 1: shrink slab_bench_frag; read: the ns the last shrink took.  The
 * parameters' lock, which the write holds, keeps frag_teardown() from
 * destroying the cache meanwhile.
 */
static u64 frag_shrink_ns;

static int frag_shrink_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	u64 t0;

	if (kstrtobool(val, &on) || !on)
		return -EINVAL;
	if (!frag_cache)
		return -ENOENT;
	t0 = ktime_get_ns();
	kmem_cache_shrink(frag_cache);
	frag_shrink_ns = ktime_get_ns() - t0;
	return 0;
}

static int frag_shrink_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%llu\n", frag_shrink_ns);
}

static const struct kernel_param_ops frag_shrink_ops = {
	.set = frag_shrink_set,
	.get = frag_shrink_get,
};
module_param_cb(frag_shrink, &frag_shrink_ops, NULL, 0644);
MODULE_PARM_DESC(frag_shrink, "frag: write 1 to shrink the cache; read: ns it took");

static int run_frag(void)
{
	struct kmem_cache_args args = {
		.ctor = frag_ctor,
#ifdef CONFIG_SLAB_MOVABLE_OBJECTS
		.movable_ops = &frag_ops,
#endif
	};
	unsigned int i, w, kept = 0;

	BUILD_BUG_ON(sizeof(struct frag_obj) != 256);
	if (!objects)
		return -EINVAL;
	frag_slot = vcalloc(objects, sizeof(*frag_slot));
	frag_cache = kmem_cache_create("slab_bench_frag",
				       sizeof(struct frag_obj), &args, 0);
	if (!frag_slot || !frag_cache)
		goto fail;

	for (i = 0; i < objects; i++) {
		struct frag_obj *obj = kmem_cache_alloc(frag_cache, GFP_KERNEL);

		if (!obj)
			goto fail;
		for (w = 0; w < FRAG_WORDS; w++)
			obj->word[w] = frag_word(i, w);
		spin_lock(&frag_lock);
		obj->idx = i;
		obj->live = 1;
		frag_slot[i] = obj;
		spin_unlock(&frag_lock);
		if (i % 4096 == 0)
			cond_resched();
	}
	for (i = 0; i < objects; i++) {
		if (i % 10 == 0) {
			kept++;
			continue;
		}
		frag_free(i);
		if (i % 4096 == 0)
			cond_resched();
	}
	pr_info("bench: frag.test_cache.objects_allocated %u\n", objects);
	pr_info("bench: frag.test_cache.objects_kept %u\n", kept);
	return 0;

fail:
	frag_teardown();
	return -ENOMEM;
}

/* --- Slow-path frees -------------------------------------------------- */

#define SP_SLABS	4096
#define SP_SIZE		256
#define SP_OBJECTS	(SP_SLABS * (PAGE_SIZE / SP_SIZE))

enum sp_group { SP_TO_FULL, SP_TO_PARTIAL, SP_LAST, SP_GROUPS };
static const char *const sp_name[SP_GROUPS] = {
	"free_to_full", "free_to_partial", "free_last",
};

struct sp_run {
	struct kmem_cache *s;
	void **objs;
	u8 *place;		/* Index of the object in its page's run */
	u64 min_ns[SP_GROUPS];
	unsigned long nr[SP_GROUPS];
};

static enum sp_group sp_group_of(u8 place)
{
	if (place == 1)
		return SP_TO_FULL;
	return place ? SP_TO_PARTIAL : SP_LAST;
}

/* Free the objects of @g in page order, return the ns it took */
static u64 sp_free_group(struct sp_run *r, enum sp_group g)
{
	unsigned int i;
	u64 t0 = ktime_get_ns();

	for (i = 0; i < SP_OBJECTS; i++)
		if (sp_group_of(r->place[i]) == g)
			kmem_cache_free(r->s, r->objs[i]);
	return ktime_get_ns() - t0;
}

static int sp_round(struct sp_run *r)
{
	unsigned long prev = 0;
	unsigned int i;
	int g;

	for (i = 0; i < SP_OBJECTS; i++) {
		unsigned long page;

		r->objs[i] = kmem_cache_alloc(r->s, GFP_KERNEL);
		if (!r->objs[i]) {
			while (i--)
				kmem_cache_free(r->s, r->objs[i]);
			return -ENOMEM;
		}
		page = (unsigned long)r->objs[i] & PAGE_MASK;
		r->place[i] = page == prev ? min(r->place[i - 1] + 1, 255) : 0;
		prev = page;
	}
	memset(r->nr, 0, sizeof(r->nr));
	for (i = 0; i < SP_OBJECTS; i++)
		r->nr[sp_group_of(r->place[i])]++;
	for (g = 0; g < SP_GROUPS; g++)
		r->min_ns[g] = min(r->min_ns[g], sp_free_group(r, g));
	kmem_cache_shrink(r->s);
	return 0;
}

static int sp_rounds(void *arg)
{
	struct sp_run *r = arg;
	unsigned int k;
	int err, g;

	for (g = 0; g < SP_GROUPS; g++)
		r->min_ns[g] = U64_MAX;
	err = sp_round(r);			/* warm-up */
	for (g = 0; g < SP_GROUPS; g++)
		r->min_ns[g] = U64_MAX;
	for (k = 0; k < rounds && !err; k++)
		err = sp_round(r);
	return err;
}

static int run_slowpath(void)
{
	struct sp_run *r;
	int err = -ENOMEM, g;

	if (!rounds)
		return -EINVAL;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->objs = vcalloc(SP_OBJECTS, sizeof(*r->objs));
	r->place = vcalloc(SP_OBJECTS, sizeof(*r->place));
	r->s = kmem_cache_create("slab_bench_slowpath", SP_SIZE, 0,
				 SLAB_NO_MERGE, NULL);
	if (!r->objs || !r->place || !r->s)
		goto out;
	err = run_on_cpu0(sp_rounds, r);
	for (g = 0; g < SP_GROUPS && !err; g++) {
		u64 per = div64_u64(r->min_ns[g] * 1000, max(r->nr[g], 1UL));

		pr_info("bench: slowpath.%s.ns_per_free %llu.%03llu\n",
			sp_name[g], per / 1000, per % 1000);
		pr_info("bench: slowpath.%s.frees %lu\n", sp_name[g], r->nr[g]);
	}
out:
	kmem_cache_destroy(r->s);
	vfree(r->place);
	vfree(r->objs);
	kfree(r);
	return err;
}

/* --- Partial slabs ---------------------------------------------------- */

#define PARTIAL_SIZE		256
#define PROBE_PERIOD_NS		(100 * NSEC_PER_USEC)

static struct kmem_cache *partial_cache;
static void **partial_kept;
static unsigned long partial_nr_kept;
static struct hrtimer probe_timer;
static bool probe_started;

static enum hrtimer_restart probe_fn(struct hrtimer *t)
{
	s64 late = ktime_to_ns(ktime_sub(ktime_get(), hrtimer_get_expires(t)));

	if (late > (s64)READ_ONCE(late_max_ns))
		WRITE_ONCE(late_max_ns, late);
	hrtimer_forward_now(t, ns_to_ktime(PROBE_PERIOD_NS));
	return HRTIMER_RESTART;
}

/* Allocate all objects, then free all but the first of each page */
static int partial_fill(void)
{
	unsigned long per_page = PAGE_SIZE / PARTIAL_SIZE;
	unsigned long nr = (unsigned long)slabs * per_page, i;
	int nodes = num_online_nodes() > 1 ? 2 : 1;
	unsigned long prev_page = 0;
	void **all;
	int err = 0;

	all = vcalloc(nr, sizeof(*all));
	partial_kept = vcalloc(nr, sizeof(*partial_kept));
	if (!all || !partial_kept) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		all[i] = kmem_cache_alloc_node(partial_cache, GFP_KERNEL,
					       i < nr / nodes ? 0 : 1);
		if (!all[i]) {
			err = -ENOMEM;
			break;
		}
		if (i % 4096 == 0)
			cond_resched();
	}
	for (i = 0; i < nr && all[i]; i++) {
		unsigned long page = (unsigned long)all[i] & PAGE_MASK;

		if (page != prev_page)
			partial_kept[partial_nr_kept++] = all[i];
		else
			kmem_cache_free(partial_cache, all[i]);
		prev_page = page;
		if (i % 4096 == 0)
			cond_resched();
	}
	pr_info("bench: partial.objects_allocated %lu\n", i);
	pr_info("bench: partial.objects_kept %lu\n", partial_nr_kept);
out:
	vfree(all);
	return err;
}

/* On CPU 0: start the timer probe there, then fill the cache */
static int partial_start(void *unused)
{
	hrtimer_init(&probe_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_PINNED_HARD);
	probe_timer.function = probe_fn;
	hrtimer_start(&probe_timer, ns_to_ktime(PROBE_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
	probe_started = true;
	return partial_fill();
}

static void partial_teardown(void)
{
	unsigned long i;

	if (probe_started)
		hrtimer_cancel(&probe_timer);
	probe_started = false;
	for (i = 0; i < partial_nr_kept; i++) {
		kmem_cache_free(partial_cache, partial_kept[i]);
		if (i % 4096 == 0)
			cond_resched();
	}
	partial_nr_kept = 0;
	vfree(partial_kept);
	partial_kept = NULL;
	kmem_cache_destroy(partial_cache);
	partial_cache = NULL;
}

static int run_partial(void)
{
	int err;

	partial_cache = kmem_cache_create("slab_bench_partial", PARTIAL_SIZE,
					  0, SLAB_NO_MERGE, NULL);
	if (!partial_cache)
		return -ENOMEM;
	err = run_on_cpu0(partial_start, NULL);
	if (err)
		partial_teardown();
	return err;
}

/* --- Contiguous ranges ------------------------------------------------ */

/* Write "PFN NR_PAGES": alloc_contig_range() each pageblock; read the result */
static unsigned long contig_tried, contig_taken;

static int contig_set(const char *val, const struct kernel_param *kp)
{
	unsigned long start, nr, pfn;
	char end;
	int n = sscanf(val, "%lu %lu%c", &start, &nr, &end);

	if (n < 2 || (n == 3 && end != '\n') || !nr || start + nr < start ||
	    !IS_ALIGNED(start | nr, pageblock_nr_pages))
		return -EINVAL;
	contig_tried = contig_taken = 0;
	for (pfn = start; pfn < start + nr; pfn += pageblock_nr_pages) {
		/* One zone, all of it online: what alloc_contig_range() takes */
		struct page *first = pfn_to_online_page(pfn);
		struct page *last = pfn_to_online_page(pfn + pageblock_nr_pages - 1);

		if (!first || !last || page_zone(first) != page_zone(last))
			continue;
		contig_tried++;
		if (!alloc_contig_range(pfn, pfn + pageblock_nr_pages,
					MIGRATE_MOVABLE,
					GFP_KERNEL | __GFP_NOWARN)) {
			free_contig_range(pfn, pageblock_nr_pages);
			contig_taken++;
		}
		cond_resched();
	}
	return 0;
}

static int contig_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lu %lu\n", contig_tried, contig_taken);
}

static const struct kernel_param_ops contig_ops = {
	.set = contig_set,
	.get = contig_get,
};
module_param_cb(contig, &contig_ops, NULL, 0644);
MODULE_PARM_DESC(contig, "write PFN NR_PAGES: alloc_contig_range() each pageblock; read: tried taken");

static int __init slab_bench_init(void)
{
	if (!strcmp(run, "fastpath"))
		return run_fastpath();
	if (!strcmp(run, "frag"))
		return run_frag();
	if (!strcmp(run, "partial"))
		return run_partial();
	if (!strcmp(run, "slowpath"))
		return run_slowpath();
	pr_err("unknown run=%s: fastpath, slowpath, frag or partial\n", run);
	return -EINVAL;
}

static void __exit slab_bench_exit(void)
{
	frag_teardown();
	partial_teardown();
}

module_init(slab_bench_init);
module_exit(slab_bench_exit);
MODULE_DESCRIPTION("Slab fast-path and fragmentation figures for the SMO harness");
MODULE_LICENSE("GPL");
