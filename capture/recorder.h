/*
 * Capture's side of recording: the --capture file, written as records
 * go into the ring, and capture files around alerts (capture.enabled).
 * For the latter it keeps the last records in a bounded buffer; the
 * broker passes each new file's descriptor over a socket with the
 * window of event times it covers; the file gets the buffered records
 * of the window, then the new ones until the window ends.
 */
#ifndef LNR_CAPTURE_RECORDER_H
#define LNR_CAPTURE_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "capfile.h"

#define CLIP_JOBS 4		      /* files written at once */
#define CLIP_RECENT_BYTES (32u << 20) /* the buffer of past records */

struct clip_job {
	struct capfile_writer w;
	int fd; /* -1: free */
	uint64_t from_ns, until_ns;
};

struct recorder {
	struct capfile_writer full; /* --capture */
	int full_on;
	enum capfile_kind kind; /* of the records coming now */
	int sock;		/* capture files around alerts, or -1 */
	uint8_t *recent;	/* CLIP_RECENT_BYTES, a ring of records */
	size_t head, tail, used;
	struct clip_job jobs[CLIP_JOBS];
	uint64_t files, records_lost;
};

/* Sorts the descriptors the broker passed: a regular file is the
 * --capture file (its header already written), a socket the channel for
 * files around alerts. 0 or -errno. */
int recorder_init(struct recorder *r, const int *fds, int n);
/* source_emit_fn for pump.tap: one record, as it went into the ring. */
int recorder_record(void *arg, const void *rec, size_t len);
/* Takes the files the broker passed since the last call. */
void recorder_receive(struct recorder *r);
/* Writes what waits, closes files whose window ended before now_ns
 * (event time) and says so. */
void recorder_tick(struct recorder *r, uint64_t now_ns);
void recorder_close(struct recorder *r);
int recorder_active(const struct recorder *r);

#endif
