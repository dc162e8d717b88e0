/*
 * Messages from children. Each child has its own endpoint, so the sender's
 * role is known; a table says which role may send which message, and an
 * unknown or unpermitted message from a child gets it killed (and so
 * restarted). Each case is one call to a named handler.
 */
#include <errno.h>
#include <event2/event.h>
#include <nanomsg/nn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "broker.h"
#include "ipc.h"
#include "log.h"
#include "openfilter.h"
#include "procfilter.h"
#include "rundir.h"

#define PEER_BATCH 256 /* messages read per wake-up before yielding */
#define PEER_SEND_TIMEOUT_MS 2000 /* a child that stops reading */

typedef int (*peer_fn)(struct child *c, struct msg_in *m);

static int on_hello(struct child *c, struct msg_in *m)
{
	uint32_t pid = msg_get_u32(m);
	const char *name = msg_get_str(m);

	if (msg_end(m) || c->hello || pid != (uint32_t)c->pid ||
	    strcmp(name, c->def->binary) != 0)
		return -EPROTO;
	c->hello = 1;
	c->alerts_taken = c->alerts_told = 0; /* its numbers start again */
	log_debug("%s[%d] connected", name, (int)pid);
	if (handshake_config(c) < 0)
		return -EIO;
	if (c->def->role == ROLE_ENGINE)
		return handshake_rules(c);
	if (c->def->role == ROLE_CAPTURE)
		return handshake_evt_set(c);
	if (c->def->role == ROLE_OUTPUT)
		route_resend(c);
	if (c->def->role == ROLE_RESOLVE)
		return dnsrelay_handshake(c);
	return 0;
}

/* The engine's event rate, from its "events=" counter. */
static void note_rate(struct child *c)
{
	const char *p = strstr(c->stats, "events=");
	uint64_t events = p ? strtoull(p + 7, NULL, 10) : 0;
	struct timespec now;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - c->stats_at.tv_sec) +
	     (double)(now.tv_nsec - c->stats_at.tv_nsec) / 1e9;
	if (c->stats_at.tv_sec && dt > 0 && events >= c->stats_events)
		c->evt_rate = (double)(events - c->stats_events) / dt;
	c->stats_events = events;
	c->stats_at = now;
}

static int on_stats(struct child *c, struct msg_in *m)
{
	const char *text = msg_get_str(m), *faults;

	if (msg_end(m))
		return -EPROTO;
	log_debug("%s stats: %s", c->def->binary, text);
	snprintf(c->stats, sizeof(c->stats), "%s", text);
	if (c->def->role == ROLE_ENGINE)
		note_rate(c);
	replay_note_stats(c, text);
	faults = strstr(text, "ring_consumer_faults=");
	if (c->def->role == ROLE_CAPTURE && faults)
		reseed_note_faults(c->b, strtoull(faults + 21, NULL, 10));
	return 0;
}

/* Diagnostics come as lines; each goes to the log on its own. */
static void log_lines(enum log_level level, const char *who, const char *text)
{
	while (*text) {
		const char *nl = strchrnul(text, '\n');

		if (nl > text)
			log_msg(level, "%s: %.*s", who, (int)(nl - text), text);
		text = *nl ? nl + 1 : nl;
	}
}

static int on_rules_result(struct child *c, struct msg_in *m)
{
	uint32_t ok = msg_get_u32(m);
	uint32_t nrules = msg_get_u32(m);
	const char *text = msg_get_str(m);
	struct broker *b = c->b;

	if (msg_end(m))
		return -EPROTO;
	log_lines(ok ? LOG_LVL_WARN : LOG_LVL_ERR, "rules", text);
	b->rules_loaded = nrules;
	snprintf(b->last_reload, sizeof(b->last_reload), "%s, %u rules",
		 ok ? "loaded" : "rejected", nrules);
	control_reload_done(b, (int)ok, nrules, text);
	b->reload_failures += !ok;
	if (ok) {
		log_info("%u rules loaded", nrules);
		b->rules_ok_once = 1;
		ready_check(b);
		replay_start(b);
	} else if (!b->rules_ok_once) {
		log_err("the rules could not be loaded");
		broker_stop(b, 1);
	} else {
		log_err(
		    "the rules could not be loaded; the engine keeps running");
	}
	return 0;
}

