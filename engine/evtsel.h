/*
 * The event types the probe is asked to emit, derived from the rules,
 * the state's needs and the base_syscalls configuration.
 */
#ifndef LNR_EVTSEL_H
#define LNR_EVTSEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cond.h"
#include "conf.h"
#include "openfilter.h"
#include "procfilter.h"
#include "event.h"
#include "ruleset.h"

/* set[t] nonzero for every type to emit: EVTSEL_RULES when a rule may
 * match it or the user asked for it, EVTSEL_STATE_ONLY when only the
 * state needs it (the probe may then keep fewer of its calls). */
#define EVTSEL_RULES 1
#define EVTSEL_STATE_ONLY 2
void evtsel_compute(const struct ruleset *rs, const struct conf *c,
		    uint8_t set[LNR_EVT_COUNT]);
/* Whether the state's own event types are emitted: base_syscalls has no
 * custom set, or asks for repair. */
bool evtsel_state_included(const struct conf *c);
/* Whether base_syscalls.custom_set names any type. */
bool evtsel_custom(const struct conf *c);
/* How many of the probe's own event types (syscalls, io_uring) are set. */
size_t evtsel_count(const uint8_t set[LNR_EVT_COUNT]);
/* lanner --list-filter: each event type emitted and why (the rules that
 * can match it, the state, the base_syscalls keys). */
void evtsel_explain(const struct ruleset *rs, const struct conf *c, FILE *out);

/* Whether a check of condition n reads a field whose name field()
 * takes (either side of a comparison). */
bool evtsel_cond_reads(const struct cnode *n, bool (*field)(const char *));
/* fd fields of a socket's addresses or role, no value for a file. */
bool evtsel_socket_field(const char *name);

/* The opens the probe records (evtsel_open.c): f is reset and filled. */
void evtsel_open_compute(const struct ruleset *rs, const struct conf *c,
			 struct openfilter *f);
/* lanner --list-filter: the open filter, or why every open is recorded. */
void evtsel_open_explain(const struct ruleset *rs, const struct conf *c,
			 FILE *out);

/* The types the probe records only for the processes the rules name
 * (evtsel_proc.c): PROCFILTER_EVT is added to them in set, which
 * evtsel_compute filled; mask gets their names' bits. */
void evtsel_proc_compute(const struct ruleset *rs, const struct conf *c,
			 uint8_t set[LNR_EVT_COUNT],
			 uint8_t mask[PROCFILTER_BYTES]);
/* lanner --list-filter: those types and the names. */
void evtsel_proc_explain(const struct ruleset *rs, const struct conf *c,
			 FILE *out);

#endif
