// SPDX-License-Identifier: GPL-2.0
/*
 * readtime: time whole reads of a file, on CPU 0.
 *
 *   readtime FILE ROUNDS
 *
 * Pins itself to CPU 0, then ROUNDS times opens FILE, reads it to the end
 * and closes it. Prints the fastest and the slowest round in microseconds
 * and the bytes one read returned: "MIN_US MAX_US BYTES".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 16];

static long read_all(const char *path)
{
	long bytes = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		bytes += n;
	close(fd);
	return n < 0 ? -1 : bytes;
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	double min = 1e30, max = 0;
	long bytes = 0;
	int rounds, i;
	cpu_set_t cpu0;

	if (argc != 3 || (rounds = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: readtime FILE ROUNDS\n");
		return 2;
	}
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0)) {
		perror("readtime: sched_setaffinity");
		return 1;
	}
	for (i = 0; i < rounds; i++) {
		double t0 = now_us(), t;

		bytes = read_all(argv[1]);
		t = now_us() - t0;
		if (bytes < 0) {
			perror(argv[1]);
			return 1;
		}
		min = t < min ? t : min;
		max = t > max ? t : max;
	}
	printf("%.0f %.0f %ld\n", min, max, bytes);
	return 0;
}
