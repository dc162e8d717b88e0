/*
 * lanner-engine: reads events from the shared-memory ring, keeps the
 * system state, evaluates the rules and publishes alerts to the broker.
 * It takes its configuration from the broker, reads the user and group
 * files, drops to the lanner-engine user, locks itself in its seccomp sandbox,
 * and only then takes and compiles the rules the broker sends, and loops.
 * With a rule CLI mode (--validate, --list-rules, --describe,
 * --list-fields) it runs that, confined the same way, and exits instead.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "confine.h"
#include "engine.h"
#include "ipc.h"
#include "log.h"
#include "privdrop.h"
#include "rules_cli.h"
#include "ruleset.h"
#include "sandbox.h"
#include "state.h"

#define ENGINE_POLL_MS 100
#define ENGINE_BATCH 4096 /* records between control checks */
#define ENGINE_STATS_NS (10ull * 1000000000ull)
#define ENGINE_BAD_LOG_EVERY 1000

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static int parse_fd(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 65535)
		fatal("bad file descriptor number: %s", s);
	return (int)v;
}

static void parse_args(struct engine *e, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"ring-fd", required_argument, NULL, 'r'},
	    {"wake-fd", required_argument, NULL, 'w'},
	    {"ctl", required_argument, NULL, 'c'},
	    {"log-level", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	enum log_level lvl;
	int ch;

	e->ring_fd = e->wake_fd = -1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			e->ring_fd = parse_fd(optarg);
		else if (ch == 'w')
			e->wake_fd = parse_fd(optarg);
		else if (ch == 'c')
			e->url = optarg;
		else if (ch == 'l' && log_level_parse(optarg, &lvl) == 0)
			log_set_level(lvl);
		else
			fatal("usage: lanner-engine --ring-fd N --wake-fd N "
			      "--ctl URL [--log-level LEVEL]");
	}
	if (optind != argc || e->ring_fd < 0 || e->wake_fd < 0 || !e->url)
		fatal("usage: lanner-engine --ring-fd N --wake-fd N --ctl URL "
		      "[--log-level LEVEL]");
}

static void setup(struct engine *e)
{
	struct sigaction sa = {.sa_handler = on_term};
	int r;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	e->st = malloc(sizeof(*e->st));
	e->ctx = calloc(1, sizeof(*e->ctx));
	e->diag = calloc(1, ENGINE_DIAG_MAX);
	e->alert_scratch = malloc(ENGINE_ALERT_SCRATCH);
	if (!e->st || !e->ctx || !e->diag || !e->alert_scratch ||
	    state_init(e->st) < 0)
		fatal("out of memory");
	r = ring_map(&e->ring, e->ring_fd, 0);
	if (r < 0)
		fatal("cannot map the event ring: %s", strerror(-r));
	e->sock = ipc_connect(e->url);
	if (e->sock < 0)
		fatal("cannot connect to %s: %s", e->url, strerror(-e->sock));
	if (publish_init(&e->pub, e->sock, PUBLISH_BACKLOG_BYTES) < 0)
		fatal("out of memory");
}

/* The last files the engine opens: nothing is opened once sandboxed. */
static void read_users(struct engine *e)
{
	int r = state_user_load(&e->st->users, "/etc/passwd", "/etc/group");

	if (r < 0)
		log_warn("user and group names unavailable: %s", strerror(-r));
}

static void set_limits(void)
{
	int r = confine_limits();

	if (r < 0)
		fatal("cannot set resource limits: %s", strerror(-r));
}

static void drop_privileges(void)
{
	pid_t parent = getppid();
	int r = confine_drop();

	if (r == -ENOENT)
		fatal("no user %s to run as", LNR_USER_ENGINE);
	if (r < 0)
		fatal("cannot drop privileges: %s", strerror(-r));
	/* Dropping privileges cleared it: die with the broker. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		fatal("the broker is gone");
}

/* no_new_privs and the seccomp filter, before any rule is parsed. */
static void restrict_calls(void)
{
	int r = allow_apply(sandbox_debug_requested());

	if (r < 0)
		fatal("cannot install the sandbox: %s", strerror(-r));
}

static void on_match(void *arg, const struct rule *r, struct evt_ctx *ctx)
{
	struct engine *e = arg;
	static struct alert a;

	memset(&a, 0, sizeof(a));
	if (rule_fill_alert(r, ctx, &a, e->alert_scratch,
			    ENGINE_ALERT_SCRATCH) < 0)
		e->alert_fill_errors++;
	a.time_ns = ctx->evt.hdr->ts;
	if (!a.hostname)
		a.hostname = e->hostname;
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

static uint64_t drop_param(const struct evt_ctx *ctx, const char *name)
{
	int i = lnr_evt_param_index(LNR_EVT_DROP, name);
	uint64_t v = 0;

	/* An older capture may not send every total. */
	if (i < 0 || lnr_evt_get_u64(&ctx->evt, (unsigned)i, &v) < 0)
		return 0;
	return v;
}

/* DROP records carry capture's drop totals; every event may be the one
 * that closes a one-second interval of the drop check. */
static void watch_drops(struct engine *e, const struct evt_ctx *ctx)
{
	struct drops_delta d;
	unsigned acts;

	if (ctx->type == LNR_EVT_DROP) {
		struct drops_totals t = {
		    .kernel = drop_param(ctx, "kernel_drops"),
		    .kernel_buffer = drop_param(ctx, "kernel_buffer_drops"),
		    .ring = drop_param(ctx, "ring_drops")};

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
	state_event_before(e->st, ctx);
	ruleset_eval(e->rs, "syscall", ctx->type, ctx, on_match, e);
	state_event_after(e->st, ctx);
	watch_drops(e, ctx);
}

/*
 * Up to ENGINE_BATCH records; -1 when the ring is corrupt. Each record is
 * copied out of shared memory before it is decoded: capture could change
 * it between the decoder's checks and their use.
 */
static int drain(struct engine *e)
{
	static _Alignas(8) uint8_t rec[LNR_EVT_MAX_SIZE];

	for (int n = 0; n < ENGINE_BATCH; n++) {
		uint32_t len;
		int r = ring_read(&e->ring, rec, sizeof(rec), &len);

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

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int run(struct engine *e)
{
	struct pollfd p[2] = {{.fd = e->wake_fd, .events = POLLIN},
			      {.fd = ipc_recv_fd(e->sock), .events = POLLIN}};
	uint64_t next_stats = now_ns() + ENGINE_STATS_NS, v;
	int more = 0;

	while (!got_term && !e->stop) {
		if (!more && poll(p, 2, ENGINE_POLL_MS) < 0 && errno != EINTR)
			return -1;
		if (p[0].revents & POLLIN)
			(void)!read(e->wake_fd, &v, sizeof(v));
		more = drain(e);
		if (more < 0 || ctl_poll(e) < 0)
			return e->stop ? 0 : -1;
		publish_flush(&e->pub);
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
	log_init("lanner-engine", LOG_LVL_INFO);
	parse_args(&e, argc, argv);
	setup(&e);
	ctl_hello(&e);
	ctl_config(&e);
	read_users(&e);
	set_limits();
	drop_privileges();
	restrict_calls();
	ctl_first_rules(&e);
	log_info("running: %zu rules, host %s", ruleset_count(e.rs),
		 e.hostname);
	r = run(&e);
	ctl_send_stats(&e);
	publish_flush(&e.pub);
	log_info("stopping: %llu events, %llu alerts, %llu dropped",
		 (unsigned long long)e.st->events, (unsigned long long)e.alerts,
		 (unsigned long long)publish_dropped(&e.pub));
	return r < 0 ? 1 : 0;
}
