/*
 * role: what a copy of lanner-eventgen does when an action starts it
 * under another program's name (nginx, sed, ssh, nc, ...). The role is
 * in the environment; the command line is the imitated program's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eg.h"

/* Runs the command after "--", in the role named by EG_NEXT_ENV. */
static int role_spawn(int argc, char **argv)
{
	const char *next = getenv(EG_NEXT_ENV);
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		;
	if (i + 1 >= argc) {
		fprintf(stderr, "spawn: no command after --\n");
		return 1;
	}
	if (next)
		setenv(EG_ROLE_ENV, next, 1);
	else
		unsetenv(EG_ROLE_ENV);
	unsetenv(EG_NEXT_ENV);
	return eg_run(argv + i + 1, NULL) == 0 ? 0 : 1;
}

static int role_connect(void)
{
	const char *addr = getenv(EG_ADDR_ENV);
	const char *colon = addr ? strrchr(addr, ':') : NULL;
	char ip[64], *end;
	long port;
	int fd;

	if (!colon || colon - addr >= (long)sizeof(ip) ||
	    (port = strtol(colon + 1, &end, 10)) <= 0 || *end || port > 65535) {
		fprintf(stderr, "connect: %s unset or not IP:PORT\n",
			EG_ADDR_ENV);
		return 1;
	}
	snprintf(ip, sizeof(ip), "%.*s", (int)(colon - addr), addr);
	fd = eg_connect(ip, (int)port, 200);
	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

static int role_listen(void)
{
	int port, fd = eg_listen(&port);

	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

static int role_write(void)
{
	const char *path = getenv(EG_PATH_ENV);
	int fd;

	if (!path)
		return 1;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

/* A decoy that waits to be signalled, never longer than a few seconds. */
static int role_pause(void)
{
	struct timespec t = {5, 0};

	nanosleep(&t, NULL);
	return 0;
}

int eg_role_main(const char *role, int argc, char **argv)
{
	if (!strcmp(role, "exit"))
		return 0;
	if (!strcmp(role, "spawn"))
		return role_spawn(argc, argv);
	if (!strcmp(role, "connect"))
		return role_connect();
	if (!strcmp(role, "listen"))
		return role_listen();
	if (!strcmp(role, "write"))
		return role_write();
	if (!strcmp(role, "pause"))
		return role_pause();
	fprintf(stderr, "lanner-eventgen: unknown role %s\n", role);
	return 2;
}
