/*
 * The BPF ring buffer's layout (the kernel's ABI): a page holding the
 * consumer position, which the reader writes; a page holding the
 * producer position; then the data area. Each record starts with an
 * 8-byte header whose first word is its length with a busy bit (still
 * being written) and a discard bit; records are 8-byte aligned, so a
 * header never crosses the end of the data area, a body may.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kring.h"

#define KRING_LEN_MASK                                                         \
	(~(uint32_t)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT))

int kring_open(struct kring *k, int map_fd, uint64_t size, size_t rec_max)
{
	long page = sysconf(_SC_PAGESIZE);
	void *cons, *prod;

	memset(k, 0, sizeof(*k));
	if (page <= 0 || !size || size & (size - 1) || size % (uint64_t)page)
		return -EINVAL;
	cons = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED,
		    map_fd, 0);
	if (cons == MAP_FAILED)
		return -errno;
	/* The producer page and the data, once. */
	prod = mmap(NULL, (size_t)page + size, PROT_READ, MAP_SHARED, map_fd,
		    page);
	if (prod == MAP_FAILED) {
		int err = -errno;

		munmap(cons, (size_t)page);
		return err;
	}
	k->wrapped = malloc(rec_max);
	if (!k->wrapped) {
		munmap(cons, (size_t)page);
		munmap(prod, (size_t)page + size);
		return -ENOMEM;
	}
	k->map_fd = map_fd;
	k->consumer = cons;
	k->producer = prod;
	k->data = (const uint8_t *)prod + page;
	k->size = size;
	k->page = (size_t)page;
	k->wrapped_cap = rec_max;
	return 0;
}

int kring_pending(const struct kring *k)
{
	return __atomic_load_n(k->producer, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(k->consumer, __ATOMIC_RELAXED);
}

/* The body of the record at pos: in place, or copied when it wraps. */
static const void *kring_body(struct kring *k, uint64_t pos, uint32_t len)
{
	uint64_t off = (pos + BPF_RINGBUF_HDR_SZ) & (k->size - 1);
	uint64_t first = k->size - off;

	if (len <= first)
		return k->data + off;
	k->wrapped_records++;
	memcpy(k->wrapped, k->data + off, first);
	memcpy(k->wrapped + first, k->data, len - first);
	return k->wrapped;
}

int kring_consume(struct kring *k, kring_fn fn, void *arg)
{
	uint64_t cons = __atomic_load_n(k->consumer, __ATOMIC_RELAXED);
	uint64_t prod = __atomic_load_n(k->producer, __ATOMIC_ACQUIRE);
	int taken = 0;

	while (cons < prod) {
		const uint32_t *hdr =
		    (const uint32_t *)(k->data + (cons & (k->size - 1)));
		uint32_t word = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		uint32_t len = word & KRING_LEN_MASK;

		if (word & BPF_RINGBUF_BUSY_BIT)
			break; /* not written yet; the rest waits behind it */
		/* The kernel bounds its records; a length beyond ours means
		 * the ring is not what we mapped. */
		if (len > k->wrapped_cap || len + BPF_RINGBUF_HDR_SZ > k->size)
			return -EPROTO;
		if (!(word & BPF_RINGBUF_DISCARD_BIT)) {
			if (fn(arg, kring_body(k, cons, len), len) > 0)
				break;
			taken++;
		}
		cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~(uint64_t)7;
		__atomic_store_n(k->consumer, cons, __ATOMIC_RELEASE);
	}
	return taken;
}

void kring_close(struct kring *k)
{
	if (k->consumer)
		munmap(k->consumer, k->page);
	if (k->producer)
		munmap((void *)k->producer, k->page + k->size);
	free(k->wrapped);
	memset(k, 0, sizeof(*k));
}
