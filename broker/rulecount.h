/*
 * Alerts counted per rule and priority, for lanner_alerts_by_rule_total.
 * Bounded: past RULECOUNT_MAX distinct rules (or for a name longer than
 * RULECOUNT_NAME), alerts are counted under one "other" row, so a flood
 * of names cannot grow the broker.
 */
#ifndef LNR_RULECOUNT_H
#define LNR_RULECOUNT_H

#include <stdint.h>

#include "alert.h"

#define RULECOUNT_MAX 1024u
#define RULECOUNT_NAME 192

struct rulecount {
	char name[RULECOUNT_NAME];
	uint64_t n[PRIO_COUNT];
};

struct rulecounts {
	struct rulecount *rows; /* RULECOUNT_MAX * 2 slots, open addressing */
	uint32_t used;
	uint64_t other[PRIO_COUNT];
};

void rulecount_note(struct rulecounts *rc, const char *rule,
		    enum priority prio);
/* Calls fn for each row with a count: the "other" row has name NULL. */
void rulecount_each(const struct rulecounts *rc,
		    void (*fn)(void *arg, const char *rule, enum priority prio,
			       uint64_t n),
		    void *arg);
void rulecount_free(struct rulecounts *rc);

#endif
