/*
 * The engine's side of its channel to the broker: greeting, configuration
 * items (kept for rule selection), rule files compiled into a new rule set
 * that replaces the old one only when it compiled, shutdown, and stats.
 * Every message type has one handler; anything else ends the engine.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h" /* autoconf: LNR_SELFTEST */
#include "confine.h"
#include "engine.h"
#include "conf_keys.h"
#include "ipc.h"
#include "log.h"
#include "ruleset.h"
#include "state.h"

#define CTL_HANDSHAKE_TIMEOUT_MS 30000

static int send_msg(struct engine *e, struct msg_out *m)
{
	if (msg_finish(m) < 0)
		return -EMSGSIZE;
	return ipc_send(e->sock, m, 0);
}

void ctl_hello(struct engine *e)
{
	struct msg_out m;
	uint8_t buf[256];

	msg_begin(&m, buf, sizeof(buf), MSG_HELLO, 0);
	msg_add_u32(&m, (uint32_t)getpid());
	msg_add_str(&m, "lanner-engine");
	if (send_msg(e, &m) < 0)
		fatal("cannot greet the broker");
}

static const char *conf_dup(struct engine_config *c, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (n > sizeof(c->bytes) - c->used)
		return NULL;
	p = c->bytes + c->used;
	memcpy(p, s, n);
	c->used += n;
	return p;
}

static int on_config_start(struct engine *e, struct msg_in *m)
{
	e->conf.n = 0;
	e->conf.used = 0;
	drops_conf_default(&e->drops_conf);
	return msg_end(m);
}

static int on_config_item(struct engine *e, struct msg_in *m)
{
	struct engine_config *c = &e->conf;
	const char *key = msg_get_str(m), *value = msg_get_str(m);

	if (msg_end(m) < 0)
		return -EPROTO;
	if (strcmp(key, conf_keys[CONF_HOSTNAME].key) == 0 && value[0])
		snprintf(e->hostname, sizeof(e->hostname), "%s", value);
	if (drops_conf_item(&e->drops_conf, key, value) < 0)
		log_warn("%s: unusable value %s, ignored", key, value);
	if (c->n >= ENGINE_CONFIG_MAX) {
		c->refused++;
		return 0;
	}
	c->key[c->n] = conf_dup(c, key);
	c->value[c->n] = conf_dup(c, value);
	if (!c->key[c->n] || !c->value[c->n]) {
		c->refused++;
		return 0;
	}
	c->n++;
	return 0;
}

static int on_config_end(struct engine *e, struct msg_in *m)
{
	if (e->conf.refused)
		log_warn("%llu configuration items did not fit",
			 (unsigned long long)e->conf.refused);
	if (drops_conf_check(&e->drops_conf) < 0) {
		log_warn("syscall_event_drops.actions: ignore cannot be "
			 "combined with other actions; using log and alert");
		e->drops_conf.actions = DROPS_LOG | DROPS_ALERT;
	}
	drops_init(&e->drops, &e->drops_conf);
	return msg_end(m);
}

static int on_rules_start(struct engine *e, struct msg_in *m)
{
	if (msg_end(m) < 0)
		return -EPROTO;
	ruleset_free(e->loading);
	confine_report("compiling rules");
	e->loading = ruleset_new();
	return e->loading ? 0 : -ENOMEM;
}

static int on_rules_file(struct engine *e, struct msg_in *m)
{
	const char *path = msg_get_str(m);
	const void *text;
	size_t len;

	text = msg_get_bytes(m, &len);
	if (msg_end(m) < 0 || !e->loading)
		return -EPROTO;
	/* A file that does not parse is reported in the result. */
	ruleset_add_file(e->loading, path, text, len);
	return 0;
}

static int send_result(struct engine *e, int ok, size_t nrules)
{
	struct msg_out m;
	static uint8_t buf[ENGINE_DIAG_MAX + 256];

	msg_begin(&m, buf, sizeof(buf), MSG_RULES_RESULT, 0);
	msg_add_u32(&m, ok ? 1 : 0);
	msg_add_u32(&m, (uint32_t)nrules);
	msg_add_str(&m, e->diag);
	return send_msg(e, &m);
}

/* Selection items first, then compile; the old set stays on failure. */
static int on_rules_end(struct engine *e, struct msg_in *m)
{
	struct ruleset *rs = e->loading;
	int ok = 1;

	if (msg_end(m) < 0 || !rs)
		return -EPROTO;
	e->loading = NULL;
	for (size_t i = 0; i < e->conf.n; i++)
		if (ruleset_select_config(rs, e->conf.key[i],
					  e->conf.value[i]) < 0)
			ok = 0;
	if (ruleset_compile(rs) < 0)
		ok = 0;
	ruleset_diag_text(rs, e->diag, ENGINE_DIAG_MAX);
	e->rule_loads++;
	if (ok) {
		log_info("%zu rules loaded", ruleset_count(rs));
		ruleset_free(e->rs);
		e->rs = rs;
		return send_result(e, 1, ruleset_count(rs));
	}
	e->rule_load_failures++;
	log_warn("rules rejected%s", e->rs ? ", keeping the previous set" : "");
	ruleset_free(rs);
	return send_result(e, 0, e->rs ? ruleset_count(e->rs) : 0);
}

