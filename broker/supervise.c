/*
 * Supervision: a child that exits is logged with the reason and started
 * again after a backoff (100 ms doubling to 10 s, back to 100 ms once it
 * has stayed up 30 s); past CRASH_LOOP_LIMIT quick exits in a row lanner
 * stops with status 1. Stopping sends MSG_SHUTDOWN to every child, the
 * output workers last, once no engine runs: the engine's last alerts
 * reach them first. It waits a bounded time, then kills what is left.
 */
#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "broker.h"
#include "log.h"

#define BACKOFF_MIN_MS 100u
#define BACKOFF_MAX_MS 10000u
#define STABLE_AFTER_S 30
#define STOP_GRACE_S 5
/* Exits in a row, each before the child was up STABLE_AFTER_S, after
 * which lanner gives up (and systemd, if it runs lanner, takes over). */
#define CRASH_LOOP_LIMIT 8

static void describe_status(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "exited on signal SIG%s%s",
			 sigabbrev_np(WTERMSIG(status)) ?: "?",
			 WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(buf, len, "stopped with status 0x%x", status);
}

const struct child *role_child(const struct broker *b, enum proc_role role)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == role)
			return &b->children[i];
	return NULL;
}

static int children_alive(const struct broker *b)
{
	int n = 0;

	for (size_t i = 0; i < b->nchildren; i++)
		n += b->children[i].pid != 0;
	return n;
}

static void maybe_done(struct broker *b)
{
	if (b->stopping && children_alive(b) == 0 && logrelay_open() == 0)
		event_base_loopexit(b->base, NULL);
}

/* Starts c; when that fails, tries again in a second. */
static void spawn_or_retry(struct child *c)
{
	struct timeval tv = {1, 0};
	int r = child_spawn(c);

	if (r < 0) {
		log_err("cannot start %s: %s", c->def->binary, strerror(-r));
		evtimer_add(c->ev_restart, &tv);
	}
}

static void on_restart(evutil_socket_t fd, short what, void *arg)
{
	struct child *c = arg;

	if (c->b->stopping || c->pid)
		return;
	if (c->def->role == ROLE_ENGINE)
		reseed_prepare(c->b);
	c->restarts++;
	spawn_or_retry(c);
	if (c->def->role == ROLE_ENGINE)
		reseed_done(c->b);
}

static unsigned next_backoff(struct child *c)
{
	struct timespec now;
	unsigned delay;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - c->started.tv_sec >= STABLE_AFTER_S ||
	    c->backoff_ms == 0) {
		c->backoff_ms = BACKOFF_MIN_MS;
		c->quick_exits = 0;
	}
	c->quick_exits++;
	delay = c->backoff_ms;
	c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS
							   : c->backoff_ms * 2;
	return delay;
}

/* Asks c to finish: a message when it can hear one, else SIGTERM. */
static void child_stop(struct child *c)
{
	struct msg_out m;

	if (!c->pid || c->stop_asked)
		return;
	c->stop_asked = 1;
	chan_begin(c->b, &m, MSG_SHUTDOWN, 0);
	/* A child that has not connected yet cannot hear it. */
	if (!c->hello || chan_send(c, &m, 1) < 0)
		kill(c->pid, SIGTERM);
}

/* Once no engine runs, the output workers: each is sent what its window
 * allows first, and reads it before the MSG_SHUTDOWN behind it. */
static void stop_outputs(struct broker *b)
{
	const struct child *engine = role_child(b, ROLE_ENGINE);

	if (engine && engine->pid)
		return;
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		if (c->def->role != ROLE_OUTPUT)
			continue;
		route_pump(c);
		child_stop(c);
	}
}

static void child_exited(struct child *c, int status)
{
	struct timeval tv;
	char why[96];
	unsigned delay;

	describe_status(status, why, sizeof(why));
	c->pid = 0;
	c->hello = 0;
	c->ready = 0;
	if (replay_child_exited(c))
		return;
	if (c->b->stopping) {
		log_info("%s %s", c->def->binary, why);
		stop_outputs(c->b);
		return;
	}
	if (c->def->role == ROLE_ENGINE)
		reseed_engine_gone(c->b);
	delay = next_backoff(c);
	if (c->quick_exits > CRASH_LOOP_LIMIT) {
		log_err("%s %s, %u times in a row within %d s of its start: "
			"giving up",
			c->def->binary, why, c->quick_exits, STABLE_AFTER_S);
		broker_stop(c->b, 1);
		return;
	}
	ready_status(c->b, "a process is restarting");
	log_warn("%s %s; restarting in %u ms", c->def->binary, why, delay);
	tv.tv_sec = delay / 1000;
	tv.tv_usec = (long)(delay % 1000) * 1000;
	evtimer_add(c->ev_restart, &tv);
}

void supervise_demand(struct broker *b, enum proc_role role)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		if (c->def->role != role || !c->idle || b->stopping)
			continue;
		c->idle = 0;
		spawn_or_retry(c);
	}
}

void supervise_reap(evutil_socket_t sig, short what, void *arg)
{
	struct broker *b = arg;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (sink_reaped(b, pid, status))
			continue;
		for (size_t i = 0; i < b->nchildren; i++)
			if (b->children[i].pid == pid)
				child_exited(&b->children[i], status);
	}
	maybe_done(b);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;

	for (size_t i = 0; i < b->nchildren; i++)
		child_kill(&b->children[i], "did not stop in time");
}

/* A poll for the log pipes: they close shortly after their children. */
static void on_linger(evutil_socket_t fd, short what, void *arg)
{
	maybe_done(arg);
}

void broker_stop(struct broker *b, int exit_code)
{
	struct timeval grace = {STOP_GRACE_S, 0};
	struct timeval linger = {0, 50 * 1000L};

	if (exit_code > b->exit_code)
		b->exit_code = exit_code;
	if (b->stopping)
		return;
	b->stopping = 1;
	log_info("stopping");
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		evtimer_del(c->ev_restart);
		if (c->def->role != ROLE_OUTPUT)
			child_stop(c);
	}
	stop_outputs(b);
	evtimer_add(b->ev_deadline, &grace);
	event_add(b->ev_linger, &linger);
	maybe_done(b);
}

int supervise_setup(struct broker *b)
{
	b->ev_deadline = evtimer_new(b->base, on_deadline, b);
	b->ev_linger = event_new(b->base, -1, EV_PERSIST, on_linger, b);
	if (!b->ev_deadline || !b->ev_linger)
		return -ENOMEM;
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];

		c->ev_restart = evtimer_new(b->base, on_restart, c);
		if (!c->ev_restart)
			return -ENOMEM;
	}
	return 0;
}
