/*
 * Bounds on the webhook's connections, which libevent 2.1's evhttp does
 * not have: evhttp asks for each new connection's bufferevent
 * (evhttp_set_bevcb), and we hand it a filter over the socket (or TLS)
 * one, whose free callback says when the connection is gone. Each
 * connection has a deadline for the request it is on: when it passes,
 * the connection gets a read timeout, which makes evhttp close it. That
 * ends slow senders that an idle timeout alone would keep (a byte every
 * few seconds). A connection beyond max_conns gets a deadline of now.
 */
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <stdlib.h>

#include "k8saudit.h"
#include "log.h"

static void forget(struct k8saudit *k, struct k8saudit_conn *c)
{
	for (size_t i = 0; i < k->nconns; i++)
		if (k->conns[i] == c) {
			k->conns[i] = k->conns[--k->nconns];
			return;
		}
}

/* The filter is being freed: evhttp is done with the connection. */
static void on_free(void *arg)
{
	struct k8saudit_conn *c = arg;

	forget(c->k, c);
	event_free(c->deadline);
	free(c);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct k8saudit_conn *c = arg;

	(void)fd, (void)what;
	c->k->timeouts++;
	/* evhttp frees the connection, and so c, from its event callback */
	bufferevent_trigger_event(c->bev, BEV_EVENT_READING | BEV_EVENT_TIMEOUT,
				  0);
}

static void arm(struct k8saudit_conn *c, long seconds)
{
	struct timeval tv = {.tv_sec = seconds};

	event_add(c->deadline, &tv);
}

/* The socket's own bufferevent: TLS over it when configured. */
static struct bufferevent *transport(struct k8saudit *k)
{
	SSL *ssl;
	struct bufferevent *bev;

	if (!k->tls)
		return bufferevent_socket_new(k->base, -1,
					      BEV_OPT_CLOSE_ON_FREE);
	ssl = SSL_new(k->tls);
	if (!ssl)
		return NULL;
	bev = bufferevent_openssl_socket_new(
	    k->base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		SSL_free(ssl);
	return bev;
}

struct bufferevent *conns_new(struct event_base *base, void *arg)
{
	struct k8saudit *k = arg;
	struct k8saudit_conn *c = calloc(1, sizeof(*c));
	struct bufferevent *under = c ? transport(k) : NULL;

	(void)base;
	if (!under)
		goto fail;
	c->k = k;
	c->deadline = event_new(k->base, -1, 0, on_deadline, c);
	c->bev = c->deadline
		     ? bufferevent_filter_new(under, NULL, NULL,
					      BEV_OPT_CLOSE_ON_FREE, on_free, c)
		     : NULL;
	if (!c->bev)
		goto fail;
	if (k->nconns < k->max_conns) {
		k->conns[k->nconns++] = c;
		arm(c, k->timeout_s);
	} else {
		k->refused_conns++;
		arm(c, 0);
	}
	return c->bev;
fail:
	/* evhttp cannot be refused a bufferevent: it makes its own */
	log_warn("out of memory for a connection");
	if (c && c->deadline)
		event_free(c->deadline);
	if (under)
		bufferevent_free(under);
	free(c);
	return NULL;
}

void conns_request_done(struct k8saudit *k, struct bufferevent *bev)
{
	for (size_t i = 0; i < k->nconns; i++)
		if (k->conns[i]->bev == bev) {
			arm(k->conns[i], k->timeout_s);
			return;
		}
}
