/*
 * Alerts from the engine to the broker: each is encoded into an MSG_ALERT
 * in a bounded local backlog (common/queue.c) and sent without blocking;
 * when the broker is slow, the rest waits there. Until the broker says it
 * has queued an alert (MSG_ALERTS_TAKEN), the engine keeps the events it
 * came from in the ring, for a successor to read again should the engine
 * die. When the backlog is full the least
 * severe alert is dropped first, counted per priority and logged. The
 * engine never blocks its ring on the broker.
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
	uint64_t taken;	      /* the broker has queued every alert up to this */
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

/* The broker has queued every alert up to seq. */
void publish_taken(struct publisher *p, uint64_t seq);
/* How far the broker's word is behind the last alert sent. */
uint64_t publish_unconfirmed(const struct publisher *p);
/* Every alert is sent and the broker has queued it. */
int publish_all_taken(const struct publisher *p);

/* Alerts waiting in the backlog. */
size_t publish_pending(const struct publisher *p);
/* Alerts lost: too big to encode, or dropped from a full backlog. */
uint64_t publish_dropped(const struct publisher *p);

#endif
