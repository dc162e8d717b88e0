/*
 * lanner-web: the health and metrics endpoint. It parses untrusted HTTP,
 * so it is a process of its own: it binds its port and loads its TLS
 * certificate (webserver.ssl_enabled) while it may, drops
 * to the lanner-web user, enters a seccomp sandbox that allows serving
 * sockets and nothing else, and answers from the figures the broker
 * sends it every second (MSG_METRICS). Once sandboxed it opens nothing
 * and reads no file: /healthz and /metrics only say what the broker
 * knows.
 *
 *   GET /healthz  200 {"status": "ok"} while every process is up and the
 *                 engine consumes; 503 {"status": REASON} otherwise
 *   GET /metrics  Prometheus text exposition (metrics.enabled and
 *                 webserver.prometheus_metrics_enabled)
 */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "allow.h"
#include "child.h"
#include "conf_keys.h"
#include "evserve.h"
#include "log.h"
#include "privdrop.h"

#define WEB_TIMEOUT_S 5
#define WEB_MAX_HEADERS 8192
#define WEB_MAX_BODY 1024
#define WEB_MAX_METRICS (1u << 20)

struct web {
	struct child_proc child;
	struct evserve serve;
	char *metrics; /* the last Prometheus text, NUL-terminated */
	int healthy;
	char reason[256];
	int serve_metrics;
};

static int on_metrics(void *self, struct msg_in *m)
{
	struct web *w = self;
	uint32_t healthy = msg_get_u32(m);
	const char *reason = msg_get_str(m), *text = msg_get_str(m);
	char *copy;

	if (msg_end(m) || strlen(text) > WEB_MAX_METRICS)
		return -EPROTO;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	free(w->metrics);
	w->metrics = copy;
	w->healthy = healthy != 0;
	snprintf(w->reason, sizeof(w->reason), "%s", reason);
	return 0;
}

static const struct child_handler web_handlers[] = {
    {MSG_METRICS, on_metrics},
    {MSG_SHUTDOWN, child_on_shutdown},
};

static const struct child_def web_child = {
    .name = "lanner-web",
    .user = LNR_USER_WEB,
    .handlers = web_handlers,
    .nhandlers = sizeof(web_handlers) / sizeof(*web_handlers),
};

static void on_healthz(struct evhttp_request *req, void *arg)
{
	const struct web *w = arg;
	const char *why = w->healthy	 ? "ok"
			  : w->reason[0] ? w->reason
					 : "starting";

	evserve_json(req, w->healthy ? 200 : 503, "status", why);
}

static void on_metrics_get(struct evhttp_request *req, void *arg)
{
	const struct web *w = arg;

	struct evbuffer *out;

	if (!w->serve_metrics) {
		evhttp_send_error(req, HTTP_NOTFOUND, NULL);
		return;
	}
	out = evbuffer_new();
	if (!out) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	if (w->metrics)
		evbuffer_add(out, w->metrics, strlen(w->metrics));
	evserve_reply(req, 200, "text/plain; version=0.0.4; charset=utf-8",
		      out);
}

static void on_other(struct evhttp_request *req, void *arg)
{
	(void)arg;
	evhttp_send_error(req, HTTP_NOTFOUND, NULL);
}

/* HTTPS with webserver.ssl_certificate when webserver.ssl_enabled. */
static void tls_setup(struct web *w)
{
	const struct conf *c = &w->child.conf;
	const char *pem = conf_str(c, CONF_WEBSERVER_SSL_CERTIFICATE);

	if (!conf_bool(c, CONF_WEBSERVER_SSL_ENABLED))
		return;
	if (!pem[0])
		fatal("webserver.ssl_enabled needs webserver.ssl_certificate");
	evserve_tls(&w->serve, conf_keys[CONF_WEBSERVER_SSL_CERTIFICATE].key,
		    pem);
}

/* Listens where the configuration says, while binding low ports works. */
static void serve_setup(struct web *w)
{
	const struct conf *c = &w->child.conf;
	const char *addr = conf_str(c, CONF_WEBSERVER_LISTEN_ADDRESS);
	long port = conf_long(c, CONF_WEBSERVER_LISTEN_PORT);
	struct evhttp *http;

	evserve_setup(&w->serve, &w->child);
	http = w->serve.http;
	tls_setup(w);
	evserve_listen(&w->serve, addr, port);
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET);
	evhttp_set_max_headers_size(http, WEB_MAX_HEADERS);
	evhttp_set_max_body_size(http, WEB_MAX_BODY);
	evhttp_set_timeout(http, WEB_TIMEOUT_S);
	evhttp_set_cb(http, "/healthz", on_healthz, w);
	evhttp_set_cb(http, "/metrics", on_metrics_get, w);
	evhttp_set_gencb(http, on_other, w);
	w->serve_metrics = conf_bool(c, CONF_METRICS_ENABLED) &&
			   conf_bool(c, CONF_WEBSERVER_PROMETHEUS);
	evserve_watch_broker(&w->serve);
	log_info("serving /healthz%s over %s on %s port %ld",
		 w->serve_metrics ? " and /metrics" : "",
		 w->serve.tls ? "HTTPS" : "HTTP", addr, port);
}

int main(int argc, char **argv)
{
	static struct web w;

	child_start(&w.child, &web_child, &w, argc, argv);
	child_signals();
	child_connect(&w.child);
	child_config(&w.child);
	serve_setup(&w);
	tzset(); /* the Date header's time zone, read while files open */
	child_drop_privileges(&w.child);
	if (w.serve.tls)
		child_sandbox_enter(web_allow_tls, web_allow_tls_len);
	else
		child_sandbox_enter(web_allow, web_allow_len);
	evserve_run(&w.serve);
	evserve_stop(&w.serve);
	evserve_free(&w.serve);
	free(w.metrics);
	return 0;
}
