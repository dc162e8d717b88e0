/*
 * The figures lanner-web serves: once a second the broker sends it
 * whether lanner is healthy (every process up, capture capturing, the
 * engine consuming with its rules) and its metrics in Prometheus text
 * exposition format, built from what the broker knows: its children's
 * STATS, the queues, the restarts, and each process's memory and CPU
 * from /proc (read by the broker, which is trusted with it).
 */
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"

#define METRICS_EVERY_S 1
/* An engine silent this long (it reports every second) is not consuming. */
#define ENGINE_SILENT_S 3

/* Why lanner is not healthy, or NULL. */
static const char *unhealthy(const struct broker *b)
{
	static char why[160];
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct child *c = &b->children[i];

		if (c->idle)
			continue;
		if (!c->pid || !c->hello) {
			snprintf(why, sizeof(why), "%s%s%s is not running",
				 c->def->binary, c->def->channel ? " " : "",
				 c->def->channel ? c->def->channel : "");
			return why;
		}
		if ((c->def->role == ROLE_CAPTURE ||
		     c->def->role == ROLE_ENGINE) &&
		    !c->ready) {
			snprintf(why, sizeof(why), "%s is starting",
				 c->def->binary);
			return why;
		}
		if (c->def->role == ROLE_ENGINE && c->stats_at.tv_sec &&
		    now.tv_sec - c->stats_at.tv_sec > ENGINE_SILENT_S) {
			snprintf(why, sizeof(why),
				 "%s has not reported for %ld s: not consuming",
				 c->def->binary,
				 (long)(now.tv_sec - c->stats_at.tv_sec));
			return why;
		}
	}
	return b->rules_ok_once ? NULL : "no rules loaded yet";
}

static void metric(struct evbuffer *o, const char *name, const char *type,
		   const char *help)
{
	evbuffer_add_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
			    type);
}

/* Resident bytes and CPU seconds of pid, from /proc/PID/stat: utime,
 * stime and rss are its 14th, 15th and 24th fields. */
static int proc_usage(pid_t pid, double *rss, double *cpu)
{
	char path[64], buf[1024], *p, *save = NULL;
	unsigned long long v[25] = {0};
	int field = 3, ok;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	p = ok ? strrchr(buf, ')') : NULL; /* comm may hold spaces */
	if (!p)
		return -1;
	for (p = strtok_r(p + 1, " ", &save); p && field < 25;
	     p = strtok_r(NULL, " ", &save), field++)
		v[field] = strtoull(p, NULL, 10);
	if (field < 25)
		return -1;
	*cpu = (double)(v[14] + v[15]) / (double)sysconf(_SC_CLK_TCK);
	*rss = (double)v[24] * (double)sysconf(_SC_PAGESIZE);
	return 0;
}

/* What /metrics says of each process, the broker first. */
struct usage {
	char label[64];
	int up;
	unsigned restarts;
	int known; /* rss and cpu read */
	double rss, cpu;
};

static size_t read_usage(const struct broker *b, struct usage *u)
{
	size_t n = 0;

	snprintf(u[n].label, sizeof(u[n].label), "lanner");
	u[n].up = 1;
	u[n].restarts = 0;
	u[n].known = proc_usage(getpid(), &u[n].rss, &u[n].cpu) == 0;
	n++;
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct child *c = &b->children[i];

		if (c->idle) /* not started: it has had nothing to do */
			continue;
		snprintf(u[n].label, sizeof(u[n].label), "%s%s%s",
			 c->def->binary, c->def->channel ? "-" : "",
			 c->def->channel ? c->def->channel : "");
		u[n].up = c->pid && c->hello;
		u[n].restarts = c->restarts;
		u[n].known =
		    c->pid && proc_usage(c->pid, &u[n].rss, &u[n].cpu) == 0;
		n++;
	}
	return n;
}

