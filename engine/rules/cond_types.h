/*
 * Event types a compiled condition can match.
 */
#ifndef LNR_COND_TYPES_H
#define LNR_COND_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "cond.h"
#include "event.h"

/* Fills `set` with the event types the tree can match; true when it does
 * not restrict them. */
bool cond_types(const struct cnode *n, uint8_t set[LNR_EVT_COUNT]);

#endif
