/*
 * Boot-time to epoch conversion. The offset is sampled once, between two
 * realtime reads, at start.
 */
#include <string.h>
#include <time.h>

#include "timeconv.h"

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t timeconv_now(void)
{
	return (uint64_t)clock_ns(CLOCK_REALTIME);
}

uint64_t timeconv_boot_ns(void)
{
	return (uint64_t)clock_ns(CLOCK_BOOTTIME);
}

void timeconv_init(struct timeconv *tc)
{
	int64_t r0 = clock_ns(CLOCK_REALTIME);
	int64_t b = clock_ns(CLOCK_BOOTTIME);
	int64_t r1 = clock_ns(CLOCK_REALTIME);

	tc->boot_to_epoch = r0 + (r1 - r0) / 2 - b;
	/* Kernel records carry the task start time as boot time too. */
	for (int t = 0; t < LNR_EVT_COUNT; t++) {
		int first = lnr_evt_proc_index((enum lnr_evt_type)t);

		tc->boot_param[t] =
		    (int16_t)(first < 0 ? -1 : first + LNR_PROC_PI_start_ts);
	}
}

void timeconv_record(const struct timeconv *tc, void *rec,
		     const struct lnr_evt *evt)
{
	struct lnr_evt_hdr *hdr = rec;
	int i = tc->boot_param[hdr->type];
	uint64_t v;

	hdr->ts += (uint64_t)tc->boot_to_epoch;
	if (i < 0 || lnr_evt_get_u64(evt, (unsigned)i, &v) != 0 || v == 0)
		return;
	v += (uint64_t)tc->boot_to_epoch;
	memcpy((uint8_t *)rec + (evt->param[i] - (const uint8_t *)evt->hdr), &v,
	       sizeof(v));
}
