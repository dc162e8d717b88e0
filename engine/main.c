/*
 * lanner-engine: reads events from the shared-memory ring, keeps the
 * system state, evaluates the rules and publishes alerts to the broker.
 * It takes its configuration from the broker, reads the user and group
 * files, drops to the lanner-engine user, enters its sandbox (limits,
 * no_new_privs, seccomp), and only then takes and compiles the rules the
 * broker sends, and loops.
 * With a rule CLI mode (--validate, --list-rules, --describe,
 * --list-fields) it runs that, confined the same way, and exits instead.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "engine.h"
#include "ipc.h"
#include "log.h"
#include "rules_cli.h"
#include "rule_items.h"
#include "ruleset.h"
#include "state.h"

#define ENGINE_POLL_MS 100
#define ENGINE_BATCH 4096	      /* records between control checks */
#define ENGINE_STATS_NS 1000000000ull /* lannerctl status shows these */
#define ENGINE_BAD_LOG_EVERY 1000
#define ENGINE_STOP_MS 2000 /* the last events and their alerts' word */

/* Memory for the state and alerts, and the ring, before the handshake. */
static void setup(struct engine *e)
{
	int r;

	e->st = malloc(sizeof(*e->st));
	e->ctx = calloc(1, sizeof(*e->ctx));
	e->diag = calloc(1, ENGINE_DIAG_MAX);
	e->alert_scratch = malloc(ENGINE_ALERT_SCRATCH);
	if (!e->st || !e->ctx || !e->diag || !e->alert_scratch ||
	    state_init(e->st) < 0 || k8s_event_setup(e) < 0)
		fatal("out of memory");
	r = ring_map(&e->ring, e->child.ring_fd, RING_CONSUMER);
	if (r < 0)
		fatal("cannot map the event ring: %s", strerror(-r));
	ring_hold(&e->ring); /* released once alerts are out: release_read */
	r = e->child.snapshot_fd < 0
		? 0
		: ring_map(&e->snapshot, e->child.snapshot_fd, RING_CONSUMER);
	if (r < 0)
		fatal("cannot map the /proc snapshot: %s", strerror(-r));
}

/* The last files the engine opens: nothing is opened once sandboxed. */
static void read_users(struct engine *e)
{
	int r = state_user_load(&e->st->users, "/etc/passwd", "/etc/group");

	if (r < 0)
		log_warn("user and group names unavailable: %s", strerror(-r));
}

void engine_on_match(void *arg, const struct rule *r, struct evt_ctx *ctx)
{
	struct engine *e = arg;
	static struct alert a;
	const char *file;

	memset(&a, 0, sizeof(a));
	if (rule_fill_alert(r, ctx, &a, e->alert_scratch,
			    ENGINE_ALERT_SCRATCH) < 0)
		e->alert_fill_errors++;
	a.time_ns = ctx->evt.hdr->ts;
	if (!a.hostname)
		a.hostname = e->hostname;
	file = clip_for_alert(&e->clip, &e->child, r->d.capture,
			      r->d.capture_ms, a.time_ns);
	if (file && a.nfields < ALERT_MAX_FIELDS)
		a.fields[a.nfields++] = (struct alert_field){
		    "evt.capture_file", file, ALERT_STRING};
	e->alerts++;
	publish_alert(&e->pub, &a);
}

/* Falco's drop actions: a warning, the drop alert, stopping lanner. */
static void drop_actions(struct engine *e, unsigned acts,
			 const struct drops_delta *d, uint64_t ts)
{
	static struct alert a;
	char msg[160];

	drops_message(d, msg, sizeof(msg));
	if (acts & DROPS_LOG)
		log_warn("%s", msg);
	if ((acts & DROPS_ALERT) &&
	    drops_alert(d, ts, e->hostname, &a, e->alert_scratch,
			ENGINE_ALERT_SCRATCH) == 0) {
		e->alerts++;
		publish_alert(&e->pub, &a);
	}
	if (acts & DROPS_EXIT) {
		log_err("%s Exiting (syscall_event_drops.actions has exit).",
			msg);
		ctl_ask_stop(e, msg);
	}
}

static uint64_t drop_param(const struct evt_ctx *ctx, unsigned i)
{
	uint64_t v = 0;

	return lnr_evt_get_u64(&ctx->evt, i, &v) < 0 ? 0 : v;
}

/* DROP records carry capture's drop totals; every event may be the one
 * that closes a one-second interval of the drop check. */
static void watch_drops(struct engine *e, const struct evt_ctx *ctx)
{
	struct drops_delta d;
	unsigned acts;

	if (ctx->type == LNR_EVT_DROP) {
		struct drops_totals t = {
		    .kernel = drop_param(ctx, LNR_PI_DROP_kernel_drops),
		    .kernel_buffer =
			drop_param(ctx, LNR_PI_DROP_kernel_buffer_drops),
		    .ring = drop_param(ctx, LNR_PI_DROP_ring_drops)};

		drops_note(&e->drops, &t);
	}
	acts = drops_check(&e->drops, ctx->evt.hdr->ts, e->st->events, &d);
	if (acts)
		drop_actions(e, acts, &d, ctx->evt.hdr->ts);
}

