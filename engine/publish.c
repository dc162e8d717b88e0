/*
 * The alert publisher: encode, try to send without blocking, else keep
 * the message in a byte ring (PUBLISH_BACKLOG_BYTES) that publish_flush
 * drains in order. Nothing is allocated per alert.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "log.h"
#include "msg.h"
#include "publish.h"

int publish_init(struct publisher *p, int sock)
{
	memset(p, 0, sizeof(*p));
	p->sock = sock;
	p->backlog = malloc(PUBLISH_BACKLOG_BYTES);
	p->msgbuf = malloc(PUBLISH_MSG_MAX);
	if (!p->backlog || !p->msgbuf) {
		publish_free(p);
		return -ENOMEM;
	}
	return 0;
}

void publish_free(struct publisher *p)
{
	free(p->backlog);
	free(p->msgbuf);
	p->backlog = NULL;
	p->msgbuf = NULL;
}

static size_t used(const struct publisher *p)
{
	return p->tail - p->head;
}

/* Copies len bytes in or out of the ring at offset off, wrapping. */
static void ring_copy(struct publisher *p, size_t off, void *buf, size_t len,
		      int in)
{
	size_t pos = off % PUBLISH_BACKLOG_BYTES;
	size_t first = PUBLISH_BACKLOG_BYTES - pos;

	if (first > len)
		first = len;
	if (in) {
		memcpy(p->backlog + pos, buf, first);
		memcpy(p->backlog, (uint8_t *)buf + first, len - first);
	} else {
		memcpy(buf, p->backlog + pos, first);
		memcpy((uint8_t *)buf + first, p->backlog, len - first);
	}
}

static int enqueue(struct publisher *p, const void *msg, uint32_t len)
{
	if (PUBLISH_BACKLOG_BYTES - used(p) < sizeof(len) + len)
		return -ENOBUFS;
	ring_copy(p, p->tail, &len, sizeof(len), 1);
	ring_copy(p, p->tail + sizeof(len), (void *)msg, len, 1);
	p->tail += sizeof(len) + len;
	p->queued++;
	return 0;
}

static int send_raw(struct publisher *p, void *buf, size_t len)
{
	struct msg_out m = {.buf = buf, .cap = len, .len = len};

	return ipc_send(p->sock, &m, 1);
}

void publish_flush(struct publisher *p)
{
	uint32_t len;

	while (used(p) > 0) {
		ring_copy(p, p->head, &len, sizeof(len), 0);
		ring_copy(p, p->head + sizeof(len), p->msgbuf, len, 0);
		if (send_raw(p, p->msgbuf, len) < 0)
			return;
		p->head += sizeof(len) + len;
		p->queued--;
		p->sent++;
	}
	p->head = p->tail = 0;
}

size_t publish_pending(const struct publisher *p)
{
	return (size_t)p->queued;
}

int publish_alert(struct publisher *p, const struct alert *a)
{
	struct msg_out m;
	int len, err;

	publish_flush(p);
	msg_begin(&m, p->msgbuf, PUBLISH_MSG_MAX, MSG_ALERT, ++p->seq);
	alert_encode(&m, a);
	len = msg_finish(&m);
	if (len < 0) {
		p->too_big++;
		p->dropped++;
		return -ENOBUFS;
	}
	if (used(p) == 0) {
		err = ipc_send(p->sock, &m, 1);
		if (err == 0) {
			p->sent++;
			return 0;
		}
		if (err != -EAGAIN)
			log_warn("alert to broker: %s", strerror(-err));
	}
	if (enqueue(p, p->msgbuf, (uint32_t)len) < 0) {
		p->dropped++;
		return -ENOBUFS;
	}
	return 0;
}
