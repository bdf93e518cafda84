// SPDX-License-Identifier: GPL-2.0
/*
 * blockscan: what the pages of a pfn range hold, from /proc/kpageflags.
 *
 *   blockscan FIRST_PFN NR_PFNS
 *
 * Prints "FREE LRU MOVABLE_SLAB SLAB OTHER": the pages of the range that
 * are free in the buddy allocator; on an LRU list (user and page-cache
 * pages, which migration moves); slab pages of caches with movable_ops
 * (the slab flag with PG_owner_priv_1, which is PG_movable_slab on a slab
 * page of the patched kernel, and never set on one of the unpatched base);
 * other slab pages; and everything else: kernel allocations, page tables,
 * reserved pages, and free pages that a CPU keeps on its per-CPU lists,
 * which kpageflags cannot tell from an allocated page without flags.
 * Holes (no struct page) are not counted.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* include/uapi/linux/kernel-page-flags.h and fs/proc/page.c */
#define KPF_LRU			5
#define KPF_SLAB		7
#define KPF_BUDDY		10
#define KPF_NOPAGE		20
#define KPF_OWNER_PRIVATE	37

#define BATCH	4096

enum { FREE, LRU, MOVABLE_SLAB, SLAB, OTHER, KINDS };

static int kind(uint64_t f)
{
	if (f & (1ULL << KPF_BUDDY))
		return FREE;
	if (f & (1ULL << KPF_SLAB))
		return f & (1ULL << KPF_OWNER_PRIVATE) ? MOVABLE_SLAB : SLAB;
	if (f & (1ULL << KPF_LRU))
		return LRU;
	return OTHER;
}

int main(int argc, char **argv)
{
	static uint64_t flags[BATCH];
	unsigned long first, nr, done = 0, count[KINDS] = { 0 };
	int fd, i;

	if (argc != 3) {
		fprintf(stderr, "usage: blockscan FIRST_PFN NR_PFNS\n");
		return 2;
	}
	first = strtoul(argv[1], NULL, 0);
	nr = strtoul(argv[2], NULL, 0);
	fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0) {
		perror("blockscan: /proc/kpageflags");
		return 1;
	}
	while (done < nr) {
		unsigned long want = nr - done < BATCH ? nr - done : BATCH;
		ssize_t got = pread(fd, flags, want * sizeof(flags[0]),
				    (first + done) * sizeof(flags[0]));

		if (got <= 0) {
			perror("blockscan: reading /proc/kpageflags");
			return 1;
		}
		for (i = 0; i < got / (ssize_t)sizeof(flags[0]); i++)
			if (!(flags[i] & (1ULL << KPF_NOPAGE)))
				count[kind(flags[i])]++;
		done += got / sizeof(flags[0]);
	}
	printf("%lu %lu %lu %lu %lu\n", count[FREE], count[LRU],
	       count[MOVABLE_SLAB], count[SLAB], count[OTHER]);
	return 0;
}
