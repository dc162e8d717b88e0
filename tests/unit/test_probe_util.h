/*
 * Helpers of the probe test: load the probe through the capture loader,
 * keep the records that concern this process and its children, and wait
 * (bounded) for one that matches.
 */
#ifndef LNR_TEST_PROBE_UTIL_H
#define LNR_TEST_PROBE_UTIL_H

#include <stdint.h>
#include <sys/types.h>

#include "event.h"

#define TP_WAIT_MS 3000

/* 0, 77 when the probe cannot run here (not root, no BTF), or 1. */
int tp_start(void);
void tp_stop(void);

/*
 * The first kept record of `type` from thread tid that was not returned
 * before, waiting up to TP_WAIT_MS; NULL if none came. A record is kept
 * when this process or one of its children made it, or it is a procexit.
 */
const struct lnr_evt *tp_wait(enum lnr_evt_type type, pid_t tid);

/* Parameter by name, in the record's own event type. */
const uint8_t *tp_param(const struct lnr_evt *e, const char *name,
			uint16_t *len);
int64_t tp_s64(const struct lnr_evt *e, const char *name);
const char *tp_str(const struct lnr_evt *e, const char *name);
/* 1 when the parameter is present but empty. */
int tp_empty(const struct lnr_evt *e, const char *name);

/* ns since boot, the probe's clock. */
uint64_t tp_boot_ns(void);

#endif
