/*
 * Record collection and the checks every probe test case shares; see
 * test_probe_util.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "probe_load.h"
#include "test_probe_util.h"

#define POOL_SIZE (16u << 20)
#define MAX_RECS 32768

static struct probe_ctx probe;
static uint8_t pool[POOL_SIZE];
static size_t pool_used;
static uint32_t rec_off[MAX_RECS];
static uint8_t rec_taken[MAX_RECS];
static struct lnr_evt rec_evt[MAX_RECS];
static unsigned nrecs;
static pid_t self;

static int interesting(const struct lnr_evt *e)
{
	int i;
	uint64_t ptid;

	if (e->hdr->pid == (uint32_t)self || e->hdr->type == LNR_EVT_PROCEXIT)
		return 1;
	i = lnr_evt_param_index(e->hdr->type, "ptid");
	return i >= 0 && lnr_evt_get_u64(e, (unsigned)i, &ptid) == 0 &&
	       ptid == (uint64_t)self;
}

static int keep(void *arg, const void *rec, size_t len)
{
	struct lnr_evt e;
	const char *why;

	if (lnr_evt_decode(rec, len, &e, &why) != 0 || !interesting(&e))
		return 0;
	if (nrecs >= MAX_RECS || len > POOL_SIZE - pool_used)
		return 0;
	memcpy(pool + pool_used, rec, len);
	rec_off[nrecs] = (uint32_t)pool_used;
	lnr_evt_decode(pool + pool_used, len, &rec_evt[nrecs], &why);
	pool_used += (len + 7) & ~7ul;
	nrecs++;
	return 0;
}

/* LNR_TEST_HOOKS=other: the kind of hooks the loader would not pick
 * (tests/probe_hooks.sh). */
static enum probe_hooks tp_hooks_wanted(void)
{
	const char *want = getenv("LNR_TEST_HOOKS");

	if (!want || strcmp(want, "other") != 0)
		return PROBE_HOOKS_AUTO;
	printf("the other kind of syscall hooks\n");
	return probe_tp_choose(PROBE_HOOKS_AUTO) == PROBE_HOOKS_RAW
		   ? PROBE_HOOKS_TRACEPOINT
		   : PROBE_HOOKS_RAW;
}

int tp_hooks_tracepoint(void)
{
	return probe.hooks == PROBE_HOOKS_TRACEPOINT;
}

int tp_hooked(enum lnr_evt_type type)
{
	if (probe.hooks != PROBE_HOOKS_TRACEPOINT || probe.tp[type].prog >= 0)
		return 1;
	tp_not_here(type, "the kernel has no such syscall, and syscalls are "
			  "hooked at their own tracepoints");
	return 0;
}

int tp_start(void)
{
	int err;

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		return 77;
	self = getpid();
	log_init("test_probe", LOG_LVL_WARN);
	err = probe_open(&probe, 0, tp_hooks_wanted());
	if (!err)
		err = probe_start(&probe, keep, NULL);
	if (err == -EPERM)
		return 77;
	return err ? 1 : 0;
}

int tp_select(enum lnr_evt_type type, int on)
{
	return probe_set_event(&probe, type, on);
}

void tp_stop(void)
{
	printf("kept %u records, kernel drops %llu\n", nrecs,
	       (unsigned long long)probe_kernel_drops(&probe, NULL, NULL));
	probe_unload(&probe);
}

static uint8_t type_taken[LNR_EVT_COUNT];

static const struct lnr_evt *find(enum lnr_evt_type type, pid_t tid)
{
	for (unsigned i = 0; i < nrecs; i++)
		if (!rec_taken[i] && rec_evt[i].hdr->type == type &&
		    rec_evt[i].hdr->tid == (uint32_t)tid) {
			rec_taken[i] = 1;
			type_taken[type] = 1;
			return &rec_evt[i];
		}
	return NULL;
}

void tp_check_all_taken(void)
{
	for (int t = 1; t < LNR_EVT_COUNT; t++) {
		if (lnr_events[t].kind != LNR_KIND_SYSCALL &&
		    lnr_events[t].kind != LNR_KIND_SCHED &&
		    lnr_events[t].kind != LNR_KIND_IOURING)
			continue;
		if (!type_taken[t])
			fprintf(stderr, "  no case took a %s record\n",
				lnr_events[t].name);
		CHECK(type_taken[t]);
	}
}

void tp_not_here(enum lnr_evt_type type, const char *why)
{
	printf("SKIP: no %s%s record here: %s\n", lnr_events[type].name,
	       lnr_events[type].kind == LNR_KIND_IOURING ? " (io_uring)" : "",
	       why);
	type_taken[type] = 1;
}

const struct lnr_evt *tp_wait(enum lnr_evt_type type, pid_t tid)
{
	uint64_t deadline = tp_boot_ns() + TP_WAIT_MS * 1000000ull;
	const struct lnr_evt *e;

	/* Records are submitted without wake-ups: drain on a timer, as
	 * lanner-capture does. */
	while (!(e = find(type, tid)) && tp_boot_ns() < deadline)
		if (probe_poll(&probe, 0) == 0)
			poll(NULL, 0, 5);
	return e;
}

