/*
 * The second event source's path through the broker: lanner-k8saudit
 * sends batches of audit events, the broker passes each batch to the
 * engine as the same opaque bytes. It never reads them: the JSON is
 * untrusted and the broker is privileged.
 *
 * The broker never waits on the engine: batches the engine cannot take
 * yet wait in a short queue and are retried. While that queue is full
 * the broker stops reading from the webhook, whose sends then block, so
 * its HTTP clients are held back instead of their events lost; and the
 * broker keeps reading the engine's alerts meanwhile.
 */
#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "log.h"

#define K8SRELAY_QUEUE 8	  /* batches waiting for the engine */
#define K8SRELAY_RETRY_MS 1	  /* when the engine's channel was busy */
#define K8SRELAY_NO_ENGINE_MS 100 /* while the engine is restarting */

struct k8srelay {
	struct {
		uint8_t *p;
		size_t len;
	} q[K8SRELAY_QUEUE];
	size_t head, n;
	struct event *ev_retry;
	struct child *paused; /* the webhook, not read while q is full */
};

static void on_retry(evutil_socket_t fd, short what, void *arg);

static struct k8srelay *relay_of(struct broker *b)
{
	if (!b->k8s) {
		b->k8s = calloc(1, sizeof(*b->k8s));
		if (b->k8s)
			b->k8s->ev_retry = evtimer_new(b->base, on_retry, b);
		if (b->k8s && !b->k8s->ev_retry) {
			free(b->k8s);
			b->k8s = NULL;
		}
	}
	return b->k8s;
}

/* Sends what waits, oldest first, as far as the engine takes it. */
static void pump(struct broker *b)
{
	static const struct timeval busy = {0, K8SRELAY_RETRY_MS * 1000L};
	static const struct timeval gone = {0, K8SRELAY_NO_ENGINE_MS * 1000L};
	struct k8srelay *r = b->k8s;
	struct child *e = chan_peer(b, ROLE_ENGINE);
	struct msg_out m;

	while (r->n && e) {
		chan_begin(b, &m, MSG_K8S_EVENTS, 0);
		msg_add_bytes(&m, r->q[r->head].p, r->q[r->head].len);
		if (chan_send(e, &m, 1) < 0)
			break;
		free(r->q[r->head].p);
		r->head = (r->head + 1) % K8SRELAY_QUEUE;
		r->n--;
	}
	if (r->n)
		evtimer_add(r->ev_retry, e ? &busy : &gone);
	if (r->paused && r->n < K8SRELAY_QUEUE) {
		event_add(r->paused->ev_msg, NULL);
		r->paused = NULL;
	}
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	pump(arg);
}

void k8srelay_events(struct child *from, const void *events, size_t len)
{
	struct broker *b = from->b;
	struct k8srelay *r = relay_of(b);
	uint8_t *copy = malloc(len ? len : 1);

	b->k8s_batches++;
	if (!r || !copy || r->n == K8SRELAY_QUEUE) {
		free(copy);
		if (b->k8s_dropped++ % 1000 == 0)
			log_warn("audit event batches dropped, the engine "
				 "does not take them: %llu",
				 (unsigned long long)b->k8s_dropped);
		return;
	}
	memcpy(copy, events, len);
	r->q[(r->head + r->n) % K8SRELAY_QUEUE].p = copy;
	r->q[(r->head + r->n) % K8SRELAY_QUEUE].len = len;
	r->n++;
	if (r->n == K8SRELAY_QUEUE && !r->paused) {
		event_del(from->ev_msg);
		r->paused = from;
	}
	pump(b);
}

void k8srelay_free(struct broker *b)
{
	struct k8srelay *r = b->k8s;

	if (!r)
		return;
	for (; r->n; r->n--, r->head = (r->head + 1) % K8SRELAY_QUEUE)
		free(r->q[r->head].p);
	event_free(r->ev_retry);
	free(r);
	b->k8s = NULL;
}