static int on_alert(struct child *c, struct msg_in *m)
{
	const uint8_t *body = m->p;
	size_t len = m->left;
	struct alert a;

	/* Only well-formed alerts are queued. */
	if (alert_decode(m, &a) < 0)
		return -EPROTO;
	if ((unsigned)a.priority < PRIO_COUNT)
		c->b->alerts_by_prio[a.priority]++;
	rulecount_note(&c->b->alerts_by_rule, a.rule, a.priority);
	replay_note_alert(c->b, &a);
	route_alert(c->b, body, len, a.priority);
	route_taken(c, m->hdr.seq);
	return 0;
}

static int on_stop(struct child *c, struct msg_in *m)
{
	uint32_t status = msg_get_u32(m);
	const char *why = msg_get_str(m);

	/* Only syscall_event_drops.actions: [exit] lets the engine ask. */
	if (msg_end(m) || status == 0 || status > 255 ||
	    !(c->b->drops.actions & DROPS_EXIT))
		return -EPROTO;
	log_err("%s asks lanner to stop: %s", c->def->binary, why);
	broker_stop(c->b, (int)status);
	return 0;
}

/* The engine names the event types its rules and state need; capture
 * programs the probe with them, now and after each restart. */
static int on_evt_set(struct child *c, struct msg_in *m)
{
	struct broker *b = c->b;
	const void *set, *filter, *names;
	size_t len, flen, nlen;
	uint8_t *copy;

	set = msg_get_bytes(m, &len);
	filter = msg_get_bytes(m, &flen);
	names = msg_get_bytes(m, &nlen);
	if (msg_end(m) || len != sizeof(b->evt_set) ||
	    flen > OPENFILTER_BLOB_MAX || nlen != sizeof(b->proc_names))
		return -EPROTO;
	/* Relayed unread: capture parses it, outside the broker. */
	copy = malloc(flen ? flen : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, filter, flen);
	free(b->open_filter);
	b->open_filter = copy;
	b->open_filter_len = flen;
	memcpy(b->evt_set, set, len);
	memcpy(b->proc_names, names, nlen);
	b->evt_set_known = 1;
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_CAPTURE &&
		    handshake_evt_set(&b->children[i]) < 0)
			log_warn("cannot send the event types to %s",
				 b->children[i].def->binary);
	return 0;
}

static int on_ready(struct child *c, struct msg_in *m)
{
	if (msg_end(m) ||
	    (c->def->role != ROLE_CAPTURE && c->def->role != ROLE_ENGINE))
		return -EPROTO;
	c->ready = 1;
	ready_check(c->b);
	return 0;
}

static int on_ack(struct child *c, struct msg_in *m)
{
	uint64_t seq = msg_get_u64(m);

	if (msg_end(m))
		return -EPROTO;
	route_ack(c, seq);
	return 0;
}

static int on_sink(struct child *c, struct msg_in *m)
{
	return msg_end(m) ? -EPROTO : sink_hand(c);
}

/* Audit events go to the engine unread: the broker parses no JSON. */
static int on_k8s_events(struct child *c, struct msg_in *m)
{
	size_t len;
	const void *events = msg_get_bytes(m, &len);

	if (msg_end(m))
		return -EPROTO;
	k8srelay_events(c, events, len);
	return 0;
}

/* Who may send what is msg_types.def's `from` column (msg_senders). */
static const struct {
	enum msg_type type;
	peer_fn fn;
} handlers[] = {
    {MSG_HELLO, on_hello},
    {MSG_STATS, on_stats},
    {MSG_RULES_RESULT, on_rules_result},
    {MSG_ALERT, on_alert},
    {MSG_ACK, on_ack},
    {MSG_STOP, on_stop},
    {MSG_EVT_SET, on_evt_set},
    {MSG_READY, on_ready},
    {MSG_CAPTURE, clip_request},
    {MSG_SINK, on_sink},
    {MSG_K8S_EVENTS, on_k8s_events},
    {MSG_CONTAINER_WANT, containers_want},
    {MSG_CONTAINER_INFO, containers_info},
    {MSG_DNS_NAMES, dnsrelay_names},
    {MSG_DNS_ADDRS, dnsrelay_addrs},
};

