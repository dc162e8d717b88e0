/*
 * The output worker's message handling: every alert it is sent is
 * delivered and acknowledged. Acknowledgements are cumulative, so one is
 * sent when no alert is waiting or every WORKER_ACK_EVERY alerts: a burst
 * costs the broker one ACK per batch, not per alert. The broker applies
 * the channel's priority threshold before queuing, so the worker never
 * sees what it would skip.
 */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "privdrop.h"
#include "worker.h"

#define WORKER_ACK_EVERY 32 /* well inside the broker's window of 256 */

static int send_ack(struct worker *w)
{
	struct msg_out m;
	uint8_t buf[64];

	if (!w->unacked)
		return 0;
	msg_begin(&m, buf, sizeof(buf), MSG_ACK, 0);
	msg_add_u64(&m, w->delivered_seq);
	w->unacked = 0;
	return child_send(&w->child, &m, 0);
}

int worker_run(struct worker *w)
{
	int r;

	for (;;) {
		int idle;

		r = child_handle(&w->child, w->unacked ? 0 : -1);
		/* Nothing waiting: what was delivered is acknowledged before
		 * blocking. */
		idle = r == -EAGAIN || r == -ETIMEDOUT;
		if (idle || (r == 0 && w->unacked >= WORKER_ACK_EVERY))
			r = send_ack(w);
		if (r == CHILD_STOP)
			return send_ack(w);
		if (r < 0 && r != -EINTR) {
			/* What was delivered before the failure counts. */
			send_ack(w);
			return r;
		}
	}
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
	w->delivered_seq = m->hdr.seq;
	w->unacked++;
	return 0;
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
    .name = output_program,
    .user = LNR_USER_OUTPUT,
    .operand = "CHANNEL",
    .handlers = worker_handlers,
    .nhandlers = sizeof(worker_handlers) / sizeof(*worker_handlers),
};
