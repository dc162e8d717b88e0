/*
 * What a restarted engine needs to see what its predecessor saw. Capture
 * goes on capturing while the engine is down, so events wait in the ring;
 * but the read index there was written by the dead engine, and the new
 * one knows no process that started before it. So before each restart
 * the broker keeps the index only if whole records lead from it to
 * capture's head (else it moves it to the head), and runs lanner-snapshot
 * to write a fresh /proc snapshot into a ring of its own, which the new
 * engine reads first. The snapshot's names are not those the probe's
 * process filter holds: the filter is off from the death until the
 * snapshot is taken, then trusts only processes seen after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"
#include "paths.h"
#include "ring.h"

#define RESEED_SNAPSHOT_SIZE (32u << 20) /* pages are used as written */
#define RESEED_WAIT_MS 20000

static const struct proc_def snapshot_def = {
    .name = "snapshot",
    .binary = "lanner-snapshot",
    .builddir = "capture",
};

static void __attribute__((noreturn))
exec_snapshot(const char *path, int fd, int null)
{
	char arg[16];
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
	    fcntl(fd, F_SETFD, 0) < 0)
		_exit(126);
	snprintf(arg, sizeof(arg), "%d", fd);
	execl(path, snapshot_def.binary, "--ring-fd", arg, (char *)NULL);
	_exit(127);
}

/* Waits for pid, at most RESEED_WAIT_MS; its status, or -1. */
static int wait_bounded(pid_t pid)
{
	struct timespec step = {0, 10 * 1000000L};
	int status;

	for (int t = 0; t < RESEED_WAIT_MS; t += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		nanosleep(&step, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* A ring holding a fresh /proc snapshot, or -errno. */
static int take_snapshot(void)
{
	char path[PATH_MAX];
	int fd, null, status;
	pid_t pid;

	if (paths_program(&snapshot_def, path, sizeof(path)) < 0)
		return -ENOENT;
	fd = ring_create(RESEED_SNAPSHOT_SIZE);
	if (fd < 0)
		return fd;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	pid = null < 0 ? -1 : fork();
	if (pid == 0)
		exec_snapshot(path, fd, null);
	if (null >= 0)
		close(null);
	status = pid < 0 ? -1 : wait_bounded(pid);
	if (status != 0 || !WIFEXITED(status)) {
		close(fd);
		return -EIO;
	}
	return fd;
}

/* Tells capture from when the process filter may trust its names. */
static void names_trust(struct broker *b, uint64_t after_ns)
{
	struct msg_out m;

	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		if (c->def->role != ROLE_CAPTURE || !c->pid || !c->hello)
			continue;
		chan_begin(b, &m, MSG_NAMES_TRUST, 0);
		msg_add_u64(&m, after_ns);
		if (chan_send(c, &m, 0) < 0)
			log_warn("cannot send the process filter's trust "
				 "to %s",
				 c->def->binary);
	}
}

void reseed_engine_gone(struct broker *b)
{
	names_trust(b, 0);
}

void reseed_prepare(struct broker *b)
{
	struct timespec now;
	uint64_t skipped = ring_reset_consumer(&b->ring);

	if (skipped)
		log_warn("the dead engine's ring read index was impossible; "
			 "the new engine starts at the newest event");
	if (b->snapshot_fd >= 0)
		close(b->snapshot_fd);
	b->snapshot_fd = take_snapshot();
	if (b->snapshot_fd < 0)
		log_err("no /proc snapshot for the new engine: %s",
			strerror(-b->snapshot_fd));
	clock_gettime(CLOCK_BOOTTIME, &now);
	names_trust(b,
		    (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec);
}

void reseed_done(struct broker *b)
{
	if (b->snapshot_fd >= 0)
		close(b->snapshot_fd);
	b->snapshot_fd = -1;
}

void reseed_note_faults(struct broker *b, uint64_t faults)
{
	uint64_t before = b->ring_faults;

	b->ring_faults = faults;
	/* Counted before the index was reset for the engine running now
	 * (capture reports once a second): not its doing. */
	if (faults <= before || ring_consumer_ok(&b->ring))
		return;
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_ENGINE)
			child_kill(&b->children[i],
				   "it wrote an impossible ring read index");
}
