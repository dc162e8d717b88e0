/*
 * The evhttp serving lanner-web and lanner-k8saudit share (evserve.h):
 * the socket and the TLS certificate are taken while the process is still
 * root, the broker's channel is one more event of the loop, and replies
 * are built here so both answer alike.
 */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string.h>

#include "evserve.h"
#include "ipc.h"
#include "log.h"
#include "textesc.h"

void evserve_setup(struct evserve *s, struct child_proc *child)
{
	s->child = child;
	s->base = event_base_new();
	s->http = s->base ? evhttp_new(s->base) : NULL;
	if (!s->http)
		fatal("out of memory");
}

/* OpenSSL's first error, a system one as strerror says it. */
static const char *tls_error(void)
{
	unsigned long e = ERR_peek_error();
	const char *why;

	if (ERR_SYSTEM_ERROR(e))
		return strerror(ERR_GET_REASON(e));
	why = ERR_reason_error_string(e);
	return why ? why : "unknown error";
}

static struct bufferevent *on_connection(struct event_base *base, void *arg)
{
	(void)base;
	return evserve_transport(arg);
}

void evserve_tls(struct evserve *s, const char *key, const char *pem)
{
	SSL_CTX *ctx;

	ERR_clear_error();
	ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))
		fatal("%s: cannot set up TLS: %s", key, tls_error());
	if (SSL_CTX_use_certificate_chain_file(ctx, pem) != 1)
		fatal("%s %s: cannot read the certificate: %s", key, pem,
		      tls_error());
	if (SSL_CTX_use_PrivateKey_file(ctx, pem, SSL_FILETYPE_PEM) != 1)
		fatal("%s %s: cannot read the private key: %s", key, pem,
		      tls_error());
	if (SSL_CTX_check_private_key(ctx) != 1)
		fatal("%s %s: the private key is not the certificate's: %s",
		      key, pem, tls_error());
	s->tls = ctx;
	evhttp_set_bevcb(s->http, on_connection, s);
}

void evserve_tls_clients(struct evserve *s, const char *key, const char *ca)
{
	ERR_clear_error();
	if (SSL_CTX_load_verify_locations(s->tls, ca, NULL) != 1)
		fatal("%s %s: %s", key, ca, tls_error());
	SSL_CTX_set_verify(
	    s->tls, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
}

void evserve_listen(struct evserve *s, const char *addr, long port)
{
	if (port <= 0 || port > 65535 ||
	    evhttp_bind_socket(s->http, addr, (uint16_t)port) < 0)
		fatal("cannot listen on %s port %ld: %s", addr, port,
		      strerror(errno));
}

struct bufferevent *evserve_transport(struct evserve *s)
{
	SSL *ssl;
	struct bufferevent *bev;

	if (!s->tls)
		return bufferevent_socket_new(s->base, -1,
					      BEV_OPT_CLOSE_ON_FREE);
	ssl = SSL_new(s->tls);
	if (!ssl)
		return NULL;
	bev = bufferevent_openssl_socket_new(
	    s->base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		SSL_free(ssl);
	return bev;
}

static void on_broker(evutil_socket_t fd, short what, void *arg)
{
	struct evserve *s = arg;

	(void)fd, (void)what;
	if (child_dispatch(s->child))
		event_base_loopbreak(s->base);
}

void evserve_watch_broker(struct evserve *s)
{
	s->ev_broker = event_new(s->base, ipc_recv_fd(s->child->sock),
				 EV_READ | EV_PERSIST, on_broker, s);
	if (!s->ev_broker || event_add(s->ev_broker, NULL) < 0)
		fatal("cannot watch the broker's channel");
}

void evserve_run(struct evserve *s)
{
	/* a loopbreak before the loop starts would be forgotten */
	if (child_dispatch(s->child) == 0)
		event_base_dispatch(s->base);
}

void evserve_stop(struct evserve *s)
{
	if (s->http)
		evhttp_free(s->http);
	s->http = NULL;
}

void evserve_free(struct evserve *s)
{
	if (s->ev_broker)
		event_free(s->ev_broker);
	SSL_CTX_free(s->tls);
	if (s->base)
		event_base_free(s->base);
	s->ev_broker = NULL;
	s->tls = NULL;
	s->base = NULL;
}

void evserve_reply(struct evhttp_request *req, int code, const char *type,
		   struct evbuffer *out)
{
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Content-Type", type);
	evhttp_send_reply(req, code, NULL, out);
	evbuffer_free(out);
}

static void put_buffer(void *arg, const char *s, size_t n)
{
	evbuffer_add(arg, s, n);
}

void evserve_json(struct evhttp_request *req, int code, const char *key,
		  const char *text)
{
	struct evbuffer *out = evbuffer_new();

	if (!out) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	evbuffer_add_printf(out, "{\"%s\": \"", key);
	textesc_json(text, strlen(text), put_buffer, out);
	evbuffer_add_printf(out, "\"}\n");
	evserve_reply(req, code, "application/json", out);
}
