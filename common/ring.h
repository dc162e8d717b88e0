/*
 * Single-producer single-consumer ring of variable-length records in a
 * memfd, mapped by capture (producer) and engine (consumer).
 *
 * Each side keeps its own index privately and only publishes it: the
 * producer never trusts the read index the consumer writes, and every
 * write position is masked into the data area, so a hostile consumer can
 * at worst make the producer refuse records, never write out of bounds.
 * Wake-ups are batched: the producer signals an eventfd after a batch,
 * not per record.
 */
#ifndef LNR_RING_H
#define LNR_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC 0x6c6e7272u /* "lnrr" */
#define RING_VERSION 3	       /* 2: the schema recorded; 3: a page per side */
#define RING_ALIGN 8u
/* A quarter of the kernel's buffer, at least 1 MiB: capture leaves
 * records in the kernel's buffer while this ring is full, so the two
 * add up, and this one only has to bridge the engine's batches. */
#define RING_SIZE_FOR(kernel_bytes)                                            \
	((kernel_bytes) / 4 > (1u << 20) ? (kernel_bytes) / 4 : (1u << 20))

struct ring_ctl;
struct ring_cons;

/* Who maps the ring: capture writes records and the head, the engine the
 * tail; the broker may write the tail too, between engines. */
enum ring_role { RING_CONSUMER, RING_PRODUCER, RING_BROKER };

struct ring {
	struct ring_ctl *ctl;
	struct ring_cons *cons;
	uint8_t *data;
	uint64_t size;	  /* data bytes, a power of two */
	uint64_t pos;	  /* this side's private index */
	uint64_t pending; /* producer: length of the reserved record */
	int producer;
	int broken; /* the peer's index was seen to be impossible */
	int hold;   /* consumer: the read index waits for ring_release */
};

struct ring_stats {
	uint64_t written;
	uint64_t drops_full;	 /* producer found no room */
	uint64_t drops_oversize; /* record larger than a ring slot */
};

/* Broker: a sealed-size memfd holding an empty ring of `size` data bytes. */
int ring_create(size_t size);
/* Maps a ring for role: the consumer maps the data and the producer's
 * page read-only, the producer the consumer's page read-only. -EPROTO
 * when the ring is not one this build made (magic, layout or event
 * schema) or the role's own index is misaligned. */
int ring_map(struct ring *r, int memfd, enum ring_role role);
void ring_unmap(struct ring *r);

/*
 * Producer. ring_reserve returns room for `len` bytes or NULL (-ENOSPC
 * full, -EMSGSIZE never fits, -EPROTO the consumer's index is impossible)
 * with the reason in *err; ring_commit publishes the reserved record.
 */
void *ring_reserve(struct ring *r, uint32_t len, int *err);
void ring_commit(struct ring *r);
int ring_put(struct ring *r, const void *rec, uint32_t len);

/*
 * Consumer. ring_read copies the next record into dst and frees its slot,
 * so nothing the producer writes later can change what was read. Returns
 * 1 with the record's length in *len, 0 when the ring is empty, -EMSGSIZE
 * (record skipped) when it is longer than cap, -EPROTO when the
 * producer's data is corrupt.
 */
int ring_read(struct ring *r, void *dst, uint32_t cap, uint32_t *len);

/*
 * Consumer. By default each ring_read publishes the read index. After
 * ring_hold, it is published by ring_release, when the consumer is done
 * with what it read (the engine: every alert of those records is out),
 * or by ring_read once an eighth of the ring waits, so that the producer
 * is never starved. A consumer killed in between leaves the index at its
 * last release, and its successor reads those records again: an alert
 * can then come twice, and the successor learns the processes that
 * started and ended in them, where it would otherwise lose an alert.
 */
void ring_hold(struct ring *r);
void ring_release(struct ring *r);

/*
 * Broker, while no consumer runs (r mapped as RING_BROKER): keeps the read
 * index a dead consumer left if whole records lead from it to the
 * producer's head, so the next consumer reads the backlog; else moves it
 * to the head. 0 when it was kept, else a positive count of what was
 * skipped.
 */
uint64_t ring_reset_consumer(struct ring *r);
/* Whether the consumer's read index is one the producer accepts: behind
 * its head by at most the ring's size, aligned. */
bool ring_consumer_ok(const struct ring *r);

void ring_stats(const struct ring *r, struct ring_stats *st);
/* Bytes not yet consumed, as the producer sees them. */
uint64_t ring_used(const struct ring *r);
/* Bytes written and not yet consumed, from the shared indices (any role,
 * the broker's metrics). */
uint64_t ring_backlog(const struct ring *r);

#endif