const struct lnr_evt *tp_own(enum lnr_evt_type type, uint64_t t0)
{
	const struct lnr_evt *e;

	/* Records earlier cases left unread are older: skipped. */
	while ((e = tp_wait(type, gettid())) && e->hdr->ts < t0)
		;
	CHECK(e != NULL);
	if (e)
		tp_check_header(e, gettid(), getpid(), t0);
	return e;
}

const uint8_t *tp_param(const struct lnr_evt *e, const char *name,
			uint16_t *len)
{
	int i = lnr_evt_param_index(e->hdr->type, name);

	if (i < 0 || (unsigned)i >= e->nparams)
		return NULL;
	*len = e->plen[i];
	return e->param[i];
}

int64_t tp_s64(const struct lnr_evt *e, const char *name)
{
	int i = lnr_evt_param_index(e->hdr->type, name);
	int64_t v;
	int32_t v32;

	if (i < 0 || (unsigned)i >= e->nparams)
		return INT64_MIN;
	if (e->plen[i] == 4) {
		memcpy(&v32, e->param[i], 4);
		return v32;
	}
	return lnr_evt_get_s64(e, (unsigned)i, &v) == 0 ? v : INT64_MIN;
}

const char *tp_str(const struct lnr_evt *e, const char *name)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, name) : -1;

	return i < 0 ? NULL : lnr_evt_get_str(e, (unsigned)i);
}

int tp_empty(const struct lnr_evt *e, const char *name)
{
	uint16_t len = 1;

	return tp_param(e, name, &len) && len == 0;
}

uint64_t tp_boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

char tp_dir[64];

int tp_str_is(const struct lnr_evt *e, const char *name, const char *v)
{
	const char *s = tp_str(e, name);

	if (!s || strcmp(s, v) != 0) {
		fprintf(stderr, "  %s: \"%s\", want \"%s\"\n", name,
			s ? s : "(none)", v);
		return 0;
	}
	return 1;
}

void tp_check_header(const struct lnr_evt *e, pid_t tid, pid_t pid, uint64_t t0)
{
	CHECK(e->hdr->tid == (uint32_t)tid);
	CHECK(e->hdr->pid == (uint32_t)pid);
	CHECK(e->hdr->ts >= t0 && e->hdr->ts <= tp_boot_ns());
	CHECK(e->nparams == e->info->nparams);
}

const struct lnr_evt *tp_wait_str(enum lnr_evt_type type, const char *name,
				  const char *v)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(type, getpid()))) {
		const char *s = tp_str(e, name);

		if (s && strcmp(s, v) == 0)
			return e;
	}
	fprintf(stderr, "  no %s with %s=\"%s\"\n", lnr_events[type].name, name,
		v);
	return NULL;
}

const struct lnr_evt *tp_wait_num(enum lnr_evt_type type, const char *name,
				  int64_t v)
{
	const struct lnr_evt *e;

	while ((e = tp_wait(type, getpid())))
		if (tp_s64(e, name) == v)
			return e;
	fprintf(stderr, "  no %s with %s=%lld\n", lnr_events[type].name, name,
		(long long)v);
	return NULL;
}

/* A raw syscall's result as the kernel gave it: -errno on failure. */
long tp_res(long r)
{
	return r == -1 ? -(long)errno : r;
}

const char *tp_in_dir(char *buf, const char *name)
{
	snprintf(buf, 128, "%s/%s", tp_dir, name);
	return buf;
}

void tp_make_file(const char *name)
{
	char p[128];
	int fd = open(tp_in_dir(p, name), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);

	CHECK(fd >= 0);
	close(fd);
}

/* Header and result of a record that may be missing. */
int tp_res_is(const struct lnr_evt *e, long want, uint64_t t0)
{
	CHECK(e != NULL);
	if (!e)
		return 0;
	tp_check_header(e, getpid(), getpid(), t0);
	if (tp_s64(e, "res") != want)
		fprintf(stderr, "  %s res %lld, want %ld\n", e->info->name,
			(long long)tp_s64(e, "res"), want);
	CHECK(tp_s64(e, "res") == want);
	return 1;
}

int tp_dir_fd(void)
{
	int dfd = open(tp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	CHECK(dfd >= 0);
	return dfd;
}

void tp_send_fds(int sock, const int *fds, unsigned n)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(LNR_RFDS_MAX * sizeof(int))];
	} c;
	struct iovec iov = {(void *)"x", 1};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = c.buf,
			   .msg_controllen = CMSG_SPACE(n * sizeof(int))};
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	CHECK(n <= LNR_RFDS_MAX);
	if (n > LNR_RFDS_MAX)
		return;
	memset(&c, 0, sizeof(c));
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(h), fds, n * sizeof(int));
	CHECK(sendmsg(sock, &m, 0) == 1);
}
