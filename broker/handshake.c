/*
 * What a child gets after its HELLO: the configuration between
 * CONFIG_START and CONFIG_END, and for the engine the rule files between
 * RULES_START and RULES_END. The engine never opens a rule file itself.
 * Capture gets the event types to emit once the engine has named them.
 */
#include <stdio.h>
#include <string.h>

#include "broker.h"
#include "conf_keys.h"
#include "log.h"

static int send_empty(struct child *c, enum msg_type type)
{
	struct msg_out m;

	chan_begin(c->b, &m, type, 0);
	return chan_send(c, &m, 0);
}

static int send_item(struct child *c, const char *key, const char *value)
{
	struct msg_out m;

	chan_begin(c->b, &m, MSG_CONFIG_ITEM, 0);
	msg_add_str(&m, key);
	msg_add_str(&m, value);
	return chan_send(c, &m, 0);
}

/* A child gets only the items of the keys its role reads. */
int handshake_reads(const struct child *c, const char *item)
{
	static const unsigned role_reader[ROLE_COUNT] = {
	    [ROLE_CAPTURE] = CONF_R_CAPTURE,
	    [ROLE_ENGINE] = CONF_R_ENGINE,
	    [ROLE_OUTPUT] = CONF_R_OUTPUT,
	    [ROLE_WEB] = CONF_R_WEB,
	    [ROLE_K8SAUDIT] = CONF_R_K8SAUDIT,
	    [ROLE_CONTAINERS] = 0,
	    [ROLE_RESOLVE] = 0,
	};
	const struct conf_key *k = conf_key_of(item);

	return k && (k->readers & role_reader[c->def->role]);
}

int handshake_config(struct child *c)
{
	const struct conf *cf = &c->b->conf;
	int r = send_empty(c, MSG_CONFIG_START);

	for (size_t i = 0; i < cf->n && r == 0; i++)
		if (handshake_reads(c, cf->items[i].key))
			r = send_item(c, cf->items[i].key, cf->items[i].value);
	if (r == 0)
		r = send_empty(c, MSG_CONFIG_END);
	return r;
}

int handshake_rules(struct child *c)
{
	const struct rules *rs = &c->b->rules;
	int r = send_empty(c, MSG_RULES_START);

	for (size_t i = 0; i < rs->n && r == 0; i++) {
		struct msg_out m;

		chan_begin(c->b, &m, MSG_RULES_FILE, 0);
		msg_add_str(&m, rs->files[i].path);
		msg_add_bytes(&m, rs->files[i].text, rs->files[i].len);
		r = chan_send(c, &m, 0);
	}
	if (r == 0)
		r = send_empty(c, MSG_RULES_END);
	if (r == 0)
		log_debug("sent %zu rule files to %s", rs->n, c->def->binary);
	return r;
}

int handshake_evt_set(struct child *c)
{
	struct msg_out m;

	if (!c->b->evt_set_known || !c->pid || !c->hello)
		return 0;
	chan_begin(c->b, &m, MSG_EVT_SET, 0);
	msg_add_bytes(&m, c->b->evt_set, sizeof(c->b->evt_set));
	msg_add_bytes(&m, c->b->open_filter, c->b->open_filter_len);
	msg_add_bytes(&m, c->b->proc_names, sizeof(c->b->proc_names));
	return chan_send(c, &m, 0);
}
