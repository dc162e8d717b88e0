/*
 * lanner-k8saudit, the Kubernetes audit webhook: what its main (main.c),
 * its HTTP side (serve.c), its connection bounds (conns.c) and its
 * seccomp table (allow.c) share.
 */
#ifndef LNR_K8SAUDIT_H
#define LNR_K8SAUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "evserve.h"
#include "k8sbatch.h"
#include "sandbox.h"

struct event;
struct bufferevent;

/* Connections followed at once, refused ones included: more than a
 * child may have descriptors (CHILD_NOFILE). */
#define K8SAUDIT_MAX_CONNS 512

/* One accepted connection, from its bufferevent to its close. */
struct k8saudit_conn {
	struct k8saudit *k;
	struct bufferevent *bev; /* evhttp's, with our reference */
	struct event *deadline;	 /* the request in progress must be in */
	int refused;		 /* beyond max_conns: closed at once */
};

struct k8saudit {
	struct child_proc child;
	struct evserve serve;
	struct k8sbatch batch;
	long timeout_s;
	struct event *ev_sweep;
	size_t max_conns, served, nconns; /* served: not refused */
	struct k8saudit_conn *conns[K8SAUDIT_MAX_CONNS];
	/* counters, sent to the broker as STATS */
	uint64_t requests, events, rejected, refused_conns, timeouts;
};

/* serve.c: listens, answers /k8s-audit and /healthz. Fatal on failure. */
void serve_setup(struct k8saudit *k);
/* Stops serving and closes the connections. */
void serve_close(struct k8saudit *k);

/* conns.c: each connection is followed so that at most max_conns are
 * served and each request arrives within timeout_s. */
int conns_setup(struct k8saudit *k);
void conns_close(struct k8saudit *k);
/* evhttp's bufferevent callback: a new connection's bufferevent. */
struct bufferevent *conns_new(struct event_base *base, void *arg);
/* A request has arrived on bev: 1 to serve it (the connection gets
 * timeout_s again for the next one), 0 when the connection is one too
 * many. */
int conns_admit(struct k8saudit *k, struct bufferevent *bev);

/* allow.c */
extern const struct sc_rule k8saudit_allow[];
extern const size_t k8saudit_allow_len;

#endif
