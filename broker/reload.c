/*
 * SIGHUP and lannerctl reload, as SIGHUP with Falco: the configuration and
 * the rule files are read again. A process whose part of the
 * configuration changed is restarted with it (nothing queued is lost);
 * the engine gets the rules, and swaps them in only if they compile; the
 * file channel's file is opened again (log rotation) and handed to its
 * worker, and output workers are told to reopen. A configuration or rule
 * file that does not load leaves the running one in place.
 */
#include <stdio.h>
#include <string.h>

#include "broker.h"
#include "log.h"

static struct rules fresh; /* large: kept out of the stack */

/* Whether the items c reads differ between two configurations. */
static int config_differs(const struct child *c, const struct conf *a,
			  const struct conf *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->n && !handshake_reads(c, a->items[i].key))
			i++;
		while (j < b->n && !handshake_reads(c, b->items[j].key))
			j++;
		if (i == a->n || j == b->n)
			return i != a->n || j != b->n;
		if (strcmp(a->items[i].key, b->items[j].key) != 0 ||
		    strcmp(a->items[i].value, b->items[j].value) != 0)
			return 1;
		i++;
		j++;
	}
}

/* Processes switched on or off by the configuration start or stop only
 * with lanner. */
static void warn_enabled(const struct broker *b, const struct conf *next)
{
	for (size_t i = 0; i < proc_count; i++) {
		const struct proc_def *d = &proc_table[i];

		if (proc_enabled(d, &b->conf) != proc_enabled(d, next))
			log_warn("%s %s: it takes effect when lanner restarts",
				 d->binary,
				 proc_enabled(d, next) ? "switched on"
						       : "switched off");
	}
}

/* The new configuration in force; children that read a changed part are
 * restarted with it. -1 (and the old one kept) when it does not load. */
static int reload_config(struct broker *b)
{
	static struct conf next;
	struct drops_conf drops;
	char err[512];
	int changed[BROKER_MAX_CHILDREN] = {0};

	if (config_load(b->cli, &next, &drops, err, sizeof(err)) < 0) {
		log_err("configuration not reloaded, the current one stays: %s",
			err);
		snprintf(b->last_reload, sizeof(b->last_reload),
			 "configuration rejected: %s", err);
		return -1;
	}
	warn_enabled(b, &next);
	for (size_t i = 0; i < b->nchildren; i++)
		changed[i] = config_differs(&b->children[i], &b->conf, &next);
	conf_free(&b->conf);
	b->conf = next;
	b->drops = drops;
	config_rule_paths(b);
	for (size_t i = 0; i < b->nchildren; i++)
		if (changed[i])
			child_restart(&b->children[i],
				      "its configuration changed");
	return 0;
}

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

		if (c->def->role != ROLE_OUTPUT)
			continue;
		sink_reopen(c);
		if (!c->hello)
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
	log_info("reloading the configuration and the rules, reopening "
		 "outputs");
	b->reloads++;
	ready_status(b, "reloading");
	if (reload_config(b) < 0) {
		b->reload_failures++;
		return -1;
	}
	r = reload_rules(b);
	reopen_outputs(b);
	return r;
}
