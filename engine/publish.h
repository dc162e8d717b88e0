/*
 * Alerts from the engine to the broker: each is encoded into an MSG_ALERT
 * and sent without blocking; when the broker is slow, encoded alerts wait
 * in a bounded local backlog, and what does not fit is counted and
 * dropped. The engine never blocks its ring on the broker.
 */
#ifndef LNR_PUBLISH_H
#define LNR_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"

#define PUBLISH_BACKLOG_BYTES (4u << 20)
#define PUBLISH_MSG_MAX (256u << 10)

struct publisher {
	int sock;
	uint64_t seq;
	uint8_t *backlog;  /* [u32 len][message] records, a byte ring */
	size_t head, tail; /* read and write offsets, tail - head used */
	uint8_t *msgbuf;   /* PUBLISH_MSG_MAX, for encoding */
	uint64_t sent, queued, dropped, too_big;
};

int publish_init(struct publisher *p, int sock);
void publish_free(struct publisher *p);

/* Sends or queues one alert. 0, or -ENOBUFS when it was dropped. */
int publish_alert(struct publisher *p, const struct alert *a);

/* Sends what waits in the backlog, as far as the broker takes it. */
void publish_flush(struct publisher *p);

/* Alerts waiting in the backlog. */
size_t publish_pending(const struct publisher *p);

#endif