static void process_metrics(const struct broker *b, struct evbuffer *o)
{
	struct usage u[BROKER_MAX_CHILDREN + 1];
	size_t n = read_usage(b, u);

	metric(o, "lanner_process_up", "gauge",
	       "1 while the process runs and has connected");
	for (size_t i = 0; i < n; i++)
		evbuffer_add_printf(o, "lanner_process_up{process=\"%s\"} %d\n",
				    u[i].label, u[i].up);
	metric(o, "lanner_process_restarts_total", "counter",
	       "Times the broker restarted the process");
	for (size_t i = 0; i < n; i++)
		evbuffer_add_printf(
		    o, "lanner_process_restarts_total{process=\"%s\"} %u\n",
		    u[i].label, u[i].restarts);
	metric(o, "lanner_process_resident_memory_bytes", "gauge",
	       "Resident memory of the process");
	for (size_t i = 0; i < n; i++)
		if (u[i].known)
			evbuffer_add_printf(o,
					    "lanner_process_resident_memory_"
					    "bytes{process=\"%s\"} %.0f\n",
					    u[i].label, u[i].rss);
	metric(o, "lanner_process_cpu_seconds_total", "counter",
	       "User and system CPU time of the process");
	for (size_t i = 0; i < n; i++)
		if (u[i].known)
			evbuffer_add_printf(o,
					    "lanner_process_cpu_seconds_total{"
					    "process=\"%s\"} %.2f\n",
					    u[i].label, u[i].cpu);
}

static void channel_metrics(const struct broker *b, struct evbuffer *o)
{
	static const char *const names[][3] = {
	    {"lanner_output_alerts_total", "counter",
	     "Alerts queued for the channel"},
	    {"lanner_output_queue_depth", "gauge",
	     "Alerts in the channel's queue, sent or not"},
	    {"lanner_output_in_flight", "gauge",
	     "Alerts sent to the worker and not acknowledged yet"},
	    {"lanner_output_dropped_total", "counter",
	     "Alerts dropped from the channel's full queue"},
	    {"lanner_output_skipped_total", "counter",
	     "Alerts below the channel's priority, never queued"},
	    {"lanner_output_redelivered_total", "counter",
	     "Alerts sent again because the worker restarted unacknowledged"},
	};

	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		metric(o, names[n][0], names[n][1], names[n][2]);
		for (size_t i = 0; i < b->nchildren; i++) {
			const struct child *c = &b->children[i];
			const unsigned long long v[] = {
			    c->queue.next_seq - 1, c->queue.count,
			    c->queue.in_flight,	   queue_dropped(&c->queue),
			    c->below_priority,	   c->queue.redelivered};

			if (c->def->role == ROLE_OUTPUT)
				evbuffer_add_printf(
				    o, "%s{channel=\"%s\"} %llu\n", names[n][0],
				    c->def->channel, v[n]);
		}
	}
}

/* lanner_events_by_type_total, from the engine's events.NAME=N lines. */
static void type_metrics(const struct broker *b, struct evbuffer *o)
{
	metric(o, "lanner_events_by_type_total", "counter",
	       "Events the engine has processed, by event type");
	for (size_t i = 0; i < b->nchildren; i++) {
		const char *p = b->children[i].stats;

		if (b->children[i].def->role != ROLE_ENGINE)
			continue;
		while ((p = strstr(p, "\nevents."))) {
			const char *name = p + 8;
			size_t len = strcspn(name, "=\n");

			/* The engine is less trusted than this text's
			 * readers: names are event type names or skipped. */
			if (name[len] == '=' && len > 0 &&
			    strspn(name,
				   "abcdefghijklmnopqrstuvwxyz0123456789_") ==
				len)
				evbuffer_add_printf(
				    o,
				    "lanner_events_by_type_total{type=\"%.*s\"}"
				    " "
				    "%llu\n",
				    (int)len, name,
				    strtoull(name + len + 1, NULL, 10));
			p = name;
		}
	}
}

/* A label value as the exposition format wants it: \\, \" and \n
 * escaped. Rule names come from rule files and may hold anything. */
static void add_label(struct evbuffer *o, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			evbuffer_add_printf(o, "\\%c", *v);
		else if (*v == '\n')
			evbuffer_add(o, "\\n", 2);
		else
			evbuffer_add(o, v, 1);
	}
}

