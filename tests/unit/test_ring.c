/*
 * The shared-memory ring: ordering, wrap-around, a full ring, oversize
 * records, a consumer that holds its index, and a hostile consumer index
 * that must never make the producer write outside the data area.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "common/event.h"
#include "common/ring.h"

#define SIZE 4096u
#define CTL 8192u /* the producer's page, then the consumer's */
#define HEAD_WORD (64 / 8)
#define TAIL_WORD (4096 / 8)

static void fill(uint8_t *p, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i);
}

static int same(const uint8_t *p, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		if (p[i] != (uint8_t)(seed + i))
			return 0;
	return 1;
}

static void test_order_and_wrap(void)
{
	struct ring prod, cons;
	uint8_t rec[1000], out[1000];
	int fd = ring_create(SIZE), err, bad = 0;
	uint32_t sent = 0, got = 0, len;

	CHECK(fd >= 0);
	CHECK(ring_map(&prod, fd, 1) == 0);
	CHECK(ring_map(&cons, fd, 0) == 0);
	/* Many records of varying sizes push the indices around the ring
	 * several times; the consumer lags so wrap markers are exercised. */
	for (int round = 0; round < 500; round++) {
		uint32_t l = 1 + (uint32_t)(round * 37) % 900;

		fill(rec, l, sent);
		while (ring_put(&prod, rec, l) == -ENOSPC) {
			err = ring_read(&cons, out, sizeof(out), &len);
			CHECK(err == 1);
			if (err != 1)
				return;
			bad +=
			    !same(out, len, got) || len != 1 + (got * 37) % 900;
			got++;
		}
		sent++;
	}
	while ((err = ring_read(&cons, out, sizeof(out), &len)) == 1) {
		bad += !same(out, len, got) || len != 1 + (got * 37) % 900;
		got++;
	}
	CHECK(err == 0);
	CHECK(got == sent);
	CHECK(bad == 0);
	ring_unmap(&prod);
	ring_unmap(&cons);
	close(fd);
}

static void test_full_and_oversize(void)
{
	struct ring prod, cons;
	struct ring_stats st;
	uint8_t rec[SIZE];
	int fd = ring_create(SIZE), n = 0;
	uint32_t len;

	CHECK(ring_map(&prod, fd, 1) == 0);
	CHECK(ring_map(&cons, fd, 0) == 0);
	memset(rec, 7, sizeof(rec));
	while (ring_put(&prod, rec, 100) == 0)
		n++;
	CHECK(n == SIZE / 112); /* 8-byte header, 100 bytes padded to 104 */
	CHECK(ring_put(&prod, rec, 100) == -ENOSPC);
	CHECK(ring_put(&prod, rec, SIZE) == -EMSGSIZE);
	ring_stats(&prod, &st);
	CHECK(st.drops_full == 2);
	CHECK(st.drops_oversize == 1);
	CHECK(st.written == (uint64_t)n);
	/* Freeing one slot makes room for exactly one more. */
	CHECK(ring_read(&cons, rec, sizeof(rec), &len) == 1 && len == 100);
	CHECK(ring_put(&prod, rec, 100) == 0);
	CHECK(ring_put(&prod, rec, 100) == -ENOSPC);
	ring_unmap(&prod);
	ring_unmap(&cons);
	close(fd);
}

/* The consumer may write anything into its read index. */
static void test_hostile_tail(void)
{
	static const uint64_t tails[] = {1,	     3,	       1u << 30,
					 UINT64_MAX, SIZE * 5, 8};
	struct ring prod;
	uint8_t rec[64] = {0};
	uint64_t *ctlwords;
	int fd = ring_create(SIZE);

	CHECK(ring_map(&prod, fd, 1) == 0);
	ctlwords = mmap(NULL, CTL + SIZE + 4096, PROT_READ | PROT_WRITE,
			MAP_SHARED, fd, 0);
	CHECK(ctlwords != MAP_FAILED);
	for (int i = 0; i < 10; i++)
		CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	for (unsigned t = 0; t < sizeof(tails) / sizeof(*tails); t++) {
		/* tail: the first word of the consumer's page */
		ctlwords[TAIL_WORD] = tails[t];
		int r = ring_put(&prod, rec, sizeof(rec));

		CHECK(r == -EPROTO || r == -ENOSPC || r == 0);
		if (tails[t] == 8)
			CHECK(r == 0); /* a plausible index is honoured */
		else
			CHECK(r == -EPROTO);
	}
	munmap(ctlwords, CTL + SIZE + 4096);
	ring_unmap(&prod);
	close(fd);
}

/* A producer that lies about its head must not make the consumer read
 * outside the data area. */
