/*
 * lanner, the broker: reads the command line, configuration and rules,
 * makes the run directory and the shared ring, then spawns capture,
 * engine and one output worker per channel and supervises them until
 * told to stop.
 */
#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "broker.h"
#include "control.h"
#include "config.h" /* autoconf: LNR_SELFTEST */
#include "conf_keys.h"
#include "ipc.h"
#include "log.h"
#include "paths.h"
#include "record.h"
#include "ring.h"
#include "rundir.h"
#include "tools.h"

static void load_config(struct broker *b)
{
	char err[512];

	if (config_load(b->cli, &b->conf, &b->drops, err, sizeof(err)) < 0)
		fatal("%s", err);
}

static void setup_logging(struct broker *b)
{
	enum log_level lvl = LOG_LVL_INFO;

	b->log_level = b->cli->log_level ? b->cli->log_level
					 : conf_str(&b->conf, CONF_LOG_LEVEL);
	if (log_level_parse(b->log_level, &lvl) < 0)
		fatal("unknown log level %s", b->log_level);
	log_set_level(lvl);
}

static void load_rules(struct broker *b)
{
	config_rule_paths(b);
	if (rules_read(&b->rules, b->rule_paths, b->nrule_paths))
		fatal("cannot start without rules");
}

static void setup_runtime(struct broker *b)
{
	/* Only root enters: children connect before they drop privileges. */
	b->run_dir_fd = rundir_create(b->cli->run_dir, b->run_dir,
				      sizeof(b->run_dir), &b->run_dir_created);
	if (b->run_dir_fd < 0)
		fatal("cannot start without a run directory");
	uint32_t kernel_bytes =
	    conf_buf_preset_bytes(conf_long(&b->conf, CONF_BUF_SIZE_PRESET));

	b->ring_fd = ring_create(RING_SIZE_FOR(kernel_bytes));
	if (b->ring_fd < 0)
		fatal("cannot create the event ring: %s",
		      strerror(-b->ring_fd));
	b->snapshot_fd = -1;
	if (ring_map(&b->ring, b->ring_fd, RING_BROKER) < 0)
		fatal("cannot map the event ring: %m");
	b->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	b->out = malloc(MSG_MAX_SIZE);
	b->base = event_base_new();
	if (b->wake_fd < 0 || !b->out || !b->base)
		fatal("cannot set up: %m");
	signal(SIGPIPE, SIG_IGN);
}

static void add_child(struct broker *b, const struct proc_def *def)
{
	struct child *c = &b->children[b->nchildren];
	int r;

	if (!proc_enabled(def, &b->conf) ||
	    def->when == (b->replay ? PROC_LIVE : PROC_REPLAY))
		return;
	if (b->nchildren == BROKER_MAX_CHILDREN)
		fatal("too many processes in the table");
	c->def = def;
	c->b = b;
	if (paths_program(def, c->path, sizeof(c->path)) < 0)
		fatal("cannot find %s (set LANNER_LIBEXECDIR?)", def->binary);
	r = peer_listen(c);
	if (r == 0 && (def->role == ROLE_OUTPUT || def->role == ROLE_ENGINE))
		r = route_init(c);
	if (r == 0)
		r = sink_setup(c);
	if (r < 0)
		fatal("cannot set up %s: %s", def->name, strerror(-r));
	b->nchildren++;
}

/* The signals the broker acts on, each one call into the layer below. */
static void on_stop_signal(evutil_socket_t sig, short what, void *arg)
{
	log_info("received SIG%s", sigabbrev_np((int)sig));
	broker_stop(arg, 0);
}

static void on_hangup(evutil_socket_t sig, short what, void *arg)
{
	(void)reload(arg);
}

#ifdef LNR_SELFTEST
/* Asks the engine to make a forbidden syscall: the sandbox test. */
static void on_selftest(evutil_socket_t sig, short what, void *arg)
{
	struct broker *b = arg;
	struct msg_out m;

	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_ENGINE &&
		    b->children[i].hello) {
			log_info("self-test: asking %s to break its sandbox",
				 b->children[i].def->binary);
			chan_begin(b, &m, MSG_SELFTEST_FORBIDDEN, 0);
			chan_send(&b->children[i], &m, 1);
		}
}
#endif

static int setup_signals(struct broker *b)
{
	static const struct {
		int sig;
		event_callback_fn fn;
	} sigs[] = {
	    {SIGCHLD, supervise_reap}, {SIGINT, on_stop_signal},
	    {SIGTERM, on_stop_signal}, {SIGHUP, on_hangup},
#ifdef LNR_SELFTEST
	    {SIGUSR2, on_selftest},
#endif
	};
	_Static_assert(sizeof(sigs) / sizeof(*sigs) <= BROKER_MAX_SIGNALS,
		       "room for every signal event");
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct event *ev =
		    evsignal_new(b->base, sigs[i].sig, sigs[i].fn, b);

		b->ev_signals[i] = ev;
		if (!ev || evsignal_add(ev, NULL) < 0)
			return -ENOMEM;
	}
	return 0;
}

