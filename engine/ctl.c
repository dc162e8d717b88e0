/*
 * The engine's side of its channel to the broker: what it takes from the
 * configuration (the items stay for rule selection), rule files compiled
 * into a new rule set that replaces the old one only when it compiled,
 * shutdown, and stats. Every message type has one handler in the table
 * the child library serves; anything else ends the engine.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h" /* autoconf: LNR_SELFTEST */
#include "engine.h"
#include "conf_keys.h"
#include "evtsel.h"
#include "log.h"
#include "privdrop.h"
#include "ruleset.h"
#include "state.h"

#define DRAIN_MAX_MS 10000 /* waiting for the broker to take alerts */

static int send_msg(struct engine *e, struct msg_out *m)
{
	return child_send(&e->child, m, 0);
}

/* Items are kept in e->child.conf for rule selection; these are read
 * once, here. */
void ctl_configure(struct engine *e)
{
	const struct conf *c = &e->child.conf;
	char err[256];

	snprintf(e->hostname, sizeof(e->hostname), "%s",
		 conf_str(c, CONF_HOSTNAME));
	/* The broker refused unusable values at start. */
	if (drops_conf_read(&e->drops_conf, c, err, sizeof(err)) < 0) {
		log_warn("%s; using the defaults", err);
		drops_conf_default(&e->drops_conf);
	}
	drops_init(&e->drops, &e->drops_conf);
	clip_configure(&e->clip, c);
	containers_configure(e);
	if (!e->hostname[0])
		gethostname(e->hostname, sizeof(e->hostname) - 1);
	if (publish_init(&e->pub, e->child.sock, PUBLISH_BACKLOG_BYTES) < 0)
		fatal("out of memory");
}

static int on_rules_start(void *self, struct msg_in *m)
{
	struct engine *e = self;
	if (msg_end(m) < 0)
		return -EPROTO;
	ruleset_free(e->loading);
	child_report("compiling rules");
	e->loading = ruleset_new();
	return e->loading ? 0 : -ENOMEM;
}

