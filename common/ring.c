/*
 * The shared-memory event ring. Records are a uint32_t length (in an
 * 8-byte slot, so payloads are aligned for the record header) followed by
 * the payload, padded to RING_ALIGN. A record that would straddle the end
 * of the data area is preceded by a wrap marker and written at offset 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "event.h"
#include "ring.h"

#define WRAP_MARK 0xffffffffu
/* The length, padded so that every payload starts 8-byte aligned. */
#define HDR_SIZE ((uint64_t)RING_ALIGN)
/* Two control pages: the producer's, which the consumer maps read-only,
 * and the consumer's, which the producer maps read-only. Neither side can
 * write the other's index or counters. */
#define PAGE 4096u
#define CTL_SIZE ((uint64_t)2 * PAGE)

struct ring_ctl {
	uint32_t magic;
	uint32_t version; /* of this layout */
	uint32_t schema;  /* LNR_SCHEMA_VERSION of the records */
	uint32_t reserved;
	uint64_t size;
	_Alignas(64) _Atomic uint64_t head; /* written by the producer */
	_Atomic uint64_t written;
	_Atomic uint64_t drops_full;
	_Atomic uint64_t drops_oversize;
};

struct ring_cons {
	_Atomic uint64_t tail; /* written by the consumer */
};

_Static_assert(sizeof(struct ring_ctl) <= PAGE, "producer's control page");
_Static_assert(offsetof(struct ring_ctl, head) == 64, "head where it was");

static uint64_t align_up(uint64_t n)
{
	return (n + RING_ALIGN - 1) & ~(uint64_t)(RING_ALIGN - 1);
}

int ring_create(size_t size)
{
	struct ring_ctl *ctl;
	int fd;

	if (size < 4096 || (size & (size - 1)) != 0)
		return -EINVAL;
	fd = memfd_create("lanner-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)(CTL_SIZE + size)) < 0)
		goto fail;
	/* Neither side can shrink the file under the other's mapping. */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) <
	    0)
		goto fail;
	ctl = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ctl == MAP_FAILED)
		goto fail;
	ctl->magic = RING_MAGIC;
	ctl->version = RING_VERSION;
	ctl->schema = LNR_SCHEMA_VERSION;
	ctl->size = size;
	munmap(ctl, PAGE);
	return fd;
fail:
	size = (size_t)errno;
	close(fd);
	return -(int)size;
}

static int prot(int writable)
{
	return writable ? PROT_READ | PROT_WRITE : PROT_READ;
}

/* The three mappings of a role; the header was checked by the caller. */
static int map_parts(struct ring *r, int memfd, enum ring_role role)
{
	void *cons = mmap(NULL, PAGE, prot(role != RING_PRODUCER), MAP_SHARED,
			  memfd, PAGE);
	void *data = mmap(NULL, r->size, prot(role != RING_CONSUMER),
			  MAP_SHARED, memfd, CTL_SIZE);

	r->cons = cons == MAP_FAILED ? NULL : cons;
	r->data = data == MAP_FAILED ? NULL : data;
	return r->cons && r->data ? 0 : -ENOMEM;
}

static int header_ok(const struct ring_ctl *ctl, off_t end)
{
	uint64_t size = ctl->size;

	return ctl->magic == RING_MAGIC && ctl->version == RING_VERSION &&
	       ctl->schema == LNR_SCHEMA_VERSION && size >= 4096 &&
	       (size & (size - 1)) == 0 && (uint64_t)end == CTL_SIZE + size;
}

int ring_map(struct ring *r, int memfd, enum ring_role role)
{
	struct ring_ctl *ctl;
	off_t end;

	memset(r, 0, sizeof(*r));
	end = lseek(memfd, 0, SEEK_END);
	if (end < (off_t)CTL_SIZE)
		return -EINVAL;
	ctl =
	    mmap(NULL, PAGE, prot(role != RING_CONSUMER), MAP_SHARED, memfd, 0);
	if (ctl == MAP_FAILED)
		return -errno;
	r->ctl = ctl;
	if (!header_ok(ctl, end)) {
		ring_unmap(r);
		return -EPROTO;
	}
	r->size = ctl->size;
	r->producer = role == RING_PRODUCER;
	if (map_parts(r, memfd, role) < 0) {
		ring_unmap(r);
		return -ENOMEM;
	}
	r->pos = role == RING_CONSUMER ? atomic_load(&r->cons->tail)
				       : atomic_load(&ctl->head);
	/* The other side wrote this index: records start aligned, so a
	 * misaligned one would have the reader cross the end of the area. */
	if (r->pos % RING_ALIGN != 0) {
		ring_unmap(r);
		return -EPROTO;
	}
	return 0;
}

void ring_unmap(struct ring *r)
{
	if (r->data)
		munmap(r->data, r->size);
	if (r->cons)
		munmap(r->cons, PAGE);
	if (r->ctl)
		munmap(r->ctl, PAGE);
	memset(r, 0, sizeof(*r));
}

static void put_u32(struct ring *r, uint64_t at, uint32_t v)
{
	memcpy(r->data + (at & (r->size - 1)), &v, sizeof(v));
}

/* Whether a consumer's read index tail is one the producer at head can
 * accept: behind it by at most the ring's size, and aligned. */
static bool tail_fits(const struct ring *r, uint64_t tail, uint64_t head)
{
	return tail <= head && head - tail <= r->size && tail % RING_ALIGN == 0;
}

