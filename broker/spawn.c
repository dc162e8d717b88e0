/*
 * Starting one child: fork, then exec its program so it gets a fresh
 * address space. The child inherits only stdin (/dev/null), stdout (the
 * terminal for the stdout channel, else /dev/null), a stderr pipe the
 * broker relays, for capture and engine the ring memfd and eventfd, and
 * for capture (or lanner-replay) the capture files the broker opened, and
 * for an output worker with a sink (sink.c) its end of a socket pair.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"

static int keep_across_exec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl < 0 ? -1 : fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
}

static void child_stdio(const struct child *c, int err_fd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    (!c->def->owns_stdout && dup2(null, STDOUT_FILENO) < 0) ||
	    dup2(err_fd, STDERR_FILENO) < 0)
		_exit(126);
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void __attribute__((noreturn))
child_exec(const struct child *c, int err_fd, int sink_fd)
{
	const struct broker *b = c->b;
	char ring[16], wake[16], snap[16], sink[16],
	    files[BROKER_MAX_FILES][16];
	const char *argv[18 + 2 * BROKER_MAX_FILES];
	int n = 0;
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	child_stdio(c, err_fd);
	/* Everything else the broker holds stays behind. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		_exit(126);
	argv[n++] = c->def->binary;
	if (c->def->channel)
		argv[n++] = c->def->channel;
	if (c->def->needs_ring) {
		if (keep_across_exec(b->ring_fd) < 0 ||
		    keep_across_exec(b->wake_fd) < 0)
			_exit(126);
		snprintf(ring, sizeof(ring), "%d", b->ring_fd);
		snprintf(wake, sizeof(wake), "%d", b->wake_fd);
		argv[n++] = "--ring-fd";
		argv[n++] = ring;
		argv[n++] = "--wake-fd";
		argv[n++] = wake;
	}
	if (c->def->role == ROLE_ENGINE && b->snapshot_fd >= 0) {
		if (keep_across_exec(b->snapshot_fd) < 0)
			_exit(126);
		snprintf(snap, sizeof(snap), "%d", b->snapshot_fd);
		argv[n++] = "--snapshot-fd";
		argv[n++] = snap;
	}
	for (int i = 0; c->def->role == ROLE_CAPTURE && i < b->nfile_fds; i++) {
		if (keep_across_exec(b->file_fds[i]) < 0)
			_exit(126);
		snprintf(files[i], sizeof(files[i]), "%d", b->file_fds[i]);
		argv[n++] = "--file-fd";
		argv[n++] = files[i];
	}
	if (sink_fd >= 0) {
		if (keep_across_exec(sink_fd) < 0)
			_exit(126);
		snprintf(sink, sizeof(sink), "%d", sink_fd);
		argv[n++] = "--sink-fd";
		argv[n++] = sink;
	}
	argv[n++] = "--ctl";
	argv[n++] = c->url;
	argv[n++] = "--log-level";
	argv[n++] = b->log_level;
	argv[n] = NULL;
	execv(c->path, (char *const *)argv);
	dprintf(STDERR_FILENO, "lanner: cannot execute %s: %s\n", c->path,
		strerror(errno));
	_exit(127);
}

/* A fresh socket pair per run: the old worker's end died with it. */
static int sink_pair(struct child *c, int *theirs)
{
	int sv[2];

	*theirs = -1;
	if (c->def->sink == SINK_none)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	/* One way only: the worker's requests go through its endpoint,
	 * and nothing it writes here could pile up unread. */
	shutdown(sv[0], SHUT_RD);
	if (c->sink_sock >= 0)
		close(c->sink_sock);
	c->sink_sock = sv[0];
	*theirs = sv[1];
	return 0;
}

int child_spawn(struct child *c)
{
	int p[2], sink = -1;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if (sink_pair(c, &sink) < 0 || (pid = fork()) < 0) {
		int e = errno;

		close(p[0]);
		close(p[1]);
		if (sink >= 0)
			close(sink);
		return -e;
	}
	if (pid == 0)
		child_exec(c, p[1], sink);
	close(p[1]);
	if (sink >= 0)
		close(sink);
	if (logrelay_start(c->b->base, p[0]) < 0)
		close(p[0]);
	c->pid = pid;
	c->hello = 0;
	c->ready = 0;
	c->stats_at.tv_sec = 0; /* no report from this run yet */
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	log_info("started %s[%d]", c->def->binary, (int)pid);
	return 0;
}

void child_restart(struct child *c, const char *why)
{
	if (!c->pid)
		return;
	log_info("restarting %s[%d]: %s", c->def->binary, (int)c->pid, why);
	kill(c->pid, SIGTERM);
}

void child_kill(struct child *c, const char *why)
{
	if (!c->pid)
		return;
	log_err("killing %s[%d]: %s", c->def->binary, (int)c->pid, why);
	kill(c->pid, SIGKILL);
}
