/*
 * The output worker's message handling: every alert it is sent is
 * delivered and acknowledged. The broker applies the channel's priority
 * threshold before queuing, so the worker never sees what it would skip.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "log.h"
#include "worker.h"

#define WORKER_CONFIG_TIMEOUT_MS 10000

static int send_ack(struct worker *w, uint64_t seq)
{
	struct msg_out m;
	uint8_t buf[64];

	msg_begin(&m, buf, sizeof(buf), MSG_ACK, 0);
	msg_add_u64(&m, seq);
	if (msg_finish(&m) < 0)
		return -EMSGSIZE;
	return ipc_send(w->sock, &m, 0);
}

static int on_alert(struct worker *w, struct msg_in *m)
{
	static struct alert a;
	size_t len;
	int r;

	if (alert_decode(m, &a) < 0)
		return -EPROTO;
	len = format_alert(&w->fmt, &a, w->line, w->line_cap);
	r = w->ch->deliver(&a, w->line, len);
	if (r < 0) {
		log_err("%s: cannot deliver an alert: %s", w->ch->name,
			strerror(-r));
		return r;
	}
	w->delivered++;
	return send_ack(w, m->hdr.seq);
}

static int on_reopen(struct worker *w, struct msg_in *m)
{
	return msg_end(m) ? -EPROTO : w->ch->reopen();
}

static int on_shutdown(struct worker *w, struct msg_in *m)
{
	return msg_end(m) ? -EPROTO : 1;
}

static const struct {
	enum msg_type type;
	int (*fn)(struct worker *w, struct msg_in *m);
} handlers[] = {
    {MSG_ALERT, on_alert},
    {MSG_REOPEN, on_reopen},
    {MSG_SHUTDOWN, on_shutdown},
};

static int dispatch(struct worker *w, struct msg_in *m)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(*handlers); i++)
		if (handlers[i].type == m->hdr.type)
			return handlers[i].fn(w, m);
	log_err("unexpected %s message from the broker",
		msg_type_name(m->hdr.type));
	return -EPROTO;
}

int worker_loop(struct worker *w)
{
	for (;;) {
		const char *why = NULL;
		struct msg_in m;
		void *raw;
		int r = ipc_recv(w->sock, &m, &raw, -1, &why);

		if (r == -EINTR)
			continue;
		if (r < 0) {
			log_err("receive: %s", why ? why : strerror(-r));
			return r;
		}
		r = dispatch(w, &m);
		ipc_free(raw);
		if (r) {
			log_info("%s: delivered %llu alerts", w->ch->name,
				 (unsigned long long)w->delivered);
			return r > 0 ? 0 : r;
		}
	}
}

static void send_hello(struct worker *w)
{
	struct msg_out m;
	uint8_t buf[256];

	msg_begin(&m, buf, sizeof(buf), MSG_HELLO, 0);
	msg_add_u32(&m, (uint32_t)getpid());
	msg_add_str(&m, "lanner-output");
	if (msg_finish(&m) < 0 || ipc_send(w->sock, &m, 0) < 0)
		fatal("cannot greet the broker");
}

/* Reads CONFIG_START, CONFIG_ITEM* and CONFIG_END. */
static void read_config(struct worker *w)
{
	enum msg_type want = MSG_CONFIG_START;

	conf_init(&w->conf);
	while (want != MSG_NONE) {
		const char *why = "no configuration in time";
		struct msg_in m;
		void *raw;
		int r =
		    ipc_recv(w->sock, &m, &raw, WORKER_CONFIG_TIMEOUT_MS, &why);

		if (r < 0)
			fatal("configuration: %s", why);
		if (m.hdr.type == MSG_CONFIG_ITEM && want == MSG_CONFIG_END) {
			const char *k = msg_get_str(&m), *v = msg_get_str(&m);

			if (msg_end(&m) || conf_set(&w->conf, k, v) < 0)
				fatal("bad configuration item");
		} else if (m.hdr.type == want && msg_end(&m) == 0) {
			want = want == MSG_CONFIG_START ? MSG_CONFIG_END
							: MSG_NONE;
		} else {
			fatal("unexpected %s message during configuration",
			      msg_type_name(m.hdr.type));
		}
		ipc_free(raw);
	}
	format_opts_read(&w->fmt, &w->conf);
}

void worker_connect(struct worker *w)
{
	w->sock = ipc_connect(w->url);
	if (w->sock < 0)
		fatal("cannot connect to %s: %s", w->url, strerror(-w->sock));
	send_hello(w);
	read_config(w);
}