static void test_hostile_head(void)
{
	struct ring cons;
	uint64_t *ctlwords;
	uint8_t *data, out[64];
	uint32_t len;
	int fd = ring_create(SIZE);

	CHECK(ring_map(&cons, fd, 0) == 0);
	ctlwords =
	    mmap(NULL, CTL + SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	data = (uint8_t *)ctlwords + CTL;
	ctlwords[HEAD_WORD] = 16;	    /* head */
	memcpy(data, &(uint32_t){5000}, 4); /* length past the ring */
	CHECK(ring_read(&cons, out, sizeof(out), &len) == -EPROTO);
	ring_unmap(&cons);
	CHECK(ring_map(&cons, fd, 0) == 0);
	ctlwords[HEAD_WORD] = SIZE * 3; /* head further ahead than possible */
	CHECK(ring_read(&cons, out, sizeof(out), &len) == -EPROTO);
	munmap(ctlwords, CTL + SIZE);
	ring_unmap(&cons);
	close(fd);
}

/* An index the other side left misaligned would have the next length read
 * cross the end of the data area: neither side maps such a ring. */
static void test_misaligned_index(void)
{
	struct ring r;
	uint64_t *ctlwords;
	int fd = ring_create(SIZE);

	ctlwords = mmap(NULL, CTL, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(ctlwords != MAP_FAILED);
	ctlwords[TAIL_WORD] = SIZE - 3; /* tail */
	CHECK(ring_map(&r, fd, 0) == -EPROTO);
	CHECK(r.ctl == NULL && r.data == NULL);
	ctlwords[TAIL_WORD] = 0;
	ctlwords[HEAD_WORD] = 5; /* head */
	CHECK(ring_map(&r, fd, 1) == -EPROTO);
	ctlwords[HEAD_WORD] = 0;
	CHECK(ring_map(&r, fd, 0) == 0);
	ring_unmap(&r);
	munmap(ctlwords, CTL);
	close(fd);
}

static void test_bad_create_and_map(void)
{
	struct ring r;
	int fd;

	CHECK(ring_create(1000) == -EINVAL);
	CHECK(ring_create(100) == -EINVAL);
	fd = memfd_create("x", 0);
	CHECK(ftruncate(fd, 8192) == 0);
	CHECK(ring_map(&r, fd, 0) == -EPROTO); /* no magic */
	close(fd);
	fd = ring_create(SIZE);
	CHECK(ftruncate(fd, 100) < 0); /* sealed */
	close(fd);
}

/* A ring whose control page names another layout or event schema is
 * refused: the engine must not read records it would misparse. */
static void test_version_checks(void)
{
	struct ring r;
	uint32_t *words;
	int fd = ring_create(SIZE);

	words = mmap(NULL, CTL, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(words != MAP_FAILED);
	CHECK(words[0] == RING_MAGIC && words[1] == RING_VERSION);
	CHECK(words[2] == LNR_SCHEMA_VERSION);
	words[2] = LNR_SCHEMA_VERSION + 1;
	CHECK(ring_map(&r, fd, 0) == -EPROTO);
	words[2] = LNR_SCHEMA_VERSION;
	words[1] = RING_VERSION + 1;
	CHECK(ring_map(&r, fd, 0) == -EPROTO);
	words[1] = RING_VERSION;
	CHECK(ring_map(&r, fd, 0) == 0);
	ring_unmap(&r);
	munmap(words, CTL);
	close(fd);
}

/* A record is copied out and its slot freed at once: what the producer
 * writes there afterwards cannot change it; one too long for the caller
 * is skipped, not half read. */
static void test_read_copies(void)
{
	struct ring prod, cons;
	uint8_t rec[100], out[100];
	uint32_t len;
	int fd = ring_create(SIZE);

	CHECK(ring_map(&prod, fd, 1) == 0);
	CHECK(ring_map(&cons, fd, 0) == 0);
	memset(rec, 1, sizeof(rec));
	CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	CHECK(ring_read(&cons, out, 50, &len) == -EMSGSIZE && len == 100);
	memset(rec, 2, sizeof(rec));
	CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 1 && len == 100);
	CHECK(ring_used(&prod) == 0);
	memset(rec, 3, sizeof(rec));
	CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	CHECK(out[0] == 2 && out[99] == 2);
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 1 && out[50] == 3);
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 0);
	ring_unmap(&prod);
	ring_unmap(&cons);
	close(fd);
}

/* Between engines the broker keeps a read index only where whole records
 * lead from it to the head: the backlog survives an honest crash, a
 * poisoned index does not survive at all. */
