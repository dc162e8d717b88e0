/*
 * "Did you mean": the known name nearest to a misspelt one (edit
 * distance), offered only when it is close enough to be a likely typo.
 */
#ifndef LNR_SUGGEST_H
#define LNR_SUGGEST_H

#include <stddef.h>

struct suggest {
	const char *want;
	const char *best;
	size_t dist;
};

void suggest_init(struct suggest *s, const char *want);
/* Considers one known name. */
void suggest_offer(struct suggest *s, const char *name);
/* The nearest name offered, or NULL when none is close. */
const char *suggest_best(const struct suggest *s);

#endif
