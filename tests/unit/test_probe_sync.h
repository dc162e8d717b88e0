/*
 * A sync point for the probe tests that judge what the probe left out:
 * open a sentinel file by a relative name (which every open filter
 * records) and poll until the test's record callback has seen it. The
 * ring keeps order, so every record made before is in by then.
 */
#ifndef LNR_TEST_PROBE_SYNC_H
#define LNR_TEST_PROBE_SYNC_H

#include "probe_load.h"

#define PROBE_SYNC_WAIT_MS 3000

/* Opens name in the cwd, polls p until *seen (set by the callback) or
 * PROBE_SYNC_WAIT_MS, checks it came, and removes the file. */
void probe_sync(struct probe_ctx *p, const char *name, int *seen);

#endif
