/*
 * A bounded queue of encoded alerts: the broker keeps one per output
 * channel and the engine one as its backlog to the broker. Each alert
 * gets the next sequence number and stays until acknowledged, so a
 * restarted worker is sent everything it had not confirmed. When full,
 * the least severe alert goes first (among equals the oldest not yet
 * sent, else the oldest; the new one when everything queued is more
 * severe), counted per priority.
 * Storage is allocated once: a slot pool and a pool of fixed-size cells
 * holding the bodies, so dropping from the middle frees room at once.
 */
#ifndef LNR_QUEUE_H
#define LNR_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "ratelog.h"

#define QUEUE_DEFAULT_BYTES (16u << 20)
#define QUEUE_CELL 256
#define QUEUE_NONE UINT32_MAX

struct queue_slot {
	uint64_t seq;
	uint32_t len;
	uint32_t cell;	     /* first cell of the body */
	uint32_t prev, next; /* sequence order */
	uint32_t pnext;	     /* the next alert of the same priority */
	enum priority prio;
};

struct queue {
	struct queue_slot *slots;
	uint32_t cap, count;
	uint32_t free_slot;	    /* chained through next */
	uint32_t head, tail;	    /* oldest and newest */
	uint32_t unsent;	    /* the oldest not yet sent */
	uint32_t in_flight;	    /* sent, not yet acknowledged */
	uint32_t phead[PRIO_COUNT]; /* oldest of each priority */
	uint32_t ptail[PRIO_COUNT];
	uint32_t pcount[PRIO_COUNT], pcells[PRIO_COUNT];
	uint8_t *cells;
	uint32_t *cell_next; /* a body's cells, and the free ones, chained */
	uint32_t cell_size, ncells, free_cell, nfree;
	uint64_t next_seq;	      /* sequence numbers start at 1 */
	uint64_t sent;		      /* highest seq handed on */
	uint64_t dropped[PRIO_COUNT]; /* lost to a full queue */
	uint64_t refused;	      /* bodies larger than the whole pool */
	uint64_t redelivered;	      /* sent again after a receiver restart */
	struct ratelog droplog;
	uint64_t reported[PRIO_COUNT]; /* dropped[] at the last log line */
};

/* cap alerts, nbytes of bodies in cells of cell_size. 0 or -errno. */
int queue_init(struct queue *q, uint32_t cap, size_t nbytes,
	       uint32_t cell_size);
void queue_free(struct queue *q);

/* Copies body in; returns its seq, or 0 if it was refused or dropped. */
uint64_t queue_push(struct queue *q, const void *body, size_t len,
		    enum priority prio);
/* Everything up to and including seq was delivered. */
void queue_ack(struct queue *q, uint64_t seq);
/* The oldest alert not yet sent: its seq and length, or 0. */
uint64_t queue_next_unsent(const struct queue *q, size_t *len);
/* Copies that alert's body (len bytes) into buf. */
void queue_copy_unsent(const struct queue *q, void *buf);
/* Everything up to seq was handed on. */
void queue_sent(struct queue *q, uint64_t seq);
/* The receiver restarted: send every unacknowledged alert again. */
void queue_rewind(struct queue *q);
/* Alerts sent and not yet acknowledged. */
uint32_t queue_in_flight(const struct queue *q);
/* Alerts dropped because the queue was full, all priorities. */
uint64_t queue_dropped(const struct queue *q);
/*
 * Logs a warning with the drops since the last line, per priority, at
 * most once per RATELOG_PERIOD_NS. Call after pushes, and now and then
 * so that the last drops of a burst are reported too.
 */
void queue_log_drops(struct queue *q, const char *name, uint64_t now_ns);

#endif
