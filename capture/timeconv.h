/*
 * Boot-time to epoch conversion of kernel records: the probe stamps
 * records (and process start times) with ns since boot; the ring and
 * everything after it carry ns since the epoch.
 */
#ifndef LNR_TIMECONV_H
#define LNR_TIMECONV_H

#include <stdint.h>

#include "event.h"

struct timeconv {
	int64_t boot_to_epoch;		   /* realtime minus boottime, ns */
	int16_t boot_param[LNR_EVT_COUNT]; /* index of a boot-time param, -1 */
};

void timeconv_init(struct timeconv *tc);
/* Now, in ns since the epoch. */
uint64_t timeconv_now(void);
/* Now, in ns since boot: the probe's clock. */
uint64_t timeconv_boot_ns(void);
/* Converts a decoded record in place (rec is the writable copy of evt). */
void timeconv_record(const struct timeconv *tc, void *rec,
		     const struct lnr_evt *evt);

#endif
