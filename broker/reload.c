/*
 * SIGHUP and lannerctl reload, as SIGHUP with Falco: the rule files are read again and sent to the
 * engine, which swaps them in only if they compile; output workers are
 * told to reopen their files. Rules that cannot be read leave the
 * current ones in place.
 */
#include <stdio.h>
#include <string.h>

#include "broker.h"
#include "log.h"

static struct rules fresh; /* large: kept out of the stack */

static int reload_rules(struct broker *b)
{
	memset(&fresh, 0, sizeof(fresh));
	if (rules_read(&fresh, b->rule_paths, b->nrule_paths) < 0) {
		rules_free(&fresh);
		log_err("keeping the current rules");
		snprintf(b->last_reload, sizeof(b->last_reload),
			 "the rule files could not be read");
		b->reload_failures++;
		return -1;
	}
	rules_free(&b->rules);
	b->rules = fresh;
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		/* One that has not said HELLO gets the new rules then. */
		if (c->def->role == ROLE_ENGINE && c->hello &&
		    handshake_rules(c) < 0)
			child_kill(c, "cannot send it the rules");
	}
	return 0;
}

void reopen_outputs(struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];
		struct msg_out m;

		if (c->def->role != ROLE_OUTPUT || !c->hello)
			continue;
		chan_begin(b, &m, MSG_REOPEN, 0);
		chan_send(c, &m, 1);
	}
}

int reload(struct broker *b)
{
	int r;

	if (b->stopping)
		return -1;
	log_info("reloading the rules, reopening outputs");
	b->reloads++;
	ready_status(b, "reloading the rules");
	r = reload_rules(b);
	reopen_outputs(b);
	return r;
}
