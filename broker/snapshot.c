/*
 * Periodic metrics snapshots, as Falco's metrics keys ask: every
 * metrics.interval, lanner's own figures go out as an alert of the rule
 * "Falco internal: metrics snapshot" (output_rule) to the output channels
 * and/or as one JSON line appended to metrics.output_file, which the
 * broker opens itself (never through a symbolic link).
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "conf_keys.h"
#include "config.h" /* autoconf: PACKAGE_VERSION */
#include "log.h"

#define SNAPSHOT_RULE "Falco internal: metrics snapshot"
#define SNAPSHOT_FIELDS 12

struct figures {
	char v[SNAPSHOT_FIELDS][32];
	struct alert_field f[SNAPSHOT_FIELDS];
	uint32_t n;
};

static void add(struct figures *s, const char *key, unsigned long long v)
{
	if (s->n == SNAPSHOT_FIELDS)
		return;
	snprintf(s->v[s->n], sizeof(s->v[s->n]), "%llu", v);
	s->f[s->n].key = key;
	s->f[s->n].value = s->v[s->n];
	s->f[s->n].kind = ALERT_NUMBER;
	s->n++;
}

static void collect(const struct broker *b, struct figures *s)
{
	struct timespec now;
	unsigned long long alerts = 0, restarts = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (int p = 0; p < PRIO_COUNT; p++)
		alerts += b->alerts_by_prio[p];
	for (size_t i = 0; i < b->nchildren; i++)
		restarts += b->children[i].restarts;
	s->n = 0;
	add(s, "lanner.duration_sec",
	    (unsigned long long)(now.tv_sec - b->started.tv_sec));
	add(s, "lanner.n_evts", status_stat(b, ROLE_ENGINE, "events"));
	add(s, "lanner.n_drops_kernel",
	    status_stat(b, ROLE_CAPTURE, "kernel_drops"));
	add(s, "lanner.n_drops_ring",
	    status_stat(b, ROLE_CAPTURE, "ring_drops"));
	add(s, "lanner.n_alerts", alerts);
	add(s, "lanner.rules_loaded", b->rules_loaded);
	add(s, "lanner.restarts", restarts);
	add(s, "lanner.n_threads", status_stat(b, ROLE_ENGINE, "threads"));
	add(s, "lanner.n_fds", status_stat(b, ROLE_ENGINE, "fds"));
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void as_alert(struct broker *b, const struct figures *s)
{
	static uint8_t buf[8192];
	struct alert a = {0};
	struct msg_out m;

	a.time_ns = now_ns();
	a.priority = PRIO_INFORMATIONAL;
	a.rule = SNAPSHOT_RULE;
	a.source = "internal";
	a.hostname = conf_str(&b->conf, CONF_HOSTNAME);
	a.output = "Falco metrics snapshot";
	a.nfields = s->n;
	memcpy(a.fields, s->f, s->n * sizeof(s->f[0]));
	msg_begin(&m, buf, sizeof(buf), MSG_ALERT, 0);
	alert_encode(&m, &a);
	if (msg_finish(&m) < 0)
		return;
	route_alert(b, buf + sizeof(struct msg_hdr),
		    m.len - sizeof(struct msg_hdr), a.priority);
}

static void to_file(struct broker *b, const struct figures *s)
{
	json_object *o = json_object_new_object(),
		    *f = json_object_new_object();
	const char *line;

	if (!o || !f)
		return;
	for (uint32_t i = 0; i < s->n; i++)
		json_object_object_add(
		    f, s->f[i].key,
		    json_object_new_int64(strtoll(s->f[i].value, NULL, 10)));
	json_object_object_add(o, "rule",
			       json_object_new_string(SNAPSHOT_RULE));
	json_object_object_add(
	    o, "hostname",
	    json_object_new_string(conf_str(&b->conf, CONF_HOSTNAME)));
	json_object_object_add(o, "version",
			       json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(o, "time_ns",
			       json_object_new_int64((int64_t)now_ns()));
	json_object_object_add(o, "output_fields", f);
	line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (dprintf(b->snapshot_file, "%s\n", line) < 0)
		log_warn("metrics.output_file: %s", strerror(errno));
	json_object_put(o);
}

static void on_snapshot(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	struct figures s;

	collect(b, &s);
	if (conf_bool(&b->conf, CONF_METRICS_OUTPUT_RULE))
		as_alert(b, &s);
	if (b->snapshot_file >= 0)
		to_file(b, &s);
}

int snapshot_setup(struct broker *b)
{
	const char *path = conf_str(&b->conf, CONF_METRICS_OUTPUT_FILE);
	long long ms =
	    conf_parse_duration_ms(conf_str(&b->conf, CONF_METRICS_INTERVAL));
	struct timeval tv = {(time_t)(ms / 1000),
			     (suseconds_t)(ms % 1000) * 1000};

	b->snapshot_file = -1;
	if (!conf_bool(&b->conf, CONF_METRICS_ENABLED) || ms <= 0 ||
	    (!conf_bool(&b->conf, CONF_METRICS_OUTPUT_RULE) && !*path))
		return 0;
	if (*path) {
		b->snapshot_file = open(path,
					O_WRONLY | O_APPEND | O_CREAT |
					    O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
					0640);
		if (b->snapshot_file < 0)
			return -errno;
	}
	b->ev_snapshot = event_new(b->base, -1, EV_PERSIST, on_snapshot, b);
	return b->ev_snapshot ? event_add(b->ev_snapshot, &tv) : -ENOMEM;
}
