/*
 * The alert publisher: encode into the backlog queue, whose sequence
 * number the message carries, and send what the broker takes without
 * blocking; publish_flush sends the rest in order. A sent alert leaves
 * the backlog: it is never sent again (a successor engine raises it
 * anew from the ring), so only the highest number the broker confirmed
 * is kept. Nothing is allocated per alert.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "log.h"
#include "msg.h"
#include "publish.h"

#define PUBLISH_BACKLOG_NAME "alert backlog to the broker"

int publish_init(struct publisher *p, int sock, size_t backlog_bytes)
{
	/* At least one cell per alert: never more alerts than cells. */
	size_t slots = backlog_bytes / QUEUE_CELL;
	int r;

	memset(p, 0, sizeof(*p));
	p->sock = sock;
	ratelog_init(&p->too_big_log, RATELOG_PERIOD_NS);
	if (slots == 0 || slots >= QUEUE_NONE)
		return -EINVAL;
	r = queue_init(&p->backlog, (uint32_t)slots, backlog_bytes, QUEUE_CELL);
	if (r < 0)
		return r;
	p->msgbuf = malloc(PUBLISH_MSG_MAX);
	if (!p->msgbuf) {
		publish_free(p);
		return -ENOMEM;
	}
	return 0;
}

void publish_free(struct publisher *p)
{
	queue_free(&p->backlog);
	free(p->msgbuf);
	p->msgbuf = NULL;
}

static int send_raw(struct publisher *p, void *buf, size_t len)
{
	struct msg_out m = {.buf = buf, .cap = len, .len = len};

	return ipc_send(p->sock, &m, 1);
}

static void log_too_big(struct publisher *p, uint64_t n, uint64_t now)
{
	n = ratelog_due(&p->too_big_log, n, now);
	if (n)
		log_warn("dropped %llu alerts too large to send since the "
			 "last report, %llu in all",
			 (unsigned long long)n, (unsigned long long)p->too_big);
}

void publish_flush(struct publisher *p)
{
	uint64_t seq, now;
	size_t len;
	int r;

	while ((seq = queue_next_unsent(&p->backlog, &len))) {
		queue_copy_unsent(&p->backlog, p->msgbuf);
		r = send_raw(p, p->msgbuf, len);
		if (r < 0) {
			if (r != -EAGAIN)
				log_warn("alert to broker: %s", strerror(-r));
			break;
		}
		queue_sent(&p->backlog, seq);
		queue_ack(&p->backlog, seq);
		p->sent++;
	}
	now = ratelog_now();
	queue_log_drops(&p->backlog, PUBLISH_BACKLOG_NAME, now);
	log_too_big(p, 0, now);
}

void publish_taken(struct publisher *p, uint64_t seq)
{
	/* Never more than was sent: a stray number confirms nothing. */
	if (seq > p->taken && seq <= p->backlog.sent)
		p->taken = seq;
}

size_t publish_pending(const struct publisher *p)
{
	return p->backlog.count;
}

uint64_t publish_unconfirmed(const struct publisher *p)
{
	return p->backlog.sent - p->taken;
}

int publish_all_taken(const struct publisher *p)
{
	return p->backlog.count == 0 && publish_unconfirmed(p) == 0;
}

uint64_t publish_dropped(const struct publisher *p)
{
	return p->too_big + p->backlog.refused + queue_dropped(&p->backlog);
}

int publish_alert(struct publisher *p, const struct alert *a)
{
	struct msg_out m;
	int len;
	uint64_t seq;

	/* The seq queue_push gives it, which the broker confirms. */
	msg_begin(&m, p->msgbuf, PUBLISH_MSG_MAX, MSG_ALERT,
		  p->backlog.next_seq);
	alert_encode(&m, a);
	len = msg_finish(&m);
	if (len < 0) {
		p->too_big++;
		log_too_big(p, 1, ratelog_now());
		return -ENOBUFS;
	}
	seq = queue_push(&p->backlog, p->msgbuf, (size_t)len, a->priority);
	publish_flush(p);
	return seq ? 0 : -ENOBUFS;
}
