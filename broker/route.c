/*
 * Alert routing: each alert from the engine is appended to the queue of
 * every output channel whose priority threshold it meets, and sent on; a
 * worker's ACK releases what it delivered. Alerts a channel would never
 * deliver take no room in its queue. Sends never block: when a worker's
 * socket is full the rest waits for its next ACK or a retry timer. At
 * most ROUTE_WINDOW alerts are in flight per worker. The engine is told,
 * once per batch it sent, which of its alerts are queued here
 * (MSG_ALERTS_TAKEN): only those are safe from its death.
 */
#include <errno.h>
#include <event2/event.h>
#include <string.h>

#include "broker.h"
#include "conf_keys.h"
#include "log.h"

#define ROUTE_WINDOW 256
#define ROUTE_RETRY_MS 100
#define ROUTE_DROPLOG_S 1 /* how often queue drops are logged (rate-limited) */

static void on_pump(evutil_socket_t fd, short what, void *arg)
{
	struct child *c = arg;

	if (c->def->role == ROLE_ENGINE)
		route_confirm(c);
	else
		route_pump(c);
}

int route_init(struct child *c)
{
	long cap;

	c->ev_pump = evtimer_new(c->b->base, on_pump, c);
	if (!c->ev_pump)
		return -ENOMEM;
	if (c->def->role != ROLE_OUTPUT)
		return 0; /* the engine: only the timer, for route_confirm */
	cap = conf_long(&c->b->conf, CONF_OUTPUTS_QUEUE_CAPACITY);
	if (cap <= 0 || cap > 10000000)
		cap =
		    conf_parse_long(conf_keys[CONF_OUTPUTS_QUEUE_CAPACITY].def);
	/* conf_keys_check refused an unknown priority at start. */
	(void)priority_threshold(&c->b->conf, &c->min_priority);
	return queue_init(&c->queue, (uint32_t)cap, QUEUE_DEFAULT_BYTES,
			  QUEUE_CELL);
}

void route_pump(struct child *c)
{
	struct timeval retry = {0, ROUTE_RETRY_MS * 1000L};
	uint64_t seq;
	size_t len;

	if (!c->pid || !c->hello)
		return;
	while (queue_in_flight(&c->queue) < ROUTE_WINDOW &&
	       (seq = queue_next_unsent(&c->queue, &len))) {
		struct msg_out m;
		int r;

		chan_begin(c->b, &m, MSG_ALERT, seq);
		/* The body is an encoded alert already: copy it whole. */
		if (len > m.cap - m.len) {
			queue_sent(&c->queue, seq);
			continue;
		}
		queue_copy_unsent(&c->queue, m.buf + m.len);
		m.len += len;
		r = chan_send(c, &m, 1);
		if (r == -EAGAIN) {
			evtimer_add(c->ev_pump, &retry);
			return;
		}
		if (r < 0)
			return;
		queue_sent(&c->queue, seq);
	}
}

void route_alert(struct broker *b, const void *body, size_t len,
		 enum priority prio)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		struct child *c = &b->children[i];
		uint64_t refused = c->queue.refused, seq;

		if (c->def->role != ROLE_OUTPUT)
			continue;
		if (prio > c->min_priority) {
			c->below_priority++;
			log_debug("%s: %s alert below the channel's priority, "
				  "not queued",
				  c->def->channel, priority_name(prio));
			continue;
		}
		seq = queue_push(&c->queue, body, len, prio);
		if (seq)
			log_debug("%s: alert %llu queued", c->def->channel,
				  (unsigned long long)seq);
		else if (c->queue.refused != refused)
			log_warn(
			    "%s: alert of %zu bytes does not fit the queue",
			    c->def->channel, len);
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

/* An alert of the engine's, numbered seq, is queued for its channels. */
void route_taken(struct child *engine, uint64_t seq)
{
	engine->alerts_taken = seq;
}

/* Tells the engine the last alert queued, when it does not know it yet. */
void route_confirm(struct child *engine)
{
	struct timeval retry = {0, ROUTE_RETRY_MS * 1000L};
	struct msg_out m;
	int r;

	if (!engine->pid || !engine->hello ||
	    engine->alerts_taken == engine->alerts_told)
		return;
	chan_begin(engine->b, &m, MSG_ALERTS_TAKEN, 0);
	msg_add_u64(&m, engine->alerts_taken);
	r = chan_send(engine, &m, 1);
	if (r == 0)
		engine->alerts_told = engine->alerts_taken;
	else if (r == -EAGAIN)
		evtimer_add(engine->ev_pump, &retry);
}

static void on_droplog(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	uint64_t now = ratelog_now();

	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_OUTPUT)
			queue_log_drops(&b->children[i].queue,
					b->children[i].def->name, now);
}

int route_setup(struct broker *b)
{
	struct timeval tv = {ROUTE_DROPLOG_S, 0};

	b->ev_droplog = event_new(b->base, -1, EV_PERSIST, on_droplog, b);
	if (!b->ev_droplog || event_add(b->ev_droplog, &tv) < 0)
		return -ENOMEM;
	return 0;
}

void route_report(const struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct child *c = &b->children[i];

		if (c->def->role != ROLE_OUTPUT)
			continue;
		log_info("%s: %llu alerts queued, %llu below its priority %s "
			 "not queued, %llu dropped from a full queue",
			 c->def->channel,
			 (unsigned long long)(c->queue.next_seq - 1),
			 (unsigned long long)c->below_priority,
			 priority_name(c->min_priority),
			 (unsigned long long)queue_dropped(&c->queue));
	}
}
