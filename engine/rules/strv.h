/*
 * String vectors in the rule arena, each string with the file position it
 * came from (list items, tags, exception fields).
 */
#ifndef LNR_STRV_H
#define LNR_STRV_H

#include <stddef.h>

#include "diag.h"
#include "rule_arena.h"

struct strv {
	const char **v;
	struct srcpos *pos;
	size_t n, cap;
};

/* Appends `s`, at `pos` (NULL: no position). 0 or -ENOMEM. */
int strv_push(struct rule_arena *a, struct strv *v, const char *s,
	      const struct srcpos *pos);

#endif