static void test_reset_consumer(void)
{
	struct ring prod, cons, broker;
	uint8_t rec[100], out[100];
	uint64_t *ctlwords;
	uint32_t len;
	int fd = ring_create(SIZE);

	CHECK(ring_map(&prod, fd, 1) == 0);
	CHECK(ring_map(&cons, fd, 0) == 0);
	CHECK(ring_map(&broker, fd, RING_BROKER) == 0);
	memset(rec, 4, sizeof(rec));
	for (int i = 0; i < 5; i++)
		CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 1);
	CHECK(ring_reset_consumer(&broker) == 0); /* 4 records still wait */
	ring_unmap(&cons);
	ctlwords = mmap(NULL, CTL, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ctlwords[TAIL_WORD] += 8; /* inside a record */
	CHECK(ring_reset_consumer(&broker) > 0);
	CHECK(ctlwords[TAIL_WORD] == ctlwords[HEAD_WORD]); /* at the head */
	CHECK(ring_consumer_ok(&broker));
	ctlwords[TAIL_WORD] = 0xfffffffffff00000ull;
	CHECK(!ring_consumer_ok(&broker)); /* what the broker restarts for */
	CHECK(ring_reset_consumer(&broker) > 0);
	CHECK(ring_consumer_ok(&broker));
	CHECK(ring_map(&cons, fd, 0) == 0);
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 0);
	CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 1 && len == 100);
	munmap(ctlwords, CTL);
	ring_unmap(&broker);
	ring_unmap(&cons);
	ring_unmap(&prod);
	close(fd);
}

/*
 * A held consumer publishes its read index at ring_release, or by itself
 * once an eighth of the ring waits; a successor of one that dies before
 * either reads the held records again.
 */
static void test_hold(void)
{
	struct ring prod, cons, next;
	uint8_t rec[100], out[100];
	uint64_t used, per;
	uint32_t len, reads = 0;
	int fd = ring_create(SIZE);

	CHECK(ring_map(&prod, fd, RING_PRODUCER) == 0);
	CHECK(ring_map(&cons, fd, RING_CONSUMER) == 0);
	ring_hold(&cons);
	for (uint32_t i = 0; i < 8; i++) {
		fill(rec, sizeof(rec), i);
		CHECK(ring_put(&prod, rec, sizeof(rec)) == 0);
	}
	used = ring_used(&prod);
	per = used / 8;
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 1 &&
	      same(out, len, 0));
	CHECK(ring_read(&cons, out, sizeof(out), &len) == 1 &&
	      same(out, len, 1));
	CHECK(ring_used(&prod) == used);
	CHECK(ring_map(&next, fd, RING_CONSUMER) == 0);
	ring_hold(&next);
	CHECK(ring_read(&next, out, sizeof(out), &len) == 1 &&
	      same(out, len, 0));
	ring_unmap(&next);
	ring_release(&cons);
	CHECK(ring_used(&prod) == used - 2 * per);
	while (ring_used(&prod) == used - 2 * per &&
	       ring_read(&cons, out, sizeof(out), &len) == 1)
		reads++;
	CHECK(reads * per >= SIZE / 8 && (reads - 1) * per < SIZE / 8);
	CHECK(ring_used(&prod) == used - (2 + reads) * per);
	ring_unmap(&cons);
	ring_unmap(&prod);
	close(fd);
}

/* Neither side can write the other's index: the consumer's view of the
 * producer's page is read-only, and the other way round. */
static int ring_fd_for_children;

/* The kernel's fault, not a sanitizer's report of it. */
static void default_segv(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};

	sigaction(SIGSEGV, &sa, NULL);
}

static int consumer_writes_head(void)
{
	struct ring r;

	if (ring_map(&r, ring_fd_for_children, RING_CONSUMER) < 0)
		return 10;
	default_segv();
	((volatile uint64_t *)(void *)r.ctl)[HEAD_WORD] = 8;
	return 0; /* not reached */
}

static int producer_writes_tail(void)
{
	struct ring r;

	if (ring_map(&r, ring_fd_for_children, RING_PRODUCER) < 0)
		return 10;
	default_segv();
	((volatile uint64_t *)(void *)r.cons)[0] = 8;
	return 0; /* not reached */
}

static void test_sides_apart(void)
{
	ring_fd_for_children = ring_create(SIZE);
	CHECK(check_child_signal(consumer_writes_head) == SIGSEGV);
	CHECK(check_child_signal(producer_writes_tail) == SIGSEGV);
	close(ring_fd_for_children);
}

int main(void)
{
	test_sides_apart();
	test_reset_consumer();
	test_hold();
	test_read_copies();
	test_order_and_wrap();
	test_full_and_oversize();
	test_hostile_tail();
	test_hostile_head();
	test_misaligned_index();
	test_bad_create_and_map();
	test_version_checks();
	return check_done();
}
