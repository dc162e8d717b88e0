/*
 * What `lannerctl status` shows: each process with its pid, uptime,
 * restarts and state; the engine's and capture's counters from their
 * last STATS; alerts by priority; each channel's queue; the rules and
 * the last reload. As a table for people, or JSON (json-c) for scripts.
 */
#include <event2/buffer.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker.h"

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static const char *state_of(const struct child *c)
{
	if (c->idle)
		return "idle";
	if (!c->pid)
		return "restarting";
	if (!c->hello)
		return "starting";
	/* Only capture and the engine say when they are ready. */
	return c->ready || (c->def->role != ROLE_CAPTURE &&
			    c->def->role != ROLE_ENGINE)
		   ? "running"
		   : "starting";
}

/* A counter from a child's last STATS text, 0 when absent. */
static unsigned long long stat_of(const struct child *c, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = c->stats; p && *p;) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return strtoull(p + klen + 1, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

unsigned long long status_stat(const struct broker *b, enum proc_role role,
			       const char *key)
{
	const struct child *c = role_child(b, role);

	return c ? stat_of(c, key) : 0;
}

static json_object *process_json(const struct child *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name",
			       json_object_new_string(c->def->binary));
	if (c->def->channel)
		json_object_object_add(o, "channel",
				       json_object_new_string(c->def->channel));
	json_object_object_add(o, "pid", json_object_new_int(c->pid));
	json_object_object_add(
	    o, "uptime_s",
	    json_object_new_double(c->pid ? seconds_since(&c->started) : 0));
	json_object_object_add(o, "restarts",
			       json_object_new_int64(c->restarts));
	json_object_object_add(o, "state", json_object_new_string(state_of(c)));
	return o;
}

static json_object *channel_json(const struct child *c)
{
	json_object *o = json_object_new_object();
	uint64_t queued = c->queue.next_seq - 1;

	json_object_object_add(o, "channel",
			       json_object_new_string(c->def->channel));
	json_object_object_add(o, "queued", json_object_new_int64(queued));
	json_object_object_add(o, "depth",
			       json_object_new_int64(c->queue.count));
	json_object_object_add(o, "in_flight",
			       json_object_new_int64(c->queue.in_flight));
	json_object_object_add(o, "acked",
			       json_object_new_int64(queued - c->queue.count -
						     queue_dropped(&c->queue)));
	json_object_object_add(o, "dropped",
			       json_object_new_int64(queue_dropped(&c->queue)));
	json_object_object_add(o, "below_priority",
			       json_object_new_int64(c->below_priority));
	return o;
}

static void add_counters(json_object *o, const struct child *c,
			 const char *const *keys)
{
	for (; c && *keys; keys++)
		json_object_object_add(
		    o, *keys,
		    json_object_new_int64((int64_t)stat_of(c, *keys)));
}

static const char *const engine_keys[] = {
    "events",	   "alerts",	      "ring_drops",
    "bad_records", "threads",	      "procs",
    "fds",	   "threads_refused", "procs_refused",
    "dns_names",   "dns_answers",     "alerts_unconfirmed",
    NULL};
static const char *const capture_keys[] = {"records", "kernel_drops",
					   "ring_drops", NULL};

