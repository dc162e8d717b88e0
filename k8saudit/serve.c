/*
 * The webhook's HTTP side: POST /k8s-audit takes an audit.k8s.io/v1
 * EventList or Event (audit_json.c checks it) and sends its events to
 * the broker in batches; GET /healthz says the worker is up. Everything
 * here is set up before the privilege drop: the socket, the TLS
 * certificate and key.
 */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <json-c/json.h>

#include "audit_json.h"
#include "conf_keys.h"
#include "k8saudit.h"
#include "log.h"

#define SERVE_MAX_HEADERS 16384
#define SERVE_MAX_CONNS_LIMIT 200 /* well under CHILD_NOFILE descriptors */
#define SERVE_MAX_BODY_LIMIT (256l << 20) /* what the worker may hold */

static int send_batch(struct k8saudit *k)
{
	struct msg_out m;
	static uint8_t buf[MSG_MAX_SIZE];
	int r;

	if (k->batch.count == 0)
		return 0;
	msg_begin(&m, buf, sizeof(buf), MSG_K8S_EVENTS, 0);
	msg_add_bytes(&m, k->batch.buf, k->batch.len);
	r = child_send(&k->child, &m, 0);
	k->batch.len = 0;
	k->batch.count = 0;
	return r;
}

static int add_event(void *arg, const char *json, size_t len)
{
	struct k8saudit *k = arg;
	int r = k8sbatch_add(&k->batch, json, len);

	if (r == -ENOSPC) {
		r = send_batch(k);
		if (r == 0)
			r = k8sbatch_add(&k->batch, json, len);
	}
	return r;
}

/* Whether req may be served; a connection beyond the bound gets 503 and
 * is closed. */
static int admitted(struct k8saudit *k, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);

	if (!evcon || conns_admit(k, evhttp_connection_get_bufferevent(evcon)))
		return 1;
	evhttp_add_header(evhttp_request_get_output_headers(req), "Connection",
			  "close");
	evserve_json(req, 503, "error", "too many connections");
	return 0;
}

static void on_audit(struct evhttp_request *req, void *arg)
{
	struct k8saudit *k = arg;
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	const char *body;
	char why[256];
	int n;

	if (!admitted(k, req))
		return;
	k->requests++;
	if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
		evserve_json(req, 405, "error", "POST audit events here");
		return;
	}
	body = len ? (const char *)evbuffer_pullup(in, -1) : "";
	if (!body) {
		evserve_json(req, 500, "error", "out of memory");
		return;
	}
	n = audit_json_parse(body, len, add_event, k, why, sizeof(why));
	if (n >= 0 && send_batch(k) < 0)
		n = -EIO;
	if (n == -EINVAL) {
		k->rejected++;
		evserve_json(req, 400, "error", why);
	} else if (n < 0) {
		evserve_json(req, 503, "error",
			     "cannot hand events to the engine");
	} else {
		k->events += (uint64_t)n;
		evserve_json(req, 200, "status", "ok");
	}
}

static void on_healthz(struct evhttp_request *req, void *arg)
{
	if (!admitted(arg, req))
		return;
	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET)
		evserve_json(req, 405, "error", "GET only");
	else
		evserve_json(req, 200, "status", "ok");
}

static void on_other(struct evhttp_request *req, void *arg)
{
	if (admitted(arg, req))
		evserve_json(req, 404, "error", "no such path");
}

static void limits_setup(struct k8saudit *k)
{
	const struct conf *c = &k->child.conf;
	long max_body = conf_long(c, CONF_K8SAUDIT_MAX_BODY_BYTES);
	long max_conns = conf_long(c, CONF_K8SAUDIT_MAX_CONNECTIONS);

	k->timeout_s = conf_long(c, CONF_K8SAUDIT_TIMEOUT);
	if (max_body < 1 || max_body > SERVE_MAX_BODY_LIMIT || max_conns < 1 ||
	    max_conns > SERVE_MAX_CONNS_LIMIT || k->timeout_s < 1)
		fatal(
		    "k8saudit.max_body_bytes (at most %ld), k8saudit.timeout_s "
		    "and k8saudit.max_connections (at most %d) must be "
		    "positive",
		    SERVE_MAX_BODY_LIMIT, SERVE_MAX_CONNS_LIMIT);
	k->max_conns = (size_t)max_conns;
	evhttp_set_allowed_methods(k->serve.http,
				   EVHTTP_REQ_GET | EVHTTP_REQ_POST);
	evhttp_set_max_headers_size(k->serve.http, SERVE_MAX_HEADERS);
	evhttp_set_max_body_size(k->serve.http, (ev_ssize_t)max_body);
	evhttp_set_timeout(k->serve.http, (int)k->timeout_s);
}

/* The certificate chain and key, both in the one PEM file; with ca,
 * clients must present a certificate it signed. */
static void tls_setup(struct k8saudit *k)
{
	const struct conf *c = &k->child.conf;
	const char *pem = conf_str(c, CONF_K8SAUDIT_SSL_CERTIFICATE);
	const char *ca = conf_str(c, CONF_K8SAUDIT_SSL_CLIENT_CA);

	if (ca[0] && !pem[0])
		fatal("k8saudit.ssl_client_ca needs k8saudit.ssl_certificate");
	if (pem[0])
		evserve_tls(&k->serve,
			    conf_keys[CONF_K8SAUDIT_SSL_CERTIFICATE].key, pem);
	if (ca[0])
		evserve_tls_clients(
		    &k->serve, conf_keys[CONF_K8SAUDIT_SSL_CLIENT_CA].key, ca);
}

void serve_setup(struct k8saudit *k)
{
	const struct conf *c = &k->child.conf;
	const char *addr = conf_str(c, CONF_K8SAUDIT_LISTEN_ADDRESS);
	long port = conf_long(c, CONF_K8SAUDIT_LISTEN_PORT);
	static uint8_t batch[K8SBATCH_MAX];

	k->batch.buf = batch;
	/* json-c seeds its hash tables on first use: do it here, where the
	 * seed's source may still be opened. */
	json_object_put(json_tokener_parse("{\"seed\": 1}"));
	evserve_setup(&k->serve, &k->child);
	tls_setup(k);
	evserve_listen(&k->serve, addr, port);
	limits_setup(k);
	if (conns_setup(k) < 0)
		fatal("out of memory");
	evhttp_set_bevcb(k->serve.http, conns_new, k);
	evhttp_set_cb(k->serve.http, "/k8s-audit", on_audit, k);
	evhttp_set_cb(k->serve.http, "/healthz", on_healthz, k);
	evhttp_set_gencb(k->serve.http, on_other, k);
	log_info("serving /k8s-audit over %s on %s port %ld",
		 k->serve.tls ? "HTTPS" : "HTTP", addr, port);
}

void serve_close(struct k8saudit *k)
{
	evserve_stop(&k->serve);
	conns_close(k);
}
