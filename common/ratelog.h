/*
 * Rate limiting for log lines about counters that can move on every
 * event (drops): at most one line per period per counter, and each line
 * says how many happened since the previous one.
 */
#ifndef LNR_RATELOG_H
#define LNR_RATELOG_H

#include <stdint.h>

#define RATELOG_PERIOD_NS (10ull * 1000000000ull)

struct ratelog {
	uint64_t period_ns;
	uint64_t next_ns; /* no line before this; 0: never logged */
	uint64_t count;	  /* counted so far */
	uint64_t logged;  /* count when the last line was written */
};

void ratelog_init(struct ratelog *r, uint64_t period_ns);
/*
 * Counts n more (n may be 0, to let a quiet counter report its last
 * drops). Returns how many to report now, or 0 when nothing is new or
 * the last line is less than a period old.
 */
uint64_t ratelog_due(struct ratelog *r, uint64_t n, uint64_t now_ns);
/* CLOCK_MONOTONIC in ns, the clock callers pass as now_ns. */
uint64_t ratelog_now(void);

#endif