static json_object *status_json(const struct broker *b)
{
	json_object *o = json_object_new_object(), *procs, *chans, *prio,
		    *eng = json_object_new_object(),
		    *cap = json_object_new_object();
	const struct child *e = role_child(b, ROLE_ENGINE);

	json_object_object_add(o, "ready",
			       json_object_new_boolean(b->ready_at_ms > 0));
	json_object_object_add(
	    o, "uptime_s", json_object_new_double(seconds_since(&b->started)));
	json_object_object_add(o, "ready_ms",
			       json_object_new_double(b->ready_at_ms));
	procs = json_object_new_array();
	chans = json_object_new_array();
	for (size_t i = 0; i < b->nchildren; i++) {
		json_object_array_add(procs, process_json(&b->children[i]));
		if (b->children[i].def->role == ROLE_OUTPUT)
			json_object_array_add(chans,
					      channel_json(&b->children[i]));
	}
	json_object_object_add(o, "processes", procs);
	json_object_object_add(o, "channels", chans);
	add_counters(eng, e, engine_keys);
	json_object_object_add(eng, "events_per_s",
			       json_object_new_double(e ? e->evt_rate : 0));
	json_object_object_add(o, "engine", eng);
	add_counters(cap, role_child(b, ROLE_CAPTURE), capture_keys);
	json_object_object_add(o, "capture", cap);
	prio = json_object_new_object();
	for (int p = 0; p < PRIO_COUNT; p++)
		json_object_object_add(
		    prio, priority_name(p),
		    json_object_new_int64((int64_t)b->alerts_by_prio[p]));
	json_object_object_add(o, "alerts_by_priority", prio);
	json_object_object_add(o, "rules_loaded",
			       json_object_new_int(b->rules_loaded));
	json_object_object_add(o, "reloads", json_object_new_int(b->reloads));
	json_object_object_add(o, "last_reload",
			       json_object_new_string(b->last_reload));
	return o;
}

static void render_table(const struct broker *b, struct evbuffer *out)
{
	const struct child *e = role_child(b, ROLE_ENGINE);

	evbuffer_add_printf(out, "lanner: %s, up %.0f s",
			    b->ready_at_ms ? "ready" : "starting",
			    seconds_since(&b->started));
	if (b->ready_at_ms)
		evbuffer_add_printf(out, " (ready after %.0f ms)",
				    b->ready_at_ms);
	evbuffer_add_printf(out, "\n\n%-24s %8s %10s %8s  %s\n", "process",
			    "pid", "uptime", "restarts", "state");
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct child *c = &b->children[i];
		char name[64];

		snprintf(name, sizeof(name), "%s%s%s", c->def->binary,
			 c->def->channel ? " " : "",
			 c->def->channel ? c->def->channel : "");
		evbuffer_add_printf(out, "%-24s %8d %9.0fs %8u  %s\n", name,
				    (int)c->pid,
				    c->pid ? seconds_since(&c->started) : 0,
				    c->restarts, state_of(c));
	}
	evbuffer_add_printf(
	    out,
	    "\nengine: %.0f events/s, %llu events, %llu alerts, "
	    "%llu ring drops\n",
	    e ? e->evt_rate : 0, e ? stat_of(e, "events") : 0,
	    e ? stat_of(e, "alerts") : 0, e ? stat_of(e, "ring_drops") : 0);
	evbuffer_add_printf(
	    out, "capture: %llu records, %llu kernel drops, %llu ring drops\n",
	    stat_of(role_child(b, ROLE_CAPTURE), "records"),
	    stat_of(role_child(b, ROLE_CAPTURE), "kernel_drops"),
	    stat_of(role_child(b, ROLE_CAPTURE), "ring_drops"));
	evbuffer_add_printf(out, "alerts:");
	for (int p = 0; p < PRIO_COUNT; p++)
		evbuffer_add_printf(out, " %s %llu", priority_name(p),
				    (unsigned long long)b->alerts_by_prio[p]);
	evbuffer_add_printf(out, "\n\n%-10s %8s %8s %8s %8s %8s\n", "channel",
			    "queued", "depth", "inflight", "dropped",
			    "skipped");
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct child *c = &b->children[i];

		if (c->def->role != ROLE_OUTPUT)
			continue;
		evbuffer_add_printf(
		    out, "%-10s %8llu %8u %8u %8llu %8llu\n", c->def->channel,
		    (unsigned long long)(c->queue.next_seq - 1), c->queue.count,
		    c->queue.in_flight,
		    (unsigned long long)queue_dropped(&c->queue),
		    (unsigned long long)c->below_priority);
	}
	evbuffer_add_printf(out, "\nrules: %u loaded, %u reloads; last: %s\n",
			    b->rules_loaded, b->reloads,
			    b->last_reload[0] ? b->last_reload : "none");
}

int status_render(const struct broker *b, struct evbuffer *out, int json)
{
	json_object *o;

	if (!json) {
		render_table(b, out);
		return 1;
	}
	o = status_json(b);
	if (!o)
		return 0;
	evbuffer_add_printf(
	    out, "%s\n",
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return 1;
}