void *ring_reserve(struct ring *r, uint32_t len, int *err)
{
	uint64_t need = align_up(HDR_SIZE + len);
	uint64_t tail, off, room_to_end, total;

	if (need > r->size / 2) {
		atomic_fetch_add(&r->ctl->drops_oversize, 1);
		*err = -EMSGSIZE;
		return NULL;
	}
	tail = atomic_load_explicit(&r->cons->tail, memory_order_acquire);
	/* The consumer can only be behind us, by at most the ring size. */
	if (!tail_fits(r, tail, r->pos)) {
		r->broken = 1;
		*err = -EPROTO;
		return NULL;
	}
	off = r->pos & (r->size - 1);
	room_to_end = r->size - off;
	total = need <= room_to_end ? need : room_to_end + need;
	if (r->size - (r->pos - tail) < total) {
		atomic_fetch_add(&r->ctl->drops_full, 1);
		*err = -ENOSPC;
		return NULL;
	}
	if (need > room_to_end) {
		put_u32(r, r->pos, WRAP_MARK);
		r->pos += room_to_end;
	}
	put_u32(r, r->pos, len);
	r->pending = need;
	return r->data + ((r->pos + HDR_SIZE) & (r->size - 1));
}

void ring_commit(struct ring *r)
{
	r->pos += r->pending;
	r->pending = 0;
	atomic_fetch_add(&r->ctl->written, 1);
	atomic_store_explicit(&r->ctl->head, r->pos, memory_order_release);
}

int ring_put(struct ring *r, const void *rec, uint32_t len)
{
	int err = 0;
	void *dst = ring_reserve(r, len, &err);

	if (!dst)
		return err;
	memcpy(dst, rec, len);
	ring_commit(r);
	return 0;
}

/* The next record's offset and length, or -EPROTO: the producer's
 * index or a length it wrote is impossible. 0 when the ring is empty. */
static int next_record(struct ring *r, uint64_t *at, uint32_t *len)
{
	uint64_t head, off;
	uint32_t n;

	head = atomic_load_explicit(&r->ctl->head, memory_order_acquire);
	if (head == r->pos)
		return 0;
	if (head < r->pos || head - r->pos > r->size)
		return -EPROTO;
	off = r->pos & (r->size - 1);
	memcpy(&n, r->data + off, sizeof(n));
	if (n == WRAP_MARK) {
		r->pos += r->size - off;
		if (head == r->pos)
			return -EPROTO;
		off = 0;
		memcpy(&n, r->data, sizeof(n));
	}
	if (n == WRAP_MARK || align_up(HDR_SIZE + n) > r->size - off ||
	    align_up(HDR_SIZE + n) > head - r->pos)
		return -EPROTO;
	*at = off + HDR_SIZE;
	*len = n;
	return 1;
}

int ring_read(struct ring *r, void *dst, uint32_t cap, uint32_t *len)
{
	uint64_t at;
	int rc = next_record(r, &at, len);

	if (rc < 0)
		r->broken = 1;
	if (rc <= 0)
		return rc;
	/* The length was read once, above; the copy uses that value. */
	if (*len <= cap)
		memcpy(dst, r->data + at, *len);
	else
		rc = -EMSGSIZE;
	r->pos += align_up(HDR_SIZE + *len);
	if (!r->hold || r->pos - atomic_load_explicit(&r->cons->tail,
						      memory_order_relaxed) >=
			    r->size / 8)
		ring_release(r);
	return rc;
}

void ring_hold(struct ring *r)
{
	r->hold = 1;
}

void ring_release(struct ring *r)
{
	atomic_store_explicit(&r->cons->tail, r->pos, memory_order_release);
}

/* Whether whole records lead from tail to head. */
static int chains(const struct ring *r, uint64_t tail, uint64_t head)
{
	uint64_t pos = tail, off;
	uint32_t n;

	if (!tail_fits(r, tail, head))
		return 0;
	while (pos != head) {
		off = pos & (r->size - 1);
		memcpy(&n, r->data + off, sizeof(n));
		if (n == WRAP_MARK) {
			pos += r->size - off;
		} else {
			if (align_up(HDR_SIZE + n) > r->size - off)
				return 0;
			pos += align_up(HDR_SIZE + n);
		}
		if (pos > head)
			return 0;
	}
	return 1;
}

uint64_t ring_reset_consumer(struct ring *r)
{
	uint64_t head =
	    atomic_load_explicit(&r->ctl->head, memory_order_acquire);
	uint64_t tail = atomic_load(&r->cons->tail);

	if (chains(r, tail, head))
		return 0;
	atomic_store_explicit(&r->cons->tail, head, memory_order_release);
	return head > tail ? head - tail : 1;
}

bool ring_consumer_ok(const struct ring *r)
{
	uint64_t head =
	    atomic_load_explicit(&r->ctl->head, memory_order_acquire);
	uint64_t tail = atomic_load(&r->cons->tail);

	return tail_fits(r, tail, head);
}

void ring_stats(const struct ring *r, struct ring_stats *st)
{
	st->written = atomic_load(&r->ctl->written);
	st->drops_full = atomic_load(&r->ctl->drops_full);
	st->drops_oversize = atomic_load(&r->ctl->drops_oversize);
}

uint64_t ring_backlog(const struct ring *r)
{
	uint64_t head =
	    atomic_load_explicit(&r->ctl->head, memory_order_acquire);
	uint64_t tail = atomic_load(&r->cons->tail);

	return tail <= head ? head - tail : 0;
}

uint64_t ring_used(const struct ring *r)
{
	uint64_t tail = atomic_load(&r->cons->tail);

	return tail <= r->pos ? r->pos - tail : 0;
}
