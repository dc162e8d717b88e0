/*
 * Alerts from the engine to the broker: each is encoded into an MSG_ALERT
 * and sent without blocking; when the broker is slow, encoded alerts wait
 * in a bounded local backlog (common/queue.c). When that is full the
 * least severe alert is dropped first, counted per priority and logged.
 * The engine never blocks its ring on the broker.
 */
#ifndef LNR_PUBLISH_H
#define LNR_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "queue.h"
#include "ratelog.h"

#define PUBLISH_BACKLOG_BYTES (4u << 20)
#define PUBLISH_MSG_MAX (256u << 10)

struct publisher {
	int sock;
	uint64_t seq;
	struct queue backlog; /* whole encoded messages */
	uint8_t *msgbuf;      /* PUBLISH_MSG_MAX, for encoding */
	uint64_t sent, too_big;
	struct ratelog too_big_log;
};

/* backlog_bytes: room for alerts waiting; 0 or -errno. */
int publish_init(struct publisher *p, int sock, size_t backlog_bytes);
void publish_free(struct publisher *p);

/* Sends or queues one alert. 0, or -ENOBUFS when it was dropped. */
int publish_alert(struct publisher *p, const struct alert *a);

/* Sends what waits in the backlog, as far as the broker takes it, and
 * reports drops not yet logged. */
void publish_flush(struct publisher *p);

/* Alerts waiting in the backlog. */
size_t publish_pending(const struct publisher *p);
/* Alerts lost: too big to encode, or dropped from a full backlog. */
uint64_t publish_dropped(const struct publisher *p);

#endif
