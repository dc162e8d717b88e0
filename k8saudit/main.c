/*
 * lanner-k8saudit: the Kubernetes audit webhook, the second event
 * source. It parses untrusted HTTP and JSON, so it is a process of its
 * own: it binds its port and loads its TLS certificate while it may,
 * drops to the lanner-k8saudit user, enters a seccomp sandbox that
 * allows serving sockets and nothing else, and sends each accepted
 * event to the broker, which hands it to the engine (MSG_K8S_EVENTS).
 *
 *   POST /k8s-audit  an audit.k8s.io/v1 EventList or Event: 200, or 400
 *                    with the reason, 413 when too large
 *   GET /healthz     200 {"status": "ok"}
 */
#include <event2/event.h>
#include <nanomsg/nn.h>
#include <event2/http.h>
#include <stdio.h>
#include <time.h>

#include "k8saudit.h"
#include "log.h"
#include "privdrop.h"

/* The longest a batch waits for the broker to take it: the broker stops
 * reading while the engine is behind, and the client then gets 503. */
#define K8SAUDIT_SEND_TIMEOUT_MS 5000

static const struct child_handler k8saudit_handlers[] = {
    {MSG_SHUTDOWN, child_on_shutdown},
};

static const struct child_def k8saudit_child = {
    .name = "lanner-k8saudit",
    .user = LNR_USER_K8SAUDIT,
    .handlers = k8saudit_handlers,
    .nhandlers = sizeof(k8saudit_handlers) / sizeof(*k8saudit_handlers),
};

/* What lannerctl status shows, each second. */
static void on_stats(evutil_socket_t fd, short what, void *arg)
{
	struct k8saudit *k = arg;
	char text[256];

	(void)fd, (void)what;
	snprintf(text, sizeof(text),
		 "requests=%llu\nevents=%llu\nrejected=%llu\n"
		 "refused_connections=%llu\ntimeouts=%llu\nconnections=%zu\n",
		 (unsigned long long)k->requests, (unsigned long long)k->events,
		 (unsigned long long)k->rejected,
		 (unsigned long long)k->refused_conns,
		 (unsigned long long)k->timeouts, k->served);
	(void)child_send_stats(&k->child, text);
}

static void watch(struct k8saudit *k, struct event **ev)
{
	static const struct timeval second = {.tv_sec = 1};

	evserve_watch_broker(&k->serve);
	*ev = event_new(k->serve.base, -1, EV_PERSIST, on_stats, k);
	if (!*ev || event_add(*ev, &second) < 0)
		fatal("cannot time the statistics");
}

int main(int argc, char **argv)
{
	static struct k8saudit k;
	struct event *ev_stats;

	child_start(&k.child, &k8saudit_child, &k, argc, argv);
	child_signals();
	child_connect(&k.child);
	child_config(&k.child);
	if (nn_setsockopt(k.child.sock, NN_SOL_SOCKET, NN_SNDTIMEO,
			  &(int){K8SAUDIT_SEND_TIMEOUT_MS}, sizeof(int)) < 0)
		fatal("cannot bound sends to the broker");
	serve_setup(&k);
	watch(&k, &ev_stats);
	tzset(); /* the Date header's time zone, read while files open */
	child_drop_privileges(&k.child);
	child_sandbox_enter(k8saudit_allow, k8saudit_allow_len);
	evserve_run(&k.serve);
	serve_close(&k);
	event_free(ev_stats);
	evserve_free(&k.serve);
	return 0;
}