static void on_duration(evutil_socket_t fd, short what, void *arg)
{
	log_info("ran for the time asked (-M)");
	broker_stop(arg, 0);
}

static void start_children(struct broker *b)
{
	struct timeval tv = {b->cli->duration, 0};

	for (size_t i = 0; i < b->nchildren; i++) {
		int r;

		/* lanner-replay starts once the engine has its rules. */
		if (b->children[i].def->when == PROC_REPLAY)
			continue;
		if (b->children[i].def->on_demand) {
			b->children[i].idle = 1;
			continue;
		}
		r = child_spawn(&b->children[i]);

		if (r < 0)
			fatal("cannot start %s: %s", b->children[i].def->binary,
			      strerror(-r));
	}
	if (!b->cli->duration)
		return;
	b->ev_duration = evtimer_new(b->base, on_duration, b);
	if (!b->ev_duration || evtimer_add(b->ev_duration, &tv) < 0)
		fatal("cannot arm the -M timer");
}

static void setup_control(struct broker *b)
{
	const char *path = b->cli->control ? b->cli->control : CONTROL_DEFAULT;
	int r = control_setup(b, path);

	if (r < 0)
		log_warn("no control socket at %s: %s", path, strerror(-r));
}

static void setup_watch(struct broker *b)
{
	int r = watch_setup(b);

	if (r < 0)
		log_warn("cannot watch the configuration files: %s",
			 strerror(-r));
	/* A replay's users are those of its capture, not of this host. */
	r = b->replay ? 0 : users_setup(b);
	if (r < 0)
		log_warn("cannot watch the user databases: %s", strerror(-r));
}

static void free_event(struct event *ev)
{
	if (ev)
		event_free(ev);
}

/* Everything setup made, released so leak checkers see a clean exit. */
static void teardown(struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		free_event(c->ev_msg);
		free_event(c->ev_restart);
		free_event(c->ev_pump);
		queue_free(&c->queue);
		if (c->sink_sock >= 0)
			close(c->sink_sock);
		if (c->sink_file >= 0)
			close(c->sink_file);
		ipc_close(c->sock);
	}
	free_event(b->ev_deadline);
	free_event(b->ev_linger);
	free_event(b->ev_duration);
	free_event(b->ev_droplog);
	free_event(b->ev_watchdog);
	free_event(b->ev_metrics);
	free_event(b->ev_snapshot);
	if (b->snapshot_file >= 0)
		close(b->snapshot_file);
	k8srelay_free(b);
	for (size_t i = 0; i < BROKER_MAX_SIGNALS; i++)
		free_event(b->ev_signals[i]);
	ctrrelay_close_all(); /* their events are the base's */
	event_base_free(b->base);
	rules_free(&b->rules);
	rulecount_free(&b->alerts_by_rule);
	conf_free(&b->conf);
	free(b->out);
	free(b->open_filter);
	free(b->dns_names);
	ring_unmap(&b->ring);
	close(b->ring_fd);
	close(b->wake_fd);
}

int main(int argc, char **argv)
{
	static struct broker b;
	static struct cli cli;

	clock_gettime(CLOCK_MONOTONIC, &b.started);
	log_init("lanner", LOG_LVL_INFO);
	cli_parse(&cli, argc, argv);
	b.cli = &cli;
	if (cli.mode != CLI_RUN)
		tools_exec(&cli);
	load_config(&b);
	setup_logging(&b);
	/* A replay needs no privilege: its children run as the caller. */
	if (replay_wanted(&b)) {
		replay_setup(&b);
	} else if (geteuid() != 0) {
		fatal("lanner must run as root (or replay with -e)");
	} else {
		record_setup(&b);
		clip_setup(&b);
	}
	load_rules(&b);
	setup_runtime(&b);
	for (size_t i = 0; i < proc_count; i++)
		add_child(&b, &proc_table[i]);
	if (setup_signals(&b) < 0 || supervise_setup(&b) < 0 ||
	    route_setup(&b) < 0 || ready_setup(&b) < 0 || metrics_setup(&b) < 0)
		fatal("cannot set up supervision");
	setup_control(&b);
	setup_watch(&b);
	if (snapshot_setup(&b) < 0)
		fatal("metrics.output_file %s: %m",
		      conf_str(&b.conf, CONF_METRICS_OUTPUT_FILE));
	start_children(&b);
	event_base_dispatch(b.base);
	control_close(&b);
	watch_close(&b);
	users_close(&b);
	rundir_remove(b.run_dir, b.run_dir_fd, b.run_dir_created);
	route_report(&b);
	if (b.replay && replay_report(&b) && !b.exit_code)
		b.exit_code = 1;
	teardown(&b);
	log_info("stopped");
	return b.exit_code;
}
