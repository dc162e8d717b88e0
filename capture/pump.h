/*
 * The pump: copies records from an event source into the shared-memory
 * ring. Each record is checked with lnr_evt_decode, converted to epoch
 * time if it came from the kernel, and reserved/committed in the ring;
 * a full ring never blocks: it drops and counts, or, for a source that
 * can keep the record (the kernel's ring), declines it. The engine is
 * woken once per batch. Drops are logged, at most one line per counter per period.
 */
#ifndef LNR_PUMP_H
#define LNR_PUMP_H

#include <signal.h>
#include <stdint.h>

#include "ratelog.h"
#include "ring.h"
#include "source.h"
#include "timeconv.h"

struct pump {
	struct ring *ring;
	int wake_fd; /* eventfd the engine waits on, or -1 */
	int convert; /* records carry boot time */
	/* Set for a replay, where nothing may be lost: a full ring makes
	 * pump_record wait for the engine until this becomes non-zero. */
	const volatile sig_atomic_t *lossless_until;
	/* Likewise until this ratelog_now() time: the /proc snapshot, taken
	 * while the engine may still be starting. */
	uint64_t wait_until_ns;
	/* Set for a source that keeps what it could not hand over: a full
	 * ring makes pump_record return 1 and set full instead of dropping. */
	int decline_when_full;
	int full;
	/* Recording: each record put in the ring is also handed to tap
	 * (as converted to epoch time); NULL when not recording. */
	source_emit_fn tap;
	void *tap_arg;
	struct timeconv tc;
	uint64_t records;	  /* committed to the ring */
	uint64_t bad;		  /* failed the decoder */
	uint64_t ring_drops;	  /* ring full or refused */
	uint64_t consumer_faults; /* of those, refused: impossible index */
	uint64_t batch;		  /* committed since the last wake-up */
	uint64_t noted_kernel, noted_ring; /* drop counts last reported */
	struct ratelog kernel_log, ring_log;
};

void pump_init(struct pump *p, struct ring *ring, int wake_fd);
/* source_emit_fn: one record in. Returns 0, or 1 when the ring is full
 * and decline_when_full is set; else a full ring drops the record, or
 * with lossless_until waits for room. */
int pump_record(void *arg, const void *rec, size_t len);
/* Wakes the engine if anything was committed since the last call. */
void pump_flush(struct pump *p);
/* Puts a DROP record in the ring if either drop counter moved, and logs
 * the drops since the last line when one is due. */
void pump_note_drops(struct pump *p, uint64_t kernel_drops,
		     uint64_t kernel_buffer_drops, uint64_t now_ns);

#endif
