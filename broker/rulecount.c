/* rulecount: alerts per rule and priority, in a bounded hash table. */
#include <stdlib.h>
#include <string.h>

#include "rulecount.h"

#define SLOTS ((size_t)RULECOUNT_MAX * 2)

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* The row of rule, made if there is room; NULL otherwise. */
static struct rulecount *row(struct rulecounts *rc, const char *rule)
{
	size_t i;

	if (strlen(rule) >= RULECOUNT_NAME)
		return NULL;
	if (!rc->rows && !(rc->rows = calloc(SLOTS, sizeof(*rc->rows))))
		return NULL;
	for (i = hash(rule) % SLOTS;; i = (i + 1) % SLOTS) {
		struct rulecount *r = &rc->rows[i];

		if (!r->name[0]) {
			if (rc->used >= RULECOUNT_MAX)
				return NULL;
			rc->used++;
			strcpy(r->name, rule);
			return r;
		}
		if (!strcmp(r->name, rule))
			return r;
	}
}

void rulecount_note(struct rulecounts *rc, const char *rule, enum priority prio)
{
	struct rulecount *r;

	if ((unsigned)prio >= PRIO_COUNT)
		return;
	r = rule && rule[0] ? row(rc, rule) : NULL;
	if (r)
		r->n[prio]++;
	else
		rc->other[prio]++;
}

void rulecount_each(const struct rulecounts *rc,
		    void (*fn)(void *arg, const char *rule, enum priority prio,
			       uint64_t n),
		    void *arg)
{
	for (size_t i = 0; rc->rows && i < SLOTS; i++)
		for (int p = 0; p < PRIO_COUNT; p++)
			if (rc->rows[i].n[p])
				fn(arg, rc->rows[i].name, (enum priority)p,
				   rc->rows[i].n[p]);
	for (int p = 0; p < PRIO_COUNT; p++)
		if (rc->other[p])
			fn(arg, NULL, (enum priority)p, rc->other[p]);
}

void rulecount_free(struct rulecounts *rc)
{
	free(rc->rows);
	rc->rows = NULL;
}
