/*
 * Alert routing: each alert from the engine is appended to the queue of
 * every running output channel and sent on; a worker's ACK releases what
 * it delivered. Sends never block: when a worker's socket is full the
 * rest waits for its next ACK or a retry timer. At most ROUTE_WINDOW
 * alerts are in flight per worker.
 */
#include <errno.h>
#include <event2/event.h>
#include <string.h>

#include "broker.h"
#include "log.h"

#define ROUTE_WINDOW 256
#define ROUTE_RETRY_MS 100

static void on_pump(evutil_socket_t fd, short what, void *arg)
{
	route_pump(arg);
}

int route_init(struct child *c)
{
	long cap = conf_get_long(&c->b->conf, "outputs_queue.capacity",
				 QUEUE_DEFAULT_CAPACITY);
	int r;

	if (cap <= 0 || cap > 10000000)
		cap = QUEUE_DEFAULT_CAPACITY;
	r = queue_init(&c->queue, (uint32_t)cap, QUEUE_DEFAULT_BYTES);
	if (r)
		return r;
	c->ev_pump = evtimer_new(c->b->base, on_pump, c);
	return c->ev_pump ? 0 : -ENOMEM;
}

void route_pump(struct child *c)
{
	struct timeval retry = {0, ROUTE_RETRY_MS * 1000L};
	const void *body;
	uint64_t seq;
	size_t len;

	if (!c->pid || !c->hello)
		return;
	while (queue_in_flight(&c->queue) < ROUTE_WINDOW &&
	       (body = queue_next_unsent(&c->queue, &seq, &len))) {
		struct msg_out m;
		int r;

		broker_msg(c->b, &m, MSG_ALERT, seq);
		/* The body is an encoded alert already: copy it whole. */
		if (len > m.cap - m.len) {
			queue_sent(&c->queue, seq);
			continue;
		}
		memcpy(m.buf + m.len, body, len);
		m.len += len;
		r = broker_send(c, &m, 1);
		if (r == -EAGAIN) {
			evtimer_add(c->ev_pump, &retry);
			return;
		}
		if (r < 0)
			return;
		queue_sent(&c->queue, seq);
	}
}

static void note_drops(struct child *c, uint64_t before)
{
	uint64_t d = c->queue.dropped;

	/* Log the first drop and then every power of two. */
	if (d > before && (before == 0 || (d & (d - 1)) == 0))
		log_warn(
		    "%s queue full: dropped the oldest alert (%llu so far)",
		    c->def->channel, (unsigned long long)d);
}

void route_alert(struct broker *b, const void *body, size_t len)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];
		uint64_t before = c->queue.dropped, seq;

		if (c->def->role != ROLE_OUTPUT)
			continue;
		seq = queue_push(&c->queue, body, len);
		if (seq)
			log_debug("%s: alert %llu queued", c->def->channel,
				  (unsigned long long)seq);
		else
			log_warn(
			    "%s: alert of %zu bytes does not fit the queue",
			    c->def->channel, len);
		note_drops(c, before);
		route_pump(c);
	}
}

void route_ack(struct child *c, uint64_t seq)
{
	queue_ack(&c->queue, seq);
	route_pump(c);
}

/* A worker said HELLO: whatever it had not acknowledged goes again. */
void route_resend(struct child *c)
{
	queue_rewind(&c->queue);
	if (c->queue.count)
		log_info("%s: sending %u unacknowledged alerts again",
			 c->def->channel, c->queue.count);
	route_pump(c);
}
