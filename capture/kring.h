/*
 * Reading the probe's BPF ring buffer. libbpf's reader maps the data
 * area twice so that a record crossing the end reads as one piece, which
 * doubles the ring in the reader's RSS, and it consumes a record before
 * handing it over, so a reader with nowhere to put it can only drop it.
 * This one maps the data once, copies the rare record that wraps, and
 * leaves a record the callback declines in the kernel's ring: a full
 * ring downstream backs up into the kernel's, which counts what it
 * cannot take.
 */
#ifndef LNR_KRING_H
#define LNR_KRING_H

#include <stddef.h>
#include <stdint.h>

/* Takes one record: 0 when it was taken, > 0 to leave it (and the rest)
 * for the next kring_consume. */
typedef int (*kring_fn)(void *arg, const void *rec, size_t len);

struct kring {
	int map_fd;
	uint64_t *consumer;	  /* the page we write: our read position */
	const uint64_t *producer; /* the kernel's write position, data after */
	const uint8_t *data;
	uint64_t size; /* data bytes, a power of two */
	size_t page;
	uint8_t *wrapped; /* a record crossing the end, copied whole */
	size_t wrapped_cap;
	uint64_t wrapped_records; /* how many were copied */
};

/* Maps the ring of the BPF_MAP_TYPE_RINGBUF map_fd of size data bytes,
 * whose records are at most rec_max bytes. */
int kring_open(struct kring *k, int map_fd, uint64_t size, size_t rec_max);
/* Hands waiting records to fn until the ring is empty or fn declines
 * one; returns how many were taken, or -errno. */
int kring_consume(struct kring *k, kring_fn fn, void *arg);
/* Whether records wait. */
int kring_pending(const struct kring *k);
void kring_close(struct kring *k);

#endif
