/*
 * The HTTP channel: each alert POSTed to http_output.url with libcurl and
 * OpenSSL, as Falco's http_output does; with json_output the body is one
 * alert in Falco's JSON, which falcosidekick's "/" takes. Only a 2xx
 * answer counts as delivered. A refused connection, a timeout, a 5xx,
 * 408 or 429 is tried again after an exponential backoff with jitter; a
 * run of max_consecutive_timeouts timeouts ends the worker (the broker
 * starts it again and the alert is sent again). Another 4xx means the
 * server will never take the alert: it is logged and dropped.
 *
 * The sandbox cannot open files or ask DNS: the CA bundle is read at
 * start (http_tls.c) and the host name resolved once then pinned.
 */
#include <curl/curl.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#define ZLIB_CONST /* next_in is const: the alert is not changed */
#include <zlib.h>

#include "channel.h"
#include "conf_keys.h"
#include "http_tls.h"
#include "log.h"

#define HTTP_CONNECT_TIMEOUT_MS 5000L
#define HTTP_TIMEOUT_MS 10000L
#define HTTP_BACKOFF_MIN_MS 100u
#define HTTP_BACKOFF_MAX_MS 10000u
#define HTTP_GZIP_MAX (4u << 20)

static CURL *curl;
static struct curl_slist *headers, *pinned;
static int compress_uploads, echo;
static long max_timeouts;
static unsigned timeouts;
static uint64_t rng;
static z_stream gz;
static unsigned char *gzbuf;
static char errbuf[CURL_ERROR_SIZE];
static uint64_t rejected;

/* xorshift64: jitter only needs to differ between hosts and restarts. */
static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	if (echo)
		log_info("http: the server answered: %.*s", (int)(size * n), p);
	return size * n;
}

/* host:port:address for CURLOPT_RESOLVE, looked up now, before the
 * sandbox: a numeric host needs none. */
static int pin_address(const char *url)
{
	char *host = NULL, *port = NULL, entry[1536], addr[NI_MAXHOST];
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	CURLU *u = curl_url();
	int r = -EINVAL;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
		CURLUE_OK) {
		log_err("http_output.url %s: not a URL", url);
		goto out;
	}
	if (getaddrinfo(host, port, &hints, &res) != 0 ||
	    getnameinfo(res->ai_addr, res->ai_addrlen, addr, sizeof(addr), NULL,
			0, NI_NUMERICHOST) != 0) {
		log_err("http_output.url: cannot resolve %s", host);
		r = -EHOSTUNREACH;
		goto out;
	}
	snprintf(entry, sizeof(entry), "%s:%s:%s%s%s", host, port,
		 strchr(addr, ':') ? "[" : "", addr,
		 strchr(addr, ':') ? "]" : "");
	pinned = curl_slist_append(NULL, entry);
	r = pinned ? 0 : -ENOMEM;
out:
	if (res)
		freeaddrinfo(res);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return r;
}

static void set_options(const struct conf *c)
{
	int json = conf_bool(c, CONF_JSON_OUTPUT);

	headers = curl_slist_append(NULL, json ? "Content-Type: "
						 "application/json"
					       : "Content-Type: text/plain");
	if (compress_uploads)
		headers = curl_slist_append(headers, "Content-Encoding: gzip");
	curl_easy_setopt(curl, CURLOPT_URL, conf_str(c, CONF_HTTP_OUTPUT_URL));
	curl_easy_setopt(curl, CURLOPT_USERAGENT,
			 conf_str(c, CONF_HTTP_OUTPUT_USER_AGENT));
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_RESOLVE, pinned);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROXY, ""); /* no lookup of a proxy */
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
			 HTTP_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, HTTP_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_FORBID_REUSE,
			 conf_bool(c, CONF_HTTP_OUTPUT_KEEP_ALIVE) ? 0L : 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
}