static unsigned sender_of(enum proc_role role)
{
	static const unsigned bits[ROLE_COUNT] = {
	    [ROLE_CAPTURE] = MSG_FROM_CAPTURE,
	    [ROLE_ENGINE] = MSG_FROM_ENGINE,
	    [ROLE_OUTPUT] = MSG_FROM_OUTPUT,
	    [ROLE_WEB] = MSG_FROM_WEB,
	    [ROLE_K8SAUDIT] = MSG_FROM_K8SAUDIT,
	    [ROLE_CONTAINERS] = MSG_FROM_CONTAINERS,
	    [ROLE_RESOLVE] = MSG_FROM_RESOLVE,
	};

	return (unsigned)role < ROLE_COUNT ? bits[role] : 0;
}

static int dispatch(struct child *c, struct msg_in *m)
{
	unsigned type = m->hdr.type;
	char why[96];

	for (size_t i = 0; i < sizeof(handlers) / sizeof(*handlers); i++) {
		if (handlers[i].type != type)
			continue;
		if (!(msg_senders(type) & sender_of(c->def->role)))
			break;
		/* HELLO comes first, exactly once. */
		if (!c->hello && type != MSG_HELLO)
			break;
		if (handlers[i].fn(c, m) == 0)
			return 0;
		snprintf(why, sizeof(why), "malformed %s message",
			 msg_type_name(type));
		child_kill(c, why);
		return -EPROTO;
	}
	snprintf(why, sizeof(why), "unexpected %s message",
		 msg_type_name(type));
	child_kill(c, why);
	return -EPROTO;
}

static void on_message(evutil_socket_t fd, short what, void *arg)
{
	struct child *c = arg;

	for (int i = 0; i < PEER_BATCH; i++) {
		const char *why = NULL;
		struct msg_in m;
		void *raw;
		int r = ipc_recv(c->sock, &m, &raw, 0, &why);

		if (r == -EAGAIN)
			break;
		if (r < 0) {
			child_kill(c, why ? why : strerror(-r));
			continue;
		}
		/* What a dead child left behind is not worth reading. */
		if (c->pid)
			dispatch(c, &m);
		ipc_free(raw);
		/* A handler may pause reading this child (k8srelay.c). */
		if (!event_pending(c->ev_msg, EV_READ, NULL))
			break;
	}
	/* One confirmation for the batch of alerts just queued. */
	if (c->def->role == ROLE_ENGINE)
		route_confirm(c);
}

int peer_listen(struct child *c)
{
	struct broker *b = c->b;
	int tmo = PEER_SEND_TIMEOUT_MS;
	int fd, r;

	snprintf(c->url, sizeof(c->url), "ipc://%s/%s.ipc", b->run_dir,
		 c->def->name);
	c->sock = ipc_listen(c->url);
	if (c->sock < 0)
		return c->sock;
	if (nn_setsockopt(c->sock, NN_SOL_SOCKET, NN_SNDTIMEO, &tmo,
			  sizeof(tmo)) < 0)
		return -nn_errno();
	/* Children connect as root, before they drop privileges: no other
	 * user may connect, so a compromised child cannot reach another's
	 * endpoint. */
	r = rundir_seal(b->run_dir_fd, strrchr(c->url, '/') + 1);
	if (r < 0)
		log_warn("cannot set the mode of %s: %s", c->url + 6,
			 strerror(-r));
	fd = ipc_recv_fd(c->sock);
	if (fd < 0)
		return fd;
	c->ev_msg = event_new(b->base, fd, EV_READ | EV_PERSIST, on_message, c);
	if (!c->ev_msg || event_add(c->ev_msg, NULL) < 0)
		return -ENOMEM;
	return 0;
}
