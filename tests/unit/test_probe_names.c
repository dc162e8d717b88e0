/*
 * The probe's process filter (capture/probe_names.bpf.h): mknodat is
 * recorded only for processes the engine may call lnr-pf-yes. Children
 * take and change names the ways the engine follows (a fork, an exec,
 * prctl by the process or by one of its threads before a fork) and the
 * way it does not (/proc/self/comm); each makes a FIFO whose record must
 * come exactly when the engine's proc.name could be lnr-pf-yes.
 * A process first seen before the filter was trusted keeps every record
 * until a record names it again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "probe_load.h"
#include "test_probe_sync.h"
#include "timeconv.h"

#define YES "lnr-pf-yes"
#define SENTINEL "lanner-names-sentinel"
#define MAX_SEEN 64

static struct probe_ctx probe;
static char dir[32], self[PATH_MAX];
static char *seen[MAX_SEEN];
static size_t nseen;
static int sentinel_seen;

static int keep(void *arg, const void *rec, size_t len)
{
	struct lnr_evt e;
	const char *why, *s;
	int pi;

	(void)arg;
	if (lnr_evt_decode(rec, len, &e, &why) != 0)
		return 0;
	if (e.hdr->type == LNR_EVT_OPENAT) {
		pi = lnr_evt_param_index(LNR_EVT_OPENAT, "name");
		s = lnr_evt_get_str(&e, (unsigned)pi);
		if (s && !strcmp(s, SENTINEL))
			sentinel_seen = 1;
	} else if (e.hdr->type == LNR_EVT_MKNODAT && nseen < MAX_SEEN) {
		pi = lnr_evt_param_index(LNR_EVT_MKNODAT, "path");
		s = lnr_evt_get_str(&e, (unsigned)pi);
		if (s)
			seen[nseen++] = strdup(s);
	}
	return 0;
}

/* Every record made before is in. */
static void sync_records(void)
{
	probe_sync(&probe, SENTINEL, &sentinel_seen);
}

static bool recorded(const char *name)
{
	for (size_t i = 0; i < nseen; i++)
		if (!strcmp(seen[i], name))
			return true;
	return false;
}

static void fifo(const char *name)
{
	syscall(SYS_mknodat, AT_FDCWD, name, S_IFIFO | 0600, 0);
}

static void rename_self(const char *name)
{
	prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

/* Runs fn(arg) in a child and waits for it. */
static void in_child(void (*fn)(const char *), const char *arg)
{
	pid_t pid = fork();
	int st;

	CHECK(pid >= 0);
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
}

static void plain(const char *name)
{
	fifo(name);
}

static void renamed(const char *name)
{
	rename_self(YES);
	fifo(name);
}

static void grandchild(const char *name)
{
	rename_self(YES);
	in_child(plain, name);
}

/* The new program's name only: this binary as "exe" or as YES. */
static void exec_as(const char *name)
{
	char path[128];

	rename_self(YES);
	if (!strncmp(name, "named", 5)) {
		snprintf(path, sizeof(path), "%s/%s", dir, YES);
		execl(path, YES, "fifo", name, (char *)NULL);
	} else
		execl("/proc/self/exe", "exe", "fifo", name, (char *)NULL);
	_exit(1);
}

static void *thread_fork(void *arg)
{
	(void)arg;
	rename_self(YES);
	in_child(plain, "unused");
	return NULL;
}

/* A thread's name reaches the process through the fork it makes. */
static void thread_named(const char *name)
{
	pthread_t t;

	CHECK(pthread_create(&t, NULL, thread_fork, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	fifo(name);
}

static void proc_comm(const char *name)
{
	int fd = open("/proc/self/comm", O_WRONLY);

	CHECK(fd >= 0 && write(fd, YES, strlen(YES)) == (ssize_t)strlen(YES));
	close(fd);
	fifo(name);
}

static void set_filter(int on)
{
	uint8_t set[LNR_EVT_COUNT] = {0}, mask[PROCFILTER_BYTES] = {0};
	unsigned b = procfilter_bit(YES, strlen(YES));

	set[LNR_EVT_MKNODAT] = (uint8_t)(1 | (on ? PROCFILTER_EVT : 0));
	mask[b / 8] = (uint8_t)(1u << (b % 8));
	CHECK(probe_procfilter_set(&probe, set, mask) == 0);
}

static void test_names(void)
{
	static const struct {
		void (*fn)(const char *);
		const char *name;
		bool want;
	} steps[] = {
	    {plain, "other", false},	      {renamed, "renamed", true},
	    {grandchild, "grandchild", true}, {exec_as, "exe", false},
	    {exec_as, "named-exec", true},    {thread_named, "thread", true},
	    {proc_comm, "proc-comm", false},
	};
	int pipefd[2];
	pid_t early;
	char c = 0;

	/* A process the probe first saw before the snapshot's end. */
	CHECK(pipe(pipefd) == 0);
	early = fork();
	CHECK(early >= 0);
	if (early == 0) {
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) == 1) {
			fifo("early");
			/* A name given after the trust point: judged. */
			rename_self("lnr-pf-no");
			fifo("early-renamed");
		}
		_exit(0);
	}
	close(pipefd[0]);
	set_filter(1);
	CHECK(probe_procfilter_trust(&probe, timeconv_boot_ns()) == 0);
	CHECK(write(pipefd[1], &c, 1) == 1);
	close(pipefd[1]);
	CHECK(waitpid(early, NULL, 0) == early);
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++)
		in_child(steps[i].fn, steps[i].name);
	sync_records();
	CHECK(recorded("early"));
	CHECK(!recorded("early-renamed"));
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		if (recorded(steps[i].name) != steps[i].want)
			fprintf(stderr, "%s: %srecorded\n", steps[i].name,
				steps[i].want ? "not " : "");
		CHECK(recorded(steps[i].name) == steps[i].want);
	}
	/* Filter off: every process again. */
	set_filter(0);
	in_child(plain, "after-off");
	sync_records();
	CHECK(recorded("after-off"));
}

int main(int argc, char **argv)
{
	char cmd[64], link[64];
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "fifo")) { /* exec_as */
		fifo(argv[2]);
		return 0;
	}
	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		printf("SKIP: needs root and kernel BTF\n");
		return 77;
	}
	log_init("test_probe_names", LOG_LVL_WARN);
	snprintf(dir, sizeof(dir), "/tmp/lnr-pn.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	CHECK(chdir(dir) == 0);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	CHECK(n > 0);
	self[n > 0 ? n : 0] = '\0';
	snprintf(link, sizeof(link), "%s/%s", dir, YES);
	CHECK(symlink(self, link) == 0);
	CHECK(probe_load(&probe, 0, keep, NULL) == 0);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		probe_set_event(&probe, t,
				t == LNR_EVT_OPENAT || t == LNR_EVT_MKNODAT ||
				    t == LNR_EVT_CLONE || t == LNR_EVT_CLONE3 ||
				    t == LNR_EVT_FORK || t == LNR_EVT_VFORK ||
				    t == LNR_EVT_EXECVE || t == LNR_EVT_PRCTL);
	test_names();
	probe_unload(&probe);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	return check_done();
}
