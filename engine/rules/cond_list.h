/*
 * Lists as conditions use them: flattened once, nested lists expanded and
 * quotes removed, a list that includes itself reported.
 */
#ifndef LNR_COND_LIST_H
#define LNR_COND_LIST_H

#include <stddef.h>

#include "cond_ctx.h"
#include "strv.h"

struct list_def;

/* The flattened items of a list; NULL after reporting a cycle at offset
 * `off` of the condition. */
const struct strv *cond_list_items(struct cond_ctx *cc, struct list_def *l,
				   size_t off);

#endif