static void one_record(struct engine *e, const void *rec, uint32_t len)
{
	struct evt_ctx *ctx = e->ctx;
	const char *why = "";

	if (evt_ctx_begin(ctx, e->st, rec, len, &why) < 0) {
		if (e->bad_records++ % ENGINE_BAD_LOG_EVERY == 0)
			log_warn("bad event record (%llu so far): %s",
				 (unsigned long long)e->bad_records, why);
		return;
	}
	ctx->hostname = e->hostname;
	e->by_type[ctx->type]++;
	state_event_before(ctx);
	containers_note(e, ctx);
	ruleset_eval(e->rs, "syscall", ctx->type, ctx, engine_on_match, e);
	state_event_after(ctx);
	watch_drops(e, ctx);
}

/*
 * Up to ENGINE_BATCH records; -1 when the ring is corrupt. Each record is
 * copied out of shared memory before it is decoded: capture could change
 * it between the decoder's checks and their use.
 */
static int drain(struct engine *e, struct ring *ring)
{
	static _Alignas(8) uint8_t rec[LNR_EVT_MAX_SIZE];

	for (int n = 0; n < ENGINE_BATCH; n++) {
		uint32_t len;
		int r = ring_read(ring, rec, sizeof(rec), &len);

		if (r == 0)
			return 0;
		if (r == -EPROTO) {
			log_err("the event ring is corrupt");
			return -1;
		}
		if (r < 0) {
			e->bad_records++;
			continue;
		}
		one_record(e, rec, len);
	}
	return 1;
}

/* A restarted engine first reads the /proc snapshot the broker took for
 * it, then the live ring from where the last engine released it. */
static void read_snapshot(struct engine *e)
{
	int more;

	if (e->child.snapshot_fd < 0)
		return;
	do
		more = drain(e, &e->snapshot);
	while (more > 0);
	ring_unmap(&e->snapshot);
	close(e->child.snapshot_fd);
	e->child.snapshot_fd = -1;
	log_info("/proc snapshot read: %llu threads and processes known",
		 (unsigned long long)e->st->threads.nthreads);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Gives the ring back what was read (1), once the ring was found empty and
 * the broker has queued every alert (publish_taken): an engine killed
 * mid-burst, or with alerts still on their way, leaves its successor the
 * burst to read again (ring_hold), so no alert is lost and the processes
 * that started and ended in it are known.
 */
static int release_read(struct engine *e, int more)
{
	if (more || !publish_all_taken(&e->pub))
		return 0;
	ring_release(&e->ring);
	return 1;
}

/*
 * Stopping: reads what the ring still holds and waits for the broker's
 * word on the alerts, for at most ENGINE_STOP_MS, then gives the ring
 * back. The successor starts where this engine ended, so it raises none
 * of this engine's alerts again.
 */
static void stop_release(struct engine *e)
{
	struct pollfd p = {.fd = ipc_recv_fd(e->child.sock), .events = POLLIN};
	uint64_t until = now_ns() + ENGINE_STOP_MS * 1000000ull;

	while (now_ns() < until) {
		int more = drain(e, &e->ring);

		if (more < 0)
			return;
		publish_flush(&e->pub);
		if (release_read(e, more))
			return;
		if (!more && poll(&p, 1, ENGINE_POLL_MS) < 0 && errno != EINTR)
			return;
		if (child_dispatch(&e->child) < 0)
			return;
	}
}

static int run(struct engine *e)
{
	struct pollfd p[2] = {
	    {.fd = e->child.wake_fd, .events = POLLIN},
	    {.fd = ipc_recv_fd(e->child.sock), .events = POLLIN}};
	uint64_t next_stats = now_ns() + ENGINE_STATS_NS, v;
	int more = 0, r;

	while (!child_stopping) {
		if (!more && poll(p, 2, ENGINE_POLL_MS) < 0 && errno != EINTR)
			return -1;
		if (p[0].revents & POLLIN)
			(void)!read(e->child.wake_fd, &v, sizeof(v));
		more = drain(e, &e->ring);
		if (more < 0)
			return -1;
		r = child_dispatch(&e->child);
		if (r)
			return r == CHILD_STOP ? 0 : -1;
		containers_tick(e);
		publish_flush(&e->pub);
		release_read(e, more);
		if (now_ns() >= next_stats) {
			ctl_send_stats(e);
			next_stats = now_ns() + ENGINE_STATS_NS;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct engine e;
	int r;

	if (argc > 1 && rules_cli_is_mode(argv[1]))
		return rules_cli_main(argc, argv);
	child_start(&e.child, &engine_child, &e, argc, argv);
	child_signals();
	setup(&e);
	child_connect(&e.child);
	child_config(&e.child);
	ctl_configure(&e);
	read_users(&e);
	child_drop_privileges(&e.child);
	child_sandbox_enter(engine_allow, engine_allow_len);
	ctl_first_rules(&e);
	read_snapshot(&e);
	log_info("running: %zu rules, host %s", ruleset_count(e.rs),
		 e.hostname);
	if (child_send_ready(&e.child) < 0)
		fatal("cannot tell the broker the engine is ready");
	r = run(&e);
	stop_release(&e);
	ctl_send_stats(&e);
	log_info("stopping: %llu events, %llu alerts, %llu dropped",
		 (unsigned long long)e.st->events, (unsigned long long)e.alerts,
		 (unsigned long long)publish_dropped(&e.pub));
	return r < 0 ? 1 : 0;
}