static int on_shutdown(struct engine *e, struct msg_in *m)
{
	if (msg_end(m) < 0)
		return -EPROTO;
	e->stop = 1;
	return 0;
}

#ifdef LNR_SELFTEST
/* Lets the sandbox test watch the kernel kill the engine (SIGSYS). */
static int on_selftest_forbidden(struct engine *e, struct msg_in *m)
{
	if (msg_end(m) < 0)
		return -EPROTO;
	log_msg(LOG_LVL_NOTICE, "self-test: making a forbidden call");
	return socket(AF_INET, SOCK_STREAM, 0) < 0 ? -errno : -EPERM;
}
#endif

static const struct {
	enum msg_type type;
	int (*fn)(struct engine *e, struct msg_in *m);
} handlers[] = {
    {MSG_CONFIG_START, on_config_start},
    {MSG_CONFIG_ITEM, on_config_item},
    {MSG_CONFIG_END, on_config_end},
    {MSG_RULES_START, on_rules_start},
    {MSG_RULES_FILE, on_rules_file},
    {MSG_RULES_END, on_rules_end},
    {MSG_SHUTDOWN, on_shutdown},
#ifdef LNR_SELFTEST
    {MSG_SELFTEST_FORBIDDEN, on_selftest_forbidden},
#endif
};

static int dispatch(struct engine *e, struct msg_in *m)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(*handlers); i++)
		if (handlers[i].type == m->hdr.type)
			return handlers[i].fn(e, m);
	log_err("unexpected %s message from the broker",
		msg_type_name(m->hdr.type));
	return -EPROTO;
}

/* Receives and handles one message; returns its type, or -errno. */
static int handle_one(struct engine *e, int timeout_ms)
{
	const char *why = NULL;
	struct msg_in m;
	void *raw;
	int r = ipc_recv(e->sock, &m, &raw, timeout_ms, &why);
	int type;

	if (r < 0) {
		if (r != -EAGAIN && r != -ETIMEDOUT && r != -EINTR)
			log_err("broker channel: %s", why ? why : strerror(-r));
		return r;
	}
	type = m.hdr.type;
	r = dispatch(e, &m);
	ipc_free(raw);
	if (r < 0) {
		log_err("bad %s message from the broker: %s",
			msg_type_name((unsigned)type), strerror(-r));
		return r;
	}
	return type;
}

static void wait_for(struct engine *e, enum msg_type last)
{
	int r;

	do {
		r = handle_one(e, CTL_HANDSHAKE_TIMEOUT_MS);
		if (r == -EINTR && !e->stop)
			continue;
		if (r < 0 || e->stop)
			fatal("no %s from the broker", msg_type_name(last));
	} while (r != (int)last);
}

void ctl_config(struct engine *e)
{
	wait_for(e, MSG_CONFIG_END);
	if (!e->hostname[0])
		gethostname(e->hostname, sizeof(e->hostname) - 1);
}

void ctl_first_rules(struct engine *e)
{
	wait_for(e, MSG_RULES_END);
	if (!e->rs)
		fatal("the first rule set did not load");
}

int ctl_poll(struct engine *e)
{
	int r;

	while (!e->stop) {
		r = handle_one(e, 0);
		if (r == -EAGAIN || r == -EINTR)
			return 0;
		if (r < 0)
			return -1;
	}
	return -1;
}

void ctl_send_stats(struct engine *e)
{
	const struct state *st = e->st;
	static char text[2048];
	struct ring_stats rs;
	unsigned long long drops;
	struct msg_out m;
	static uint8_t buf[4096];

	ring_stats(&e->ring, &rs);
	drops = rs.drops_full + rs.drops_oversize;
	snprintf(text, sizeof(text),
		 "events=%llu\nbad_records=%llu\nalerts=%llu\n"
		 "alerts_sent=%llu\nalerts_queued=%llu\nalerts_dropped=%llu\n"
		 "ring_drops=%llu\nthreads=%u\nprocs=%u\nfds=%u\n"
		 "threads_refused=%llu\nprocs_refused=%llu\n"
		 "fds_refused=%llu\nrule_loads=%llu\nrule_load_failures=%llu\n",
		 (unsigned long long)st->events,
		 (unsigned long long)e->bad_records,
		 (unsigned long long)e->alerts, (unsigned long long)e->pub.sent,
		 (unsigned long long)publish_pending(&e->pub),
		 (unsigned long long)publish_dropped(&e->pub), drops,
		 st->threads.nthreads, st->threads.nprocs, st->fds.count,
		 (unsigned long long)st->threads.refused_threads,
		 (unsigned long long)st->threads.refused_procs,
		 (unsigned long long)st->fds.refused,
		 (unsigned long long)e->rule_loads,
		 (unsigned long long)e->rule_load_failures);
	msg_begin(&m, buf, sizeof(buf), MSG_STATS, 0);
	msg_add_str(&m, text);
	if (msg_finish(&m) >= 0)
		ipc_send(e->sock, &m, 1);
}

void ctl_ask_stop(struct engine *e, const char *why)
{
	struct msg_out m;
	uint8_t buf[512];

	if (e->stop_asked)
		return;
	msg_begin(&m, buf, sizeof(buf), MSG_STOP, 0);
	msg_add_u32(&m, 1);
	msg_add_str(&m, why);
	if (send_msg(e, &m) == 0)
		e->stop_asked = 1;
}
