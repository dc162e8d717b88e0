/*
 * A bounded queue of alerts for one output channel. Each alert gets the
 * channel's next sequence number and stays until the worker acknowledges
 * it, so a restarted worker is sent everything it had not confirmed. When
 * full, the oldest alert is dropped and counted. Storage is allocated once:
 * a slot ring for the index and a byte ring for the encoded bodies.
 */
#ifndef LNR_QUEUE_H
#define LNR_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define QUEUE_DEFAULT_CAPACITY 10000
#define QUEUE_DEFAULT_BYTES (16u << 20)

struct queue_slot {
	uint64_t seq;
	size_t off;
	size_t len;
};

struct queue {
	struct queue_slot *slots;
	uint32_t cap;
	uint32_t head; /* oldest slot */
	uint32_t count;
	uint8_t *bytes;
	size_t nbytes;
	size_t wpos;	   /* where the next body goes */
	uint64_t next_seq; /* sequence numbers start at 1 */
	uint64_t sent;	   /* highest seq handed to the worker */
	uint64_t dropped; /* oldest alerts dropped because the queue was full */
	uint64_t refused; /* bodies too large for the byte ring */
};

int queue_init(struct queue *q, uint32_t cap, size_t nbytes);
void queue_free(struct queue *q);

/* Copies body in; returns its seq, or 0 if it can never fit. */
uint64_t queue_push(struct queue *q, const void *body, size_t len);
/* The worker delivered everything up to and including seq. */
void queue_ack(struct queue *q, uint64_t seq);
/* The oldest alert not yet sent, or NULL; queue_sent marks it sent. */
const void *queue_next_unsent(const struct queue *q, uint64_t *seq,
			      size_t *len);
void queue_sent(struct queue *q, uint64_t seq);
/* The worker restarted: send every unacknowledged alert again. */
void queue_rewind(struct queue *q);
/* Alerts sent and not yet acknowledged. */
uint32_t queue_in_flight(const struct queue *q);

#endif
