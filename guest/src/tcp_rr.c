// SPDX-License-Identifier: GPL-2.0
/*
 * Loopback TCP request/response, for guest/bench.sh:
 *   tcp_rr TRANSACTIONS
 * A server and a client process (fork) on one TCP connection over
 * 127.0.0.1, TCP_NODELAY on both ends. The client writes 1 byte, the
 * server reads it and writes 1 byte back, the client reads it: one
 * transaction. After 1,000 untimed transactions (warm-up), the client
 * times TRANSACTIONS of them with CLOCK_MONOTONIC and prints
 *   TRANSACTIONS ELAPSED_NS
 * Each transaction allocates and frees two skbs (sk_buff and its data,
 * kmalloc), so this is the slab fast path of the networking stack at its
 * smallest.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 1000

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("setsockopt TCP_NODELAY");
}

/* Write one byte, read one byte; n times */
static void ping(int fd, long n)
{
	char c = 'x';

	while (n-- > 0) {
		if (write(fd, &c, 1) != 1)
			die("client write");
		if (read(fd, &c, 1) != 1)
			die("client read");
	}
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	long n = argc > 1 ? atol(argv[1]) : 0;
	int lfd, fd, status;
	long long t0, t1;
	pid_t pid;
	char c;

	if (n <= 0) {
		fprintf(stderr, "usage: tcp_rr TRANSACTIONS\n");
		return 2;
	}
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) || listen(lfd, 1))
		die("bind/listen on 127.0.0.1");

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {		/* client */
		close(lfd);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			die("connect");
		nodelay(fd);
		ping(fd, WARMUP);
		t0 = now_ns();
		ping(fd, n);
		t1 = now_ns();
		printf("%ld %lld\n", n, t1 - t0);
		fflush(stdout);
		close(fd);
		_exit(0);
	}

	fd = accept(lfd, NULL, NULL);	/* server */
	if (fd < 0)
		die("accept");
	nodelay(fd);
	while (read(fd, &c, 1) == 1)
		if (write(fd, &c, 1) != 1)
			die("server write");
	close(fd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return 1;
	return 0;
}
