/*
 * Bounds on the webhook's connections, which libevent 2.1's evhttp does
 * not have. evhttp asks us for each new connection's bufferevent
 * (evhttp_set_bevcb); we keep a reference to it, so that when evhttp
 * frees it (its callbacks cleared, nothing enabled) the socket stays
 * ours until the next sweep, which closes it and forgets the
 * connection. That is how at most max_conns are served at once.
 * Each connection also has a deadline for the request it is on: when
 * it passes, the connection gets a read timeout, which makes evhttp
 * close it. That ends slow senders that an idle timeout alone would
 * keep (a byte every few seconds). A connection beyond max_conns gets a
 * deadline of now.
 */
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <stdlib.h>

#include "k8saudit.h"
#include "log.h"

#define CONNS_SWEEP_MS 200

/* evhttp has freed bev: only our reference keeps it. */
static int released(struct bufferevent *bev)
{
	bufferevent_data_cb r, w;
	bufferevent_event_cb e;
	void *arg;

	bufferevent_getcb(bev, &r, &w, &e, &arg);
	return !r && !w && !e && !bufferevent_get_enabled(bev);
}

static void forget(struct k8saudit *k, size_t i)
{
	struct k8saudit_conn *c = k->conns[i];

	k->served -= !c->refused;
	k->conns[i] = k->conns[--k->nconns];
	event_free(c->deadline);
	bufferevent_decref(c->bev); /* the last reference: closes it */
	free(c);
}

static void on_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct k8saudit *k = arg;

	(void)fd, (void)what;
	for (size_t i = k->nconns; i-- > 0;)
		if (released(k->conns[i]->bev))
			forget(k, i);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct k8saudit_conn *c = arg;

	(void)fd, (void)what;
	if (released(c->bev))
		return;
	c->k->timeouts += !c->refused;
	/* evhttp closes the connection from its event callback */
	bufferevent_trigger_event(c->bev, BEV_EVENT_READING | BEV_EVENT_TIMEOUT,
				  0);
}

static void arm(struct k8saudit_conn *c, long seconds)
{
	struct timeval tv = {.tv_sec = seconds};

	event_add(c->deadline, &tv);
}

int conns_setup(struct k8saudit *k)
{
	static const struct timeval every = {.tv_usec = CONNS_SWEEP_MS * 1000L};

	k->ev_sweep = event_new(k->serve.base, -1, EV_PERSIST, on_sweep, k);
	return k->ev_sweep && event_add(k->ev_sweep, &every) == 0 ? 0 : -1;
}

void conns_close(struct k8saudit *k)
{
	on_sweep(-1, 0, k);
	event_free(k->ev_sweep);
}

struct bufferevent *conns_new(struct event_base *base, void *arg)
{
	struct k8saudit *k = arg;
	struct k8saudit_conn *c = NULL;
	struct bufferevent *bev;

	(void)base;
	on_sweep(-1, 0, k);
	/* evhttp cannot be refused a bufferevent: it makes its own, which
	 * we neither count nor bound; there are CHILD_NOFILE at most */
	if (k->nconns == K8SAUDIT_MAX_CONNS ||
	    !(bev = evserve_transport(&k->serve)))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (c)
		c->deadline = event_new(k->serve.base, -1, 0, on_deadline, c);
	if (!c || !c->deadline) {
		log_warn("out of memory for a connection");
		free(c);
		bufferevent_free(bev);
		return NULL;
	}
	c->k = k;
	c->bev = bev;
	bufferevent_incref(bev);
	c->refused = k->served >= k->max_conns;
	k->conns[k->nconns++] = c;
	if (c->refused) {
		k->refused_conns++;
		arm(c, 0);
	} else {
		k->served++;
		arm(c, k->timeout_s);
	}
	return bev;
}

int conns_admit(struct k8saudit *k, struct bufferevent *bev)
{
	for (size_t i = 0; i < k->nconns; i++)
		if (k->conns[i]->bev == bev) {
			if (k->conns[i]->refused)
				return 0;
			arm(k->conns[i], k->timeout_s);
			return 1;
		}
	return 1;
}
