// SPDX-License-Identifier: GPL-2.0
/*
 * fragment: fragment the slab caches that hold files.
 *
 *   fragment DIR NFILES KEEP_PERCENT SEED [FILE_BYTES [open]]
 *
 * Creates NFILES files under DIR (1000 per subdirectory), each with a few
 * bytes of content or FILE_BYTES of it, then deletes a pseudo-random
 * (100 - KEEP_PERCENT) percent of them. The same SEED deletes the same
 * files on every kernel. With 'open', a file is deleted while it is open,
 * as a temporary file is: its dentry is then freed on close instead of
 * staying in the dcache as a negative dentry (which disk file systems
 * keep). Prints 'bench: NAME VALUE' lines for the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PER_DIR 1000

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	/* xorshift64*: small, and the same on every machine */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static void file_name(char *buf, size_t len, const char *dir, long i)
{
	snprintf(buf, len, "%s/d%04ld/f%06ld", dir, i / PER_DIR, i);
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "fragment: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	static char data[1 << 16];
	long nfiles, keep, i, kept = 0;
	size_t size = 0;
	bool open_unlink;
	char path[4096];
	const char *dir;

	if (argc < 5 || argc > 7) {
		fprintf(stderr, "usage: fragment DIR NFILES KEEP_PERCENT SEED [FILE_BYTES [open]]\n");
		return 2;
	}
	dir = argv[1];
	nfiles = atol(argv[2]);
	keep = atol(argv[3]);
	rng_state = strtoull(argv[4], NULL, 0) | 1;
	if (argc > 5)
		size = atol(argv[5]);
	open_unlink = argc > 6 && !strcmp(argv[6], "open");
	if (size > sizeof(data)) {
		fprintf(stderr, "fragment: FILE_BYTES is at most %zu\n", sizeof(data));
		return 2;
	}
	memset(data, 'x', size);

	for (i = 0; i < nfiles; i++) {
		int fd;

		if (i % PER_DIR == 0) {
			snprintf(path, sizeof(path), "%s/d%04ld", dir, i / PER_DIR);
			if (mkdir(path, 0755) && errno != EEXIST)
				die("mkdir", path);
		}
		file_name(path, sizeof(path), dir, i);
		fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fd < 0)
			die("create", path);
		if (!size)
			snprintf(data, sizeof(data), "file %ld\n", i);
		if (write(fd, data, size ? size : strlen(data)) < 0)
			die("write", path);
		close(fd);
	}

	for (i = 0; i < nfiles; i++) {
		if ((long)(rng_next() % 100) < keep) {
			kept++;
			continue;
		}
		file_name(path, sizeof(path), dir, i);
		if (open_unlink) {
			int fd = open(path, O_RDONLY);

			if (fd < 0)
				die("open", path);
			if (unlink(path))
				die("unlink", path);
			close(fd);
		} else if (unlink(path)) {
			die("unlink", path);
		}
	}
	printf("bench: files.created %ld\n", nfiles);
	printf("bench: files.kept %ld\n", kept);
	return 0;
}
