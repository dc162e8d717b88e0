/*
 * Fuzzes the ring consumer the engine runs on memory capture can write.
 * The input plays a hostile producer: it fills the control page (magic,
 * version, size, head and even the consumer's tail) and the data area,
 * and may move head between reads. ring_read must stop (empty or error)
 * within a bounded number of records and never touch memory outside the
 * ring: the data area is moved between two inaccessible guard pages, so
 * a stray read faults.
 *
 * Input: flags (1), cap (2, little endian), tail (8), head (8), then
 * with flag 1 the bytes that replace the header (magic, layout version,
 * schema, size: everything before head); then the number of head moves
 * (1) and that many heads (8 each); the rest is the data area.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/ring.h"

#define DATA_SIZE 4096u
#define CTL_SIZE 8192u /* the producer's page, then the consumer's */
/* Where the two indices are; the header before head is kept as
 * ring_create wrote it unless the input replaces it. */
#define OFF_HEAD 64
#define OFF_TAIL 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t left;
};

static int take(struct input *in, void *out, size_t n)
{
	if (in->left < n)
		return -1;
	memcpy(out, in->p, n);
	in->p += n;
	in->left -= n;
	return 0;
}

static uint8_t pristine[OFF_HEAD]; /* the header ring_create wrote */

/* The producer's view: the whole memfd, writable. */
static uint8_t *producer_map(int *fd)
{
	static uint8_t *raw;
	static int memfd = -1;

	if (!raw) {
		memfd = ring_create(DATA_SIZE);
		if (memfd < 0)
			abort();
		raw = mmap(NULL, CTL_SIZE + DATA_SIZE, PROT_READ | PROT_WRITE,
			   MAP_SHARED, memfd, 0);
		if (raw == MAP_FAILED)
			abort();
		memcpy(pristine, raw, sizeof(pristine));
	}
	*fd = memfd;
	return raw;
}

static void store64(uint8_t *at, uint64_t v)
{
	atomic_store((_Atomic uint64_t *)(void *)at, v);
}

/* Moves the consumer's data mapping between two PROT_NONE pages. */
static uint8_t *guard_data(struct ring *r, int fd)
{
	uint8_t *area = mmap(NULL, DATA_SIZE + 2 * 4096, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (area == MAP_FAILED ||
	    mmap(area + 4096, DATA_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, fd,
		 CTL_SIZE) == MAP_FAILED)
		abort();
	munmap(r->data, r->size);
	r->data = area + 4096;
	return area;
}

static void producer_fill(uint8_t *raw, struct input *in, int flags)
{
	uint64_t tail = 0, head = 0;

	take(in, &tail, 8);
	take(in, &head, 8);
	memcpy(raw, pristine, sizeof(pristine));
	if (flags & 1) {
		size_t n =
		    in->left < sizeof(pristine) ? in->left : sizeof(pristine);

		take(in, raw, n);
	}
	store64(raw + OFF_HEAD, head);
	store64(raw + OFF_TAIL, tail);
}

static void consume(struct ring *r, uint8_t *raw, struct input *moves,
		    uint32_t cap, unsigned nmoves)
{
	/* Each record advances by at least 8 bytes, a wrap mark to 0. */
	unsigned bound = (DATA_SIZE / 8 + 2) * (nmoves + 1), reads = 0;
	uint8_t *dst = malloc(cap ? cap : 1);
	uint64_t head;
	uint32_t len;
	int rc;

	if (!dst)
		abort();
	while ((rc = ring_read(r, dst, cap, &len)) != 0) {
		if (++reads > bound || (rc == 1 && len > cap))
			abort();
		if (rc == -EPROTO) {
			if (!r->broken)
				abort();
			break;
		}
		if (rc != 1 && rc != -EMSGSIZE)
			abort();
		if (take(moves, &head, 8) == 0)
			store64(raw + OFF_HEAD, head);
	}
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size}, moves;
	uint8_t flags = 0, nmoves = 0, *raw, *area;
	uint16_t cap = 0;
	struct ring r;
	int fd;

	raw = producer_map(&fd);
	take(&in, &flags, 1);
	take(&in, &cap, 2);
	producer_fill(raw, &in, flags);
	take(&in, &nmoves, 1);
	moves.p = in.p;
	moves.left =
	    (size_t)nmoves * 8 < in.left ? (size_t)nmoves * 8 : in.left;
	in.p += moves.left;
	in.left -= moves.left;
	memset(raw + CTL_SIZE, 0, DATA_SIZE);
	memcpy(raw + CTL_SIZE, in.p, in.left < DATA_SIZE ? in.left : DATA_SIZE);

	if (ring_map(&r, fd, RING_CONSUMER) != 0)
		return 0;
	area = guard_data(&r, fd);
	consume(&r, raw, &moves, cap, nmoves);
	r.data = NULL;
	ring_unmap(&r);
	munmap(area, DATA_SIZE + 2 * 4096);
	return 0;
}
