/*
 * What lanner-web and lanner-k8saudit share as evhttp servers: the event
 * base and its listening socket, HTTPS from a PEM file, the broker's
 * channel watched in the loop, and replies. Compiled into each of them
 * (libcommon does not link libevent). Setup happens before the privilege
 * drop and is fatal on failure.
 */
#ifndef LNR_EVSERVE_H
#define LNR_EVSERVE_H

#include "child.h"

struct bufferevent;
struct event;
struct event_base;
struct evbuffer;
struct evhttp;
struct evhttp_request;
struct ssl_ctx_st;

struct evserve {
	struct child_proc *child; /* whose channel the loop watches */
	struct event_base *base;
	struct evhttp *http;
	struct event *ev_broker;
	struct ssl_ctx_st *tls; /* NULL: plain HTTP */
};

/* The base and the evhttp, serving child. */
void evserve_setup(struct evserve *s, struct child_proc *child);
/* HTTPS from here on, with the certificate chain and the private key of
 * the PEM file pem, which the configuration key `key` names (for the
 * messages). */
void evserve_tls(struct evserve *s, const char *key, const char *pem);
/* Only clients whose certificate a CA of the PEM file ca signed. */
void evserve_tls_clients(struct evserve *s, const char *key, const char *ca);
/* Listens on addr, port, while binding low ports works. */
void evserve_listen(struct evserve *s, const char *addr, long port);
/* A new connection's own bufferevent, TLS over the socket when
 * configured; NULL when out of memory. */
struct bufferevent *evserve_transport(struct evserve *s);
/* Handles the broker's messages in the loop: the loop ends when one says
 * stop or the channel fails. */
void evserve_watch_broker(struct evserve *s);
/* Handles what the broker sent before, then runs the loop until it ends. */
void evserve_run(struct evserve *s);
/* Stops serving: the evhttp and the connections it holds. */
void evserve_stop(struct evserve *s);
/* Frees the rest once every other event of the base is freed. */
void evserve_free(struct evserve *s);

/* Sends out (freed here) as code with Content-Type type. */
void evserve_reply(struct evhttp_request *req, int code, const char *type,
		   struct evbuffer *out);
/* {"KEY": "TEXT"} as code, TEXT escaped. */
void evserve_json(struct evhttp_request *req, int code, const char *key,
		  const char *text);

#endif
