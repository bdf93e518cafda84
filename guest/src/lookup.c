// SPDX-License-Identifier: GPL-2.0
/*
 * lookup: time a find and stat of every name under a directory.
 *
 *   lookup NAME DIR
 *
 * Walks DIR recursively, as find does, and stats every name it finds.
 * Prints 'bench: files.lookup_ms.NAME MS' and the number of names.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long names;

static int walk(int dirfd)
{
	DIR *dir = fdopendir(dirfd);
	struct dirent *d;

	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		struct stat st;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW))
			return -1;
		names++;
		if (S_ISDIR(st.st_mode)) {
			int fd = openat(dirfd, d->d_name,
					O_RDONLY | O_DIRECTORY);

			if (fd < 0 || walk(fd))
				return -1;
		}
	}
	closedir(dir);
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: lookup NAME DIR\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY | O_DIRECTORY);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (fd < 0 || walk(fd)) {
		perror("lookup");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("bench: files.lookup_ms.%s %.1f\n", argv[1],
	       (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
	printf("bench: files.lookup_names.%s %ld\n", argv[1], names);
	return 0;
}
