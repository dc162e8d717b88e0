/*
 * Rate-limited counters for log lines, see ratelog.h.
 */
#include <time.h>

#include "ratelog.h"

void ratelog_init(struct ratelog *r, uint64_t period_ns)
{
	*r = (struct ratelog){.period_ns = period_ns};
}

uint64_t ratelog_due(struct ratelog *r, uint64_t n, uint64_t now_ns)
{
	uint64_t since;

	r->count += n;
	since = r->count - r->logged;
	if (since == 0 || (r->next_ns && now_ns < r->next_ns))
		return 0;
	r->logged = r->count;
	r->next_ns = now_ns + r->period_ns;
	if (r->next_ns == 0) /* keep 0 for "never logged" */
		r->next_ns = 1;
	return since;
}

uint64_t ratelog_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
