/*
 * The output worker's message handling: every alert it is sent is
 * delivered and acknowledged. The broker applies the channel's priority
 * threshold before queuing, so the worker never sees what it would skip.
 */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "privdrop.h"
#include "worker.h"

static int send_ack(struct worker *w, uint64_t seq)
{
	struct msg_out m;
	uint8_t buf[64];

	msg_begin(&m, buf, sizeof(buf), MSG_ACK, 0);
	msg_add_u64(&m, seq);
	return child_send(&w->child, &m, 0);
}

static int on_alert(void *self, struct msg_in *m)
{
	struct worker *w = self;
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

static int on_reopen(void *self, struct msg_in *m)
{
	const struct worker *w = self;

	return msg_end(m) ? -EPROTO : w->ch->reopen();
}

static const struct child_handler worker_handlers[] = {
    {MSG_ALERT, on_alert},
    {MSG_REOPEN, on_reopen},
    {MSG_SHUTDOWN, child_on_shutdown},
};

const struct child_def worker_child = {
    .name = "lanner-output",
    .user = LNR_USER_OUTPUT,
    .operand = "CHANNEL",
    .handlers = worker_handlers,
    .nhandlers = sizeof(worker_handlers) / sizeof(*worker_handlers),
};
