/*
 * A container runtime's reply on its way to lanner-containers. The
 * broker keeps the connection it wrote the request on and moves what the
 * runtime sends, unread, into a pipe (splice) whose read end the helper
 * gets: the helper, which parses untrusted replies, never holds the
 * runtime's socket, so it cannot send the runtime (root's Podman or
 * containerd) a request of its own. An HTTP/2 runtime keeps its
 * connection open after answering: a relay ends when the runtime
 * closes, when the helper closes its end, and at the latest
 * CTRRELAY_TIMEOUT_S after it began. At most CTRRELAY_MAX run at once.
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"

#define CTRRELAY_TIMEOUT_S 6 /* past the helper's own 5 s */
#define CTRRELAY_CHUNK (64u << 10)
#define CTRRELAY_MAX 32

struct relay {
	int conn, out;
	struct event *ev_in, *ev_out, *ev_deadline;
};

static struct relay *live[CTRRELAY_MAX];

static void relay_end(struct relay *r)
{
	for (int i = 0; i < CTRRELAY_MAX; i++)
		if (live[i] == r)
			live[i] = NULL;
	if (r->ev_in)
		event_free(r->ev_in);
	if (r->ev_out)
		event_free(r->ev_out);
	if (r->ev_deadline)
		event_free(r->ev_deadline);
	if (r->conn >= 0)
		close(r->conn);
	if (r->out >= 0)
		close(r->out);
	free(r);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	relay_end(arg);
}

/* The pipe has room again: back to reading the runtime. */
static void on_room(evutil_socket_t fd, short what, void *arg)
{
	struct relay *r = arg;

	(void)fd, (void)what;
	if (event_add(r->ev_in, NULL) < 0)
		relay_end(r);
}

static void on_conn(evutil_socket_t fd, short what, void *arg)
{
	struct relay *r = arg;
	ssize_t n;

	(void)fd, (void)what;
	n = splice(r->conn, NULL, r->out, NULL, CTRRELAY_CHUNK,
		   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	if (n > 0)
		return;
	if (n < 0 && errno == EAGAIN) {
		/* The pipe is full (the helper reads slower): wait for room
		 * rather than for the runtime, which stays readable. */
		event_del(r->ev_in);
		if (event_add(r->ev_out, NULL) < 0)
			relay_end(r);
		return;
	}
	/* The runtime closed (0), or the helper did (EPIPE). */
	relay_end(r);
}

static struct relay **free_slot(void)
{
	for (int i = 0; i < CTRRELAY_MAX; i++)
		if (!live[i])
			return &live[i];
	return NULL;
}

int ctrrelay_start(struct broker *b, int conn, int *read_end)
{
	const struct timeval t = {CTRRELAY_TIMEOUT_S, 0};
	struct relay **slot = free_slot(), *r;
	int p[2];

	if (!slot)
		return -EBUSY;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(r);
		return -errno;
	}
	r->conn = conn;
	r->out = p[1];
	r->ev_in = event_new(b->base, conn, EV_READ | EV_PERSIST, on_conn, r);
	r->ev_out = event_new(b->base, p[1], EV_WRITE, on_room, r);
	r->ev_deadline = evtimer_new(b->base, on_deadline, r);
	if (!r->ev_in || !r->ev_out || !r->ev_deadline ||
	    event_add(r->ev_in, NULL) < 0 ||
	    event_add(r->ev_deadline, &t) < 0) {
		r->conn = -1; /* the caller's still */
		close(p[0]);
		relay_end(r);
		return -ENOMEM;
	}
	*slot = r;
	*read_end = p[0];
	return 0;
}

void ctrrelay_close_all(void)
{
	for (int i = 0; i < CTRRELAY_MAX; i++)
		if (live[i])
			relay_end(live[i]);
}
