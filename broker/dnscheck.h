/*
 * The broker's check of the engine's MSG_DNS_NAMES (dnscheck.c).
 */
#ifndef LNR_DNSCHECK_H
#define LNR_DNSCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "rules.h"

/* The names of m (a MSG_DNS_NAMES body) that the rule files r hold,
 * encoded as a new body of *len bytes (malloc'd) with *kept names; a
 * name they do not hold is logged and left out. NULL when m is
 * malformed. */
uint8_t *dnscheck_names(const struct rules *r, struct msg_in *m, size_t *len,
			int *kept);

#endif
