/*
 * The engine's side of container metadata: it never opens a socket. A
 * process event that names a container the table does not know makes an
 * entry (state/state_container.c); between batches of events the engine
 * asks the broker about new entries (MSG_CONTAINER_WANT) and takes the
 * answers (MSG_CONTAINER_INFO) whenever they come, each decoded here,
 * since the engine trusts no other process. No event waits for one.
 */
#include <errno.h>
#include <time.h>

#include "conf_keys.h"
#include "ctrinfo.h"
#include "engine.h"
#include "log.h"
#include "state.h"

#define CONTAINERS_SWEEP_NS (5ull * 1000000000ull)
#define CONTAINERS_ASK_BATCH 64 /* questions per turn of the loop */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void containers_configure(struct engine *e)
{
	const struct conf *c = &e->child.conf;
	long max = conf_long(c, CONF_CONTAINER_CACHE_MAX);
	long long ttl =
	    conf_parse_duration_ms(conf_str(c, CONF_CONTAINER_CACHE_TTL));
	long long retry =
	    conf_parse_duration_ms(conf_str(c, CONF_CONTAINER_CACHE_RETRY));

	if (max > 1000000)
		max = 1000000;
	if (state_container_init(&e->st->containers, (uint32_t)max,
				 (uint64_t)ttl * 1000000ull,
				 (uint64_t)retry * 1000000ull) < 0)
		fatal("out of memory for %ld containers", max);
	e->containers_sweep_ns = mono_ns() + CONTAINERS_SWEEP_NS;
}

void containers_note(struct engine *e, const struct evt_ctx *ctx)
{
	if (ctx->proc && lnr_evt_proc_index(ctx->type) >= 0)
		state_container_note(&e->st->containers, ctx->proc, mono_ns());
}

static int ask(struct engine *e, const struct container *c)
{
	uint8_t buf[256];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_CONTAINER_WANT, 0);
	msg_add_str(&m, c->id);
	msg_add_str(&m, state_container_kind_name(c->kind));
	return child_send(&e->child, &m, 1);
}

void containers_tick(struct engine *e)
{
	struct container_table *t = &e->st->containers;
	uint64_t now = mono_ns();
	struct container *c;

	for (int i = 0; i < CONTAINERS_ASK_BATCH &&
			(c = state_container_next_wanted(t, now));
	     i++) {
		if (ask(e, c) < 0) {
			state_container_unask(t, c);
			break;
		}
		e->container_asks++;
	}
	if (now < e->containers_sweep_ns)
		return;
	state_container_sweep(t, &e->st->threads, now);
	e->containers_sweep_ns = now + CONTAINERS_SWEEP_NS;
}

int containers_on_info(void *self, struct msg_in *m)
{
	struct engine *e = self;
	struct ctrinfo info;

	/* The broker relays the helper's answer unread: a malformed one is
	 * the helper's fault, logged, not a reason to stop. */
	if (ctrinfo_decode(m, &info) < 0) {
		if (e->container_bad++ % 100 == 0)
			log_warn("malformed container metadata (%llu so far)",
				 (unsigned long long)e->container_bad);
		return 0;
	}
	state_container_answer(&e->st->containers, &info, mono_ns());
	return 0;
}
