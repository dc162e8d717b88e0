/*
 * The /proc snapshot describes this test process correctly: ids, comm,
 * arguments, cwd, credentials, and it has a record for it in a full walk.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "event.h"
#include "proc_snapshot.h"

static int seen_self, seen_fd;
static char tmpname[64];

static const char *param_str(const struct lnr_evt *e, const char *name)
{
	int i = lnr_evt_param_index(e->hdr->type, name);

	return i < 0 ? NULL : lnr_evt_get_str(e, (unsigned)i);
}

static int64_t param_s64(const struct lnr_evt *e, const char *name)
{
	int i = lnr_evt_param_index(e->hdr->type, name);
	int64_t v;

	return i >= 0 && lnr_evt_get_s64(e, (unsigned)i, &v) == 0 ? v : -999;
}

static void check_self(const struct lnr_evt *e)
{
	static const char args[] = "one\0two";
	char cwd[PATH_MAX];
	int i = lnr_evt_param_index(LNR_EVT_PROC_SNAPSHOT, "args");
	const char *s;

	CHECK(e->hdr->tid == (uint32_t)getpid());
	CHECK(param_s64(e, "tid") == getpid());
	CHECK(param_s64(e, "pid") == getpid());
	CHECK(param_s64(e, "ptid") == getppid());
	CHECK(param_s64(e, "vpid") == getpid());
	CHECK(param_s64(e, "sid") == getsid(0));
	CHECK(param_s64(e, "vpgid") == getpgrp());
	s = param_str(e, "comm");
	CHECK(s && strcmp(s, "test_proc_snaps") == 0);
	s = param_str(e, "exe");
	CHECK(s && strcmp(s, "lnr-self") == 0);
	CHECK(e->plen[i] == sizeof(args) &&
	      memcmp(e->param[i], args, sizeof(args)) == 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	s = param_str(e, "cwd");
	CHECK(s && strcmp(s, cwd) == 0);
	CHECK(param_s64(e, "uid") == getuid());
	CHECK(param_s64(e, "euid") == geteuid());
	CHECK(param_s64(e, "gid") == getgid());
	CHECK(param_s64(e, "egid") == getegid());
	CHECK(param_s64(e, "flags") & LNR_PROCF_THREAD_LEADER);
	s = param_str(e, "exepath");
	CHECK(s && strstr(s, "test_proc_snapshot") != NULL);
	s = param_str(e, "cgroups");
	CHECK(s && strncmp(s, "0::/", 4) == 0);
	CHECK(param_s64(e, "start_ts") > 1600000000ll * 1000000000ll);
}

static int on_record(void *arg, const void *rec, size_t len)
{
	struct lnr_evt e;
	const char *why;

	CHECK(lnr_evt_decode(rec, len, &e, &why) == 0);
	if (e.hdr->pid != (uint32_t)getpid())
		return 0;
	if (e.hdr->type == LNR_EVT_PROC_SNAPSHOT) {
		seen_self++;
		check_self(&e);
	} else if (e.hdr->type == LNR_EVT_FD_SNAPSHOT) {
		const char *name = param_str(&e, "name");

		if (name && strcmp(name, tmpname) == 0)
			seen_fd++;
	}
	return 0;
}

/* A process that is gone is not read, even through a descriptor taken
 * while it ran: a reused pid cannot lend it another process's details. */
static void test_gone(void)
{
	static uint8_t buf[LNR_EVT_MAX_SIZE];
	char path[64];
	pid_t child = fork();
	int dir, status;

	if (child == 0) {
		pause();
		_exit(0);
	}
	CHECK(child > 0);
	snprintf(path, sizeof(path), "/proc/%d/task/%d", child, child);
	dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(dir >= 0);
	CHECK(proc_snapshot_thread(dir, child, child, buf, sizeof(buf)) > 0);
	kill(child, SIGKILL);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(proc_snapshot_thread(dir, child, child, buf, sizeof(buf)) < 0);
	close(dir);
}

int main(int argc, char **argv)
{
	struct proc_snapshot_stats st;
	int fd;

	/* Run ourselves with known arguments first. */
	if (argc == 1) {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n <= 0)
			return 1;
		self[n] = '\0';
		execl(self, "lnr-self", "one", "two", NULL);
		perror("exec");
		return 1;
	}
	snprintf(tmpname, sizeof(tmpname), "/tmp/lnr-snap-XXXXXX");
	fd = mkstemp(tmpname);
	CHECK(fd >= 0);
	CHECK(proc_snapshot("/proc", on_record, NULL, &st) == 0);
	CHECK(seen_self == 1);
	CHECK(seen_fd == 1);
	CHECK(st.threads > 1 && st.fds > 0);
	CHECK(proc_snapshot("/nonexistent-lanner", on_record, NULL, &st) < 0);
	test_gone();
	unlink(tmpname);
	close(fd);
	return check_done();
}
