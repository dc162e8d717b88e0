/*
 * The event types a compiled condition can match, for the rule index and
 * the probe's in-kernel filter: evt.type checks give sets, combined
 * through and/or/not; other checks leave every type possible.
 */
#include <string.h>

#include "cond_types.h"

static void set_all(uint8_t *set, uint8_t v)
{
	memset(set, v, LNR_EVT_COUNT);
	set[LNR_EVT_NONE] = 0;
}

/* Fills set; *pure when the node's truth depends on the type alone. */
static void types_of(const struct cnode *n, uint8_t *set, bool *pure)
{
	uint8_t kid[LNR_EVT_COUNT];
	bool kp;
	unsigned i, t;

	*pure = true;
	switch (n->kind) {
	case CN_TRUE:
	case CN_CHECK:
		set_all(set, 1);
		*pure = n->kind == CN_TRUE;
		return;
	case CN_FALSE:
		set_all(set, 0);
		return;
	case CN_EVTTYPE:
		memcpy(set, n->types, LNR_EVT_COUNT);
		return;
	case CN_NOT:
		types_of(n->kids[0], kid, &kp);
		set_all(set, 1);
		for (t = 1; kp && t < LNR_EVT_COUNT; t++)
			set[t] = !kid[t];
		*pure = kp;
		return;
	case CN_AND:
	case CN_OR:
		set_all(set, n->kind == CN_AND);
		for (i = 0; i < n->nkids; i++) {
			types_of(n->kids[i], kid, &kp);
			*pure = *pure && kp;
			for (t = 1; t < LNR_EVT_COUNT; t++)
				set[t] = n->kind == CN_AND ? set[t] & kid[t]
							   : set[t] | kid[t];
		}
		return;
	}
}

bool cond_types(const struct cnode *n, uint8_t set[LNR_EVT_COUNT])
{
	bool pure;
	unsigned t;

	types_of(n, set, &pure);
	for (t = 1; t < LNR_EVT_COUNT; t++)
		if (!set[t])
			return false;
	return true;
}
