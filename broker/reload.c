/*
 * SIGHUP, as with Falco: the rule files are read again and sent to the
 * engine, which swaps them in only if they compile; the file channel's
 * file is opened again (log rotation) and handed to its worker, and
 * output workers are told to reopen. Rules that cannot be read leave the
 * current ones in place.
 */
#include <string.h>

#include "broker.h"
#include "log.h"

static struct rules fresh; /* large: kept out of the stack */

static void reload_rules(struct broker *b)
{
	memset(&fresh, 0, sizeof(fresh));
	if (rules_read(&fresh, b->rule_paths, b->nrule_paths) < 0) {
		rules_free(&fresh);
		log_err("keeping the current rules");
		return;
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
}

static void reopen_outputs(struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];
		struct msg_out m;

		if (c->def->role != ROLE_OUTPUT)
			continue;
		sink_reopen(c);
		if (!c->hello)
			continue;
		chan_begin(b, &m, MSG_REOPEN, 0);
		chan_send(c, &m, 1);
	}
}

void reload(struct broker *b)
{
	if (b->stopping)
		return;
	log_info("SIGHUP: reloading the rules, reopening outputs");
	reload_rules(b);
	reopen_outputs(b);
}
