/*
 * Drops are exact: 4 threads issue 1M syscalls of four types while the
 * probe's ring is made small and a reader drains it as lanner-capture
 * does (the libbpf object freed, as there). Every call is either seen or
 * counted as dropped, by type: seen + dropped = issued, while the reader
 * declines some records (they come again) and records crossing the
 * ring's end arrive whole. The four calls are ones nothing else on a
 * host makes (queries that change nothing); if another process makes one
 * anyway, the run is repeated.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "probe_load.h"

#define THREADS 4
#define CALLS (1000000 / THREADS)
#define RING_BYTES (256u * 1024)
#define TRIES 3

static const enum lnr_evt_type types[] = {LNR_EVT_PERSONALITY, LNR_EVT_SETFSUID,
					  LNR_EVT_SETFSGID, LNR_EVT_TGKILL};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static struct probe_ctx probe;
static uint64_t seen_own[LNR_EVT_COUNT], seen_other[LNR_EVT_COUNT];
static atomic_int running;

/* Every DECLINE_EVERY-th record is declined once, as a full ring makes
 * lanner-capture do: the next one offered must be the same record. */
#define DECLINE_EVERY 7
static uint8_t declined[LNR_PROBE_REC_MAX];
static size_t declined_len;
static uint64_t offered, redelivered, undecodable;

static int count(void *arg, const void *rec, size_t len)
{
	const struct lnr_evt_hdr *h = rec;
	struct lnr_evt evt;
	const char *why;

	(void)arg;
	if (declined_len) {
		CHECK(len == declined_len && memcmp(rec, declined, len) == 0);
		declined_len = 0;
		redelivered++;
	} else if (++offered % DECLINE_EVERY == 0 && len <= sizeof(declined)) {
		memcpy(declined, rec, len);
		declined_len = len;
		return 1;
	}
	/* Records crossing the end of the ring arrive whole. */
	if (lnr_evt_decode(rec, len, &evt, &why) != 0)
		undecodable++;
	if (len < sizeof(*h) || h->type >= LNR_EVT_COUNT)
		return 0;
	if (h->pid == (uint32_t)getpid())
		seen_own[h->type]++;
	else
		seen_other[h->type]++;
	return 0;
}

/* Four queries in turn: each one changes nothing. */
static void *worker(void *arg)
{
	pid_t pid = getpid(), tid = gettid();

	(void)arg;
	for (int i = 0; i < CALLS; i++) {
		switch (i % NTYPES) {
		case 0:
			syscall(SYS_personality, 0xffffffffUL);
			break;
		case 1:
			syscall(SYS_setfsuid, -1);
			break;
		case 2:
			syscall(SYS_setfsgid, -1);
			break;
		default:
			syscall(SYS_tgkill, pid, tid, 0);
			break;
		}
	}
	atomic_fetch_sub(&running, 1);
	return NULL;
}

/* Only the four types stay selected. */
static void select_types(void)
{
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		probe_set_event(&probe, t, 0);
	for (size_t i = 0; i < NTYPES; i++)
		CHECK(probe_set_event(&probe, types[i], 1) == 0);
}

/* One run; 1 when another process made one of the calls. */
static int run(void)
{
	uint64_t by_type[LNR_EVT_COUNT], why[PROBE_DROP_COUNT];
	uint64_t own = 0, other = 0, dropped = 0, wrapped;
	pthread_t th[THREADS];

	memset(seen_own, 0, sizeof(seen_own));
	memset(seen_other, 0, sizeof(seen_other));
	offered = redelivered = undecodable = 0;
	CHECK(probe_load(&probe, RING_BYTES, count, NULL) == 0);
	/* As lanner-capture runs it: without the libbpf object. */
	CHECK(probe_release_object(&probe) == 0 && probe.released);
	select_types();
	atomic_store(&running, THREADS);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&th[i], NULL, worker, NULL) == 0);
	while (atomic_load(&running) > 0)
		probe_poll(&probe, 10);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	while (probe_poll(&probe, 0) > 0)
		;
	probe_kernel_drops(&probe, why, by_type);
	wrapped = probe.ring.wrapped_records;
	probe_unload(&probe);
	for (size_t i = 0; i < NTYPES; i++) {
		own += seen_own[types[i]];
		other += seen_other[types[i]];
		dropped += by_type[types[i]];
	}
	printf("issued %d, seen %llu, dropped %llu (ring full %llu, scratch "
	       "busy %llu), others' records %llu\n",
	       THREADS * CALLS, (unsigned long long)own,
	       (unsigned long long)dropped,
	       (unsigned long long)why[PROBE_DROP_RINGBUF],
	       (unsigned long long)why[PROBE_DROP_BUSY],
	       (unsigned long long)other);
	printf("declined and offered again %llu, crossing the ring's end %llu, "
	       "undecodable %llu\n",
	       (unsigned long long)redelivered, (unsigned long long)wrapped,
	       (unsigned long long)undecodable);
	CHECK(redelivered > 0 && wrapped > 0 && undecodable == 0);
	if (other)
		return 1;
	/* The ring was small enough to lose records, and none silently. */
	CHECK(dropped > 0);
	CHECK(own + dropped == (uint64_t)THREADS * CALLS);
	return 0;
}

int main(void)
{
	int tries = 0;

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		printf("SKIP: needs root and kernel BTF\n");
		return 77;
	}
	log_init("test_probe_stress", LOG_LVL_WARN);
	while (run() && ++tries < TRIES)
		printf("another process made the same calls: again\n");
	CHECK(tries < TRIES);
	return check_done();
}
