/*
 * Readiness, as systemd's Type=notify sees it: lanner is ready once
 * capture has the probe attached and the /proc snapshot sent, and the
 * engine has its rules and reads the ring. The broker then sends
 * READY=1 and a STATUS= line, pings WATCHDOG=1 at half the interval
 * systemd asks for, and logs how long the start took.
 */
#include <event2/event.h>
#include <systemd/sd-daemon.h>
#include <time.h>

#include "broker.h"
#include "log.h"

static double ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

static int role_ready(const struct broker *b, enum proc_role role)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == role && !b->children[i].ready)
			return 0;
	return 1;
}

void ready_check(struct broker *b)
{
	if (b->stopping || !b->rules_ok_once || !role_ready(b, ROLE_CAPTURE) ||
	    !role_ready(b, ROLE_ENGINE))
		return;
	if (b->ready_at_ms) { /* again, after a restart or a reload */
		sd_notifyf(0, "STATUS=capturing, %u rules", b->rules_loaded);
		return;
	}
	b->ready_at_ms = ms_since(&b->started);
	log_info("ready in %.0f ms", b->ready_at_ms);
	sd_notifyf(0, "READY=1\nSTATUS=capturing, %u rules", b->rules_loaded);
}

void ready_status(const struct broker *b, const char *what)
{
	if (b->ready_at_ms)
		sd_notifyf(0, "STATUS=%s", what);
}

static void on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	sd_notify(0, "WATCHDOG=1");
}

int ready_setup(struct broker *b)
{
	struct timeval tv;
	uint64_t usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	b->ev_watchdog = event_new(b->base, -1, EV_PERSIST, on_watchdog, b);
	if (!b->ev_watchdog)
		return -1;
	tv.tv_sec = (time_t)(usec / 2000000);
	tv.tv_usec = (suseconds_t)(usec / 2 % 1000000);
	return event_add(b->ev_watchdog, &tv);
}
