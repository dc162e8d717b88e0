/*
 * Compiling one field check of a condition, and merging an OR's checks
 * of one string field into a single set lookup.
 */
#ifndef LNR_COND_CHECK_H
#define LNR_COND_CHECK_H

#include "cond.h"
#include "cond_ctx.h"

/* The field and transformers, the operator against the field's type, the
 * values typed; evt.type checks become event type sets. NULL, reported,
 * on an error. */
struct cnode *cond_check(struct cond_ctx *cc, const struct ast *n);

/* Merges an OR's equality checks on one string field into a set. 0, or
 * -1 when the arena refuses. */
int cond_check_merge_or(struct cond_ctx *cc, struct cnode * or);

#endif