static void rule_row(void *arg, const char *rule, enum priority prio,
		     uint64_t n)
{
	struct evbuffer *o = arg;

	evbuffer_add_printf(o, "lanner_alerts_by_rule_total{rule=\"");
	add_label(o, rule ? rule : "(other)");
	evbuffer_add_printf(o, "\",priority=\"%s\"} %llu\n",
			    priority_name(prio), (unsigned long long)n);
}

static void pipeline_metrics(const struct broker *b, struct evbuffer *o)
{
	metric(o, "lanner_events_total", "counter",
	       "Events the engine has processed");
	evbuffer_add_printf(o, "lanner_events_total %llu\n",
			    status_stat(b, ROLE_ENGINE, "events"));
	type_metrics(b, o);
	metric(o, "lanner_event_drops_total", "counter",
	       "Events lost before the engine saw them, by where");
	evbuffer_add_printf(o,
			    "lanner_event_drops_total{reason=\"kernel\"} %llu\n"
			    "lanner_event_drops_total{reason=\"ring\"} %llu\n",
			    status_stat(b, ROLE_CAPTURE, "kernel_drops"),
			    status_stat(b, ROLE_CAPTURE, "ring_drops"));
	metric(o, "lanner_alerts_total", "counter",
	       "Alerts the engine raised, by priority");
	for (int p = 0; p < PRIO_COUNT; p++)
		evbuffer_add_printf(o,
				    "lanner_alerts_total{priority=\"%s\"} "
				    "%llu\n",
				    priority_name(p),
				    (unsigned long long)b->alerts_by_prio[p]);
	metric(o, "lanner_alerts_by_rule_total", "counter",
	       "Alerts the engine raised, by rule and priority (rules past the "
	       "first 1024 as rule \"(other)\")");
	rulecount_each(&b->alerts_by_rule, rule_row, o);
	metric(o, "lanner_ring_fill_ratio", "gauge",
	       "Share of the shared event ring waiting for the engine");
	evbuffer_add_printf(o, "lanner_ring_fill_ratio %.6f\n",
			    b->ring.size ? (double)ring_backlog(&b->ring) /
					       (double)b->ring.size
					 : 0.0);
	metric(o, "lanner_rules_loaded", "gauge", "Rules in force");
	evbuffer_add_printf(o, "lanner_rules_loaded %u\n", b->rules_loaded);
	metric(o, "lanner_rule_reloads_total", "counter", "Rule reloads asked");
	evbuffer_add_printf(o, "lanner_rule_reloads_total %u\n", b->reloads);
	metric(o, "lanner_rule_reload_failures_total", "counter",
	       "Reloads whose rules were rejected or could not be read");
	evbuffer_add_printf(o, "lanner_rule_reload_failures_total %u\n",
			    b->reload_failures);
}

static void send_metrics(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	struct evbuffer *o;
	const char *why = unhealthy(b);
	struct msg_out m;
	size_t len;

	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		if (c->def->role != ROLE_WEB || !c->hello)
			continue;
		o = evbuffer_new();
		if (!o)
			return;
		metric(o, "lanner_ready", "gauge",
		       "1 once capture and the engine are ready");
		evbuffer_add_printf(o, "lanner_ready %d\n", why == NULL);
		pipeline_metrics(b, o);
		channel_metrics(b, o);
		process_metrics(b, o);
		len = evbuffer_get_length(o);
		chan_begin(b, &m, MSG_METRICS, 0);
		msg_add_u32(&m, why == NULL);
		msg_add_str(&m, why ? why : "");
		evbuffer_add(o, "", 1);
		msg_add_str(&m, (const char *)evbuffer_pullup(o, -1));
		if (len < m.cap)
			chan_send(c, &m, 1);
		evbuffer_free(o);
	}
}

int metrics_setup(struct broker *b)
{
	struct timeval tv = {METRICS_EVERY_S, 0};

	b->ev_metrics = event_new(b->base, -1, EV_PERSIST, send_metrics, b);
	return b->ev_metrics ? event_add(b->ev_metrics, &tv) : -1;
}