static int http_init(const struct conf *c)
{
	const char *url = conf_str(c, CONF_HTTP_OUTPUT_URL);
	struct timespec ts;
	int r;

	if (!url[0]) {
		log_err("http_output is enabled but http_output.url is empty");
		return -EINVAL;
	}
	compress_uploads = conf_bool(c, CONF_HTTP_OUTPUT_COMPRESS_UPLOADS);
	echo = conf_bool(c, CONF_HTTP_OUTPUT_ECHO);
	max_timeouts = conf_long(c, CONF_HTTP_OUTPUT_MAX_CONSECUTIVE_TIMEOUTS);
	clock_gettime(CLOCK_REALTIME, &ts);
	rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ 1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    !(curl = curl_easy_init()))
		return -ENOMEM;
	r = pin_address(url);
	if (r < 0)
		return r;
	set_options(c);
	r = http_tls_setup(curl, c);
	if (r < 0 || !compress_uploads)
		return r;
	gzbuf = malloc(HTTP_GZIP_MAX);
	/* windowBits 15 + 16: a gzip header and trailer. */
	if (!gzbuf || deflateInit2(&gz, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
				   15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	return 0;
}

/* The body gzip-compressed into gzbuf: its length, or 0. */
static size_t gzip_body(const char *text, size_t len)
{
	deflateReset(&gz);
	gz.next_in = (const Bytef *)text;
	gz.avail_in = (uInt)len;
	gz.next_out = gzbuf;
	gz.avail_out = HTTP_GZIP_MAX;
	return deflate(&gz, Z_FINISH) == Z_STREAM_END ? gz.total_out : 0;
}

/* One POST: 0 delivered (or refused for good), 1 to try again, or
 * -ETIMEDOUT after too many timeouts in a row. */
static int post_once(const char *body, size_t len)
{
	long status = 0;
	CURLcode rc;

	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	errbuf[0] = '\0';
	rc = curl_easy_perform(curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	timeouts = rc == CURLE_OPERATION_TIMEDOUT ? timeouts + 1 : 0;
	if (rc == CURLE_OK && status >= 200 && status < 300)
		return 0;
	if (rc == CURLE_OK && status >= 400 && status < 500 && status != 408 &&
	    status != 429) {
		rejected++;
		log_warn("http: the server refused an alert with status %ld; "
			 "dropped (%llu so far)",
			 status, (unsigned long long)rejected);
		return 0;
	}
	if (rc != CURLE_OK)
		log_warn("http: %s",
			 errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else
		log_warn("http: the server answered with status %ld", status);
	if (max_timeouts > 0 && timeouts >= (unsigned long)max_timeouts)
		return -ETIMEDOUT;
	return 1;
}

static void pause_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

static int http_deliver(const struct alert *a, const char *text, size_t len)
{
	unsigned backoff = HTTP_BACKOFF_MIN_MS;
	const char *body = text;
	int r;

	if (len && text[len - 1] == '\n')
		len--;
	if (compress_uploads) {
		len = gzip_body(text, len);
		body = (const char *)gzbuf;
		if (!len)
			return -EMSGSIZE;
	}
	while ((r = post_once(body, len)) == 1) {
		/* Full jitter over the upper half: workers restarted together
		 * do not retry together. */
		pause_ms(backoff / 2 + next_random() % (backoff / 2 + 1));
		backoff = backoff * 2 > HTTP_BACKOFF_MAX_MS
			      ? HTTP_BACKOFF_MAX_MS
			      : backoff * 2;
	}
	return r;
}

static int http_reopen(void)
{
	return 0;
}

static void http_close(void)
{
	if (curl)
		curl_easy_cleanup(curl);
	curl_slist_free_all(headers);
	curl_slist_free_all(pinned);
	if (gzbuf)
		deflateEnd(&gz);
	free(gzbuf);
	curl_global_cleanup();
}

/* libcurl and OpenSSL on a TCP connection; no file is opened. */
static const struct sc_rule http_allow[] = {
    SC_ALLOW_ARG(socket, 0, AF_INET),
    SC_ALLOW_ARG(socket, 0, AF_INET6),
    SC_ALLOW(socketpair), /* libcurl's wake-up pair */
    SC_ALLOW(connect),
    SC_ALLOW(setsockopt),
    SC_ALLOW(getsockopt),
    SC_ALLOW(getsockname),
    SC_ALLOW(getpeername),
    SC_ALLOW(sendto),
    SC_ALLOW(recvfrom),
    SC_ALLOW(shutdown),
    SC_ALLOW(getrandom), /* OpenSSL */
};

const struct channel channel_http = {
    .name = "http", /* common/channels.def */
    .init = http_init,
    .deliver = http_deliver,
    .reopen = http_reopen,
    .close = http_close,
    .allow = http_allow,
    .nallow = sizeof(http_allow) / sizeof(*http_allow),
};