static int on_rules_file(void *self, struct msg_in *m)
{
	struct engine *e = self;
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

/* The event types, the opens and the processes the new rules and the
 * state need, for the probe. */
static int send_evt_set(struct engine *e)
{
	static uint8_t set[LNR_EVT_COUNT], blob[OPENFILTER_BLOB_MAX];
	static uint8_t
	    buf[LNR_EVT_COUNT + OPENFILTER_BLOB_MAX + PROCFILTER_BYTES + 64];
	uint8_t names[PROCFILTER_BYTES];
	struct openfilter f;
	struct msg_out m;
	size_t len;

	memset(set, 0, sizeof(set));
	evtsel_compute(e->rs, &e->child.conf, set);
	evtsel_proc_compute(e->rs, &e->child.conf, set, names);
	openfilter_init(&f);
	evtsel_open_compute(e->rs, &e->child.conf, &f);
	len = openfilter_encode(&f, blob, sizeof(blob));
	log_debug("the probe is asked for %zu event types, %s",
		  evtsel_count(set),
		  f.all ? "every open" : "a filtered set of opens");
	openfilter_free(&f);
	msg_begin(&m, buf, sizeof(buf), MSG_EVT_SET, 0);
	msg_add_bytes(&m, set, sizeof(set));
	msg_add_bytes(&m, blob, len);
	msg_add_bytes(&m, names, sizeof(names));
	return send_msg(e, &m);
}

/* Selection items first, then compile; the old set stays on failure. */
static int on_rules_end(void *self, struct msg_in *m)
{
	struct engine *e = self;
	struct ruleset *rs = e->loading;
	int ok = 1;

	if (msg_end(m) < 0 || !rs)
		return -EPROTO;
	e->loading = NULL;
	for (size_t i = 0; i < e->child.conf.n; i++)
		if (ruleset_select_config(rs, e->child.conf.items[i].key,
					  e->child.conf.items[i].value) < 0)
			ok = 0;
	if (ruleset_compile(rs) < 0)
		ok = 0;
	ruleset_diag_text(rs, e->diag, ENGINE_DIAG_MAX);
	e->rule_loads++;
	if (ok) {
		log_info("%zu rules loaded", ruleset_count(rs));
		ruleset_free(e->rs);
		e->rs = rs;
		/* What parsing and compiling took and the old set go back. */
		malloc_trim(0);
		if (send_evt_set(e) < 0 || dns_send_names(e) < 0)
			return -EIO;
		return send_result(e, 1, ruleset_count(rs));
	}
	e->rule_load_failures++;
	log_warn("rules rejected%s", e->rs ? ", keeping the previous set" : "");
	ruleset_free(rs);
	return send_result(e, 0, e->rs ? ruleset_count(e->rs) : 0);
}

static int on_k8s_events(void *self, struct msg_in *m)
{
	size_t len;
	const void *batch = msg_get_bytes(m, &len);

	if (msg_end(m) < 0)
		return -EPROTO;
	return k8s_event_batch(self, batch, len);
}

/* The user and group databases changed: later events use the new names. */
static int on_users(void *self, struct msg_in *m)
{
	struct engine *e = self;
	const char *passwd = msg_get_str(m), *group = msg_get_str(m);

	if (msg_end(m) < 0)
		return -EPROTO;
	state_user_replace(&e->st->users, passwd, group);
	log_info("users and groups changed: %u users, %u groups",
		 e->st->users.nusers, e->st->users.ngroups);
	return 0;
}

#ifdef LNR_SELFTEST
/* Lets the sandbox test watch the kernel kill the engine (SIGSYS). */
static int on_selftest_forbidden(void *self, struct msg_in *m)
{
	(void)self;
	if (msg_end(m) < 0)
		return -EPROTO;
	log_msg(LOG_LVL_NOTICE, "self-test: making a forbidden call");
	return socket(AF_INET, SOCK_STREAM, 0) < 0 ? -errno : -EPERM;
}
#endif

/* "events.NAME=N" lines for the types seen, an io_uring operation
 * counted with its syscall (they share the name). */
static void type_lines(const struct engine *e, char *text, size_t size)
{
	size_t used = strlen(text);

	for (int t = 1; t < LNR_EVT_COUNT && used < size; t++) {
		const char *name = lnr_events[t].name;
		uint64_t n = 0;
		int first = 1;

		for (int u = 1; u < LNR_EVT_COUNT; u++) {
			if (strcmp(lnr_events[u].name, name) != 0)
				continue;
			first &= u >= t;
			n += e->by_type[u];
		}
		if (first && n)
			used += (size_t)snprintf(text + used, size - used,
						 "events.%s=%llu\n", name,
						 (unsigned long long)n);
	}
	if (used >= size)
		text[size - 1] = '\0';
}

static void stats_text(struct engine *e, char *text, size_t size)
{
	const struct state *st = e->st;
	struct ring_stats rs;
	unsigned long long drops;

	ring_stats(&e->ring, &rs);
	drops = rs.drops_full + rs.drops_oversize;
	snprintf(
	    text, size,
	    "events=%llu\nbad_records=%llu\nalerts=%llu\n"
	    "alerts_sent=%llu\nalerts_queued=%llu\nalerts_dropped=%llu\n"
	    "alerts_unconfirmed=%llu\n"
	    "ring_drops=%llu\nthreads=%u\nprocs=%u\nfds=%u\n"
	    "threads_refused=%llu\nprocs_refused=%llu\n"
	    "fds_refused=%llu\nrule_loads=%llu\nrule_load_failures=%llu\n"
	    "k8s_events=%llu\nk8s_bad=%llu\n"
	    "containers=%u\ncontainers_refused=%llu\ncontainer_asks=%llu\n"
	    "container_answers=%llu\ncontainer_bad=%llu\n"
	    "dns_names=%zu\ndns_answers=%llu\ndns_bad=%llu\n",
	    (unsigned long long)st->events, (unsigned long long)e->bad_records,
	    (unsigned long long)e->alerts, (unsigned long long)e->pub.sent,
	    (unsigned long long)publish_pending(&e->pub),
	    (unsigned long long)publish_dropped(&e->pub),
	    (unsigned long long)publish_unconfirmed(&e->pub), drops,
	    st->threads.nthreads, st->threads.nprocs, st->fds.count,
	    (unsigned long long)st->threads.refused_threads,
	    (unsigned long long)st->threads.refused_procs,
	    (unsigned long long)st->fds.refused,
	    (unsigned long long)e->rule_loads,
	    (unsigned long long)e->rule_load_failures,
	    (unsigned long long)e->k8s_events, (unsigned long long)e->k8s_bad,
	    st->containers.n, (unsigned long long)st->containers.refused,
	    (unsigned long long)e->container_asks,
	    (unsigned long long)st->containers.answers,
	    (unsigned long long)e->container_bad, st->dns.n,
	    (unsigned long long)st->dns.answers,
	    (unsigned long long)e->dns_bad);
	type_lines(e, text, size);
}

/* The end of a replay: every record has been read and evaluated (the
 * handler runs between batches). The alerts go out first, then stats
 * saying drained=1, in that order on the one channel, so the broker
 * knows it has every alert. */
static int on_drain(void *self, struct msg_in *m)
{
	static const struct timespec pause = {0, 1000000};
	static uint8_t buf[ENGINE_STATS_MAX + 512];
	static char text[ENGINE_STATS_MAX];
	struct engine *e = self;
	struct msg_out out;

	if (msg_end(m) < 0)
		return -EPROTO;
	for (int i = 0; i < DRAIN_MAX_MS && publish_pending(&e->pub); i++) {
		publish_flush(&e->pub);
		if (publish_pending(&e->pub))
			nanosleep(&pause, NULL);
	}
	stats_text(e, text, sizeof(text) - 16);
	strcat(text, "drained=1\n");
	msg_begin(&out, buf, sizeof(buf), MSG_STATS, 0);
	msg_add_str(&out, text);
	return send_msg(e, &out);
}

static int on_alerts_taken(void *self, struct msg_in *m)
{
	struct engine *e = self;
	uint64_t seq = msg_get_u64(m);

	if (msg_end(m) < 0)
		return -EPROTO;
	publish_taken(&e->pub, seq);
	return 0;
}

static const struct child_handler engine_handlers[] = {
    {MSG_DRAIN, on_drain},
    {MSG_ALERTS_TAKEN, on_alerts_taken},
    {MSG_RULES_START, on_rules_start},
    {MSG_RULES_FILE, on_rules_file},
    {MSG_RULES_END, on_rules_end},
    {MSG_SHUTDOWN, child_on_shutdown},
    {MSG_K8S_EVENTS, on_k8s_events},
    {MSG_USERS, on_users},
    {MSG_CONTAINER_INFO, containers_on_info},
    {MSG_DNS_ADDRS, dns_on_addrs},
#ifdef LNR_SELFTEST
    {MSG_SELFTEST_FORBIDDEN, on_selftest_forbidden},
#endif
};

const struct child_def engine_child = {
    .name = "lanner-engine",
    .user = LNR_USER_ENGINE,
    .ring = 1,
    .handlers = engine_handlers,
    .nhandlers = sizeof(engine_handlers) / sizeof(*engine_handlers),
};

void ctl_first_rules(struct engine *e)
{
	int r;

	do
		r = child_handle(&e->child, CHILD_HANDSHAKE_MS);
	while ((r == 0 || r == -EINTR) && !e->rule_loads);
	if (!e->rule_loads)
		fatal("no rules from the broker");
	if (!e->rs)
		fatal("the first rule set did not load");
}

void ctl_send_stats(struct engine *e)
{
	static char text[ENGINE_STATS_MAX];

	stats_text(e, text, sizeof(text));
	child_send_stats(&e->child, text);
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
