/*
 * A container runtime's reply on its way to lanner-containers. The
 * broker keeps the connection it wrote the request on and moves what the
 * runtime sends, unread, into a pipe (splice) whose read end the helper
 * gets: the helper, which parses untrusted replies, never holds the
 * runtime's socket, so it cannot send the runtime (root's Podman or
 * containerd) a request of its own. An HTTP/2 runtime keeps its
 * connection open after answering: the relay ends when the runtime
 * closes, the helper closes its end, or after CTRRELAY_TIMEOUT_S.
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

struct relay {
	int conn, out;
	struct event *ev_in, *ev_out;
};

static void relay_end(struct relay *r)
{
	event_free(r->ev_in);
	event_free(r->ev_out);
	close(r->conn);
	close(r->out);
	free(r);
}

static void on_conn(evutil_socket_t fd, short what, void *arg);

/* The pipe has room again: back to reading the runtime. */
static void on_room(evutil_socket_t fd, short what, void *arg)
{
	struct relay *r = arg;
	const struct timeval t = {CTRRELAY_TIMEOUT_S, 0};

	(void)fd, (void)what;
	if (event_add(r->ev_in, &t) < 0)
		relay_end(r);
}

static void on_conn(evutil_socket_t fd, short what, void *arg)
{
	struct relay *r = arg;
	ssize_t n;

	(void)fd;
	if (what & EV_TIMEOUT) {
		relay_end(r);
		return;
	}
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

int ctrrelay_start(struct broker *b, int conn, int *read_end)
{
	const struct timeval t = {CTRRELAY_TIMEOUT_S, 0};
	struct relay *r = calloc(1, sizeof(*r));
	int p[2];

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
	if (!r->ev_in || !r->ev_out || event_add(r->ev_in, &t) < 0) {
		r->conn = -1;
		close(p[0]);
		relay_end(r);
		return -ENOMEM;
	}
	*read_end = p[0];
	return 0;
}
