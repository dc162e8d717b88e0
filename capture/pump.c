/*
 * Source records into the shm ring, see pump.h.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "log.h"
#include "pump.h"

void pump_init(struct pump *p, struct ring *ring, int wake_fd)
{
	memset(p, 0, sizeof(*p));
	p->ring = ring;
	p->wake_fd = wake_fd;
	timeconv_init(&p->tc);
	ratelog_init(&p->kernel_log, RATELOG_PERIOD_NS);
	ratelog_init(&p->ring_log, RATELOG_PERIOD_NS);
}

static void wake(struct pump *p)
{
	uint64_t one = 1;

	p->batch = 0;
	if (p->wake_fd >= 0 && write(p->wake_fd, &one, sizeof(one)) < 0 &&
	    errno != EAGAIN)
		log_warn("waking the engine: %s", strerror(errno));
}

/* Whether a full ring is waited on rather than dropped into. */
static int waits(const struct pump *p)
{
	return (p->lossless_until && !*p->lossless_until) ||
	       (p->wait_until_ns && ratelog_now() < p->wait_until_ns);
}

/* Room for len bytes; a lossless pump wakes the engine and waits while
 * the ring is full. */
static void *reserve(struct pump *p, uint32_t len, int *err)
{
	static const struct timespec pause = {0, 20000};
	void *dst = ring_reserve(p->ring, len, err);

	while (!dst && *err == -ENOSPC && waits(p)) {
		wake(p);
		nanosleep(&pause, NULL);
		dst = ring_reserve(p->ring, len, err);
	}
	return dst;
}

int pump_record(void *arg, const void *rec, size_t len)
{
	struct pump *p = arg;
	struct lnr_evt evt;
	const char *why;
	void *dst;
	int err;

	if (lnr_evt_decode(rec, len, &evt, &why) != 0) {
		if (p->bad++ == 0)
			log_warn("dropping a malformed record: %s", why);
		return 0;
	}
	dst = reserve(p, (uint32_t)len, &err);
	if (!dst && err == -ENOSPC && p->decline_when_full) {
		p->full = 1;
		return 1;
	}
	if (!dst) {
		/* An impossible read index is the engine's fault: count it
		 * and go on capturing; the broker replaces the engine. */
		if (err == -EPROTO && p->consumer_faults++ == 0)
			log_warn("the engine's ring read index is impossible");
		p->ring_drops++;
		return 0;
	}
	memcpy(dst, rec, len);
	if (p->convert)
		timeconv_record(&p->tc, dst, &evt);
	if (p->tap)
		p->tap(p->tap_arg, dst, len);
	ring_commit(p->ring);
	p->records++;
	p->batch++;
	return 0;
}

void pump_flush(struct pump *p)
{
	if (p->batch)
		wake(p);
}

static void log_drops(struct pump *p, uint64_t kernel_drops, uint64_t now)
{
	uint64_t k = ratelog_due(&p->kernel_log,
				 kernel_drops - p->kernel_log.count, now);
	uint64_t r =
	    ratelog_due(&p->ring_log, p->ring_drops - p->ring_log.count, now);

	if (k)
		log_warn("the kernel dropped %llu events since the last "
			 "report, %llu in all",
			 (unsigned long long)k,
			 (unsigned long long)kernel_drops);
	if (r)
		log_warn("the event ring was full: %llu events dropped since "
			 "the last report, %llu in all",
			 (unsigned long long)r,
			 (unsigned long long)p->ring_drops);
}

void pump_note_drops(struct pump *p, uint64_t kernel_drops,
		     uint64_t kernel_buffer_drops, uint64_t now_ns)
{
	uint8_t buf[128];
	struct lnr_evt_builder b;
	int convert = p->convert;
	int len;

	log_drops(p, kernel_drops, now_ns);
	if (kernel_drops == p->noted_kernel && p->ring_drops == p->noted_ring)
		return;
	p->noted_kernel = kernel_drops;
	p->noted_ring = p->ring_drops;
	lnr_evtb_init(&b, buf, sizeof(buf), LNR_EVT_DROP, timeconv_now(), 0,
		      (uint32_t)getpid());
	lnr_evtb_add_u64(&b, kernel_drops);
	lnr_evtb_add_u64(&b, p->ring_drops);
	lnr_evtb_add_u64(&b, kernel_buffer_drops);
	len = lnr_evtb_finish(&b);
	if (len < 0)
		return;
	p->convert = 0;
	pump_record(p, buf, (size_t)len);
	p->convert = convert;
}
