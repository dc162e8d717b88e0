/*
 * The per-channel alert queue: sequence numbers, acknowledgement,
 * redelivery after a worker restart, and dropping the oldest alert when
 * full (by count and by bytes), with the drops counted.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "queue.h"

static uint64_t push_str(struct queue *q, const char *s)
{
	return queue_push(q, s, strlen(s) + 1);
}

/* Sends everything unsent; returns how many and the last seq. */
static int send_all(struct queue *q, uint64_t *last)
{
	uint64_t seq;
	size_t len;
	int n = 0;

	while (queue_next_unsent(q, &seq, &len)) {
		queue_sent(q, seq);
		*last = seq;
		n++;
	}
	return n;
}

static void test_seq_ack(void)
{
	struct queue q;
	const char *body;
	uint64_t seq = 0;
	size_t len;

	CHECK(queue_init(&q, 8, 1024) == 0);
	CHECK(push_str(&q, "one") == 1);
	CHECK(push_str(&q, "two") == 2);
	body = queue_next_unsent(&q, &seq, &len);
	CHECK(body && seq == 1 && len == 4 && strcmp(body, "one") == 0);
	queue_sent(&q, 1);
	CHECK(queue_in_flight(&q) == 1);
	body = queue_next_unsent(&q, &seq, &len);
	CHECK(body && seq == 2 && strcmp(body, "two") == 0);
	queue_sent(&q, 2);
	CHECK(queue_next_unsent(&q, &seq, &len) == NULL);
	queue_ack(&q, 1);
	CHECK(q.count == 1);
	/* An ack beyond what was sent acknowledges only what was sent. */
	CHECK(push_str(&q, "three") == 3);
	queue_ack(&q, 99);
	CHECK(q.count == 1);
	body = queue_next_unsent(&q, &seq, &len);
	CHECK(body && seq == 3 && strcmp(body, "three") == 0);
	queue_free(&q);
}

static void test_redelivery(void)
{
	struct queue q;
	uint64_t last = 0, seq = 0;
	const char *body;
	size_t len;

	CHECK(queue_init(&q, 8, 1024) == 0);
	push_str(&q, "a");
	push_str(&q, "b");
	push_str(&q, "c");
	CHECK(send_all(&q, &last) == 3 && last == 3);
	queue_ack(&q, 1);
	/* The worker restarts: b and c go again, in order. */
	queue_rewind(&q);
	CHECK(queue_in_flight(&q) == 0);
	body = queue_next_unsent(&q, &seq, &len);
	CHECK(body && seq == 2 && strcmp(body, "b") == 0);
	CHECK(send_all(&q, &last) == 2 && last == 3);
	queue_ack(&q, 3);
	CHECK(q.count == 0);
	queue_rewind(&q);
	CHECK(queue_next_unsent(&q, &seq, &len) == NULL);
	CHECK(push_str(&q, "d") == 4);
	queue_free(&q);
}

static void test_overflow_count(void)
{
	struct queue q;
	uint64_t seq = 0;
	const char *body;
	size_t len;
	char s[8];

	CHECK(queue_init(&q, 4, 1024) == 0);
	for (int i = 0; i < 10; i++) {
		snprintf(s, sizeof(s), "m%d", i);
		CHECK(push_str(&q, s) == (uint64_t)i + 1);
	}
	CHECK(q.count == 4);
	CHECK(q.dropped == 6);
	body = queue_next_unsent(&q, &seq, &len);
	CHECK(body && seq == 7 && strcmp(body, "m6") == 0);
	queue_free(&q);
}

static void test_overflow_bytes(void)
{
	char big[40], out[40];
	struct queue q;
	uint64_t seq = 0, last = 0;
	const char *body;
	size_t len;

	/* 100 bytes hold two 40-byte bodies; the ring wraps around. */
	CHECK(queue_init(&q, 16, 100) == 0);
	for (int i = 0; i < 20; i++) {
		memset(big, 'a' + i, sizeof(big));
		CHECK(queue_push(&q, big, sizeof(big)) == (uint64_t)i + 1);
		CHECK(q.count <= 2);
	}
	CHECK(q.dropped == 18);
	/* The two newest survive intact. */
	body = queue_next_unsent(&q, &seq, &len);
	memset(out, 'a' + 18, sizeof(out));
	CHECK(body && seq == 19 && len == 40 && memcmp(body, out, 40) == 0);
	queue_sent(&q, seq);
	body = queue_next_unsent(&q, &seq, &len);
	memset(out, 'a' + 19, sizeof(out));
	CHECK(body && seq == 20 && memcmp(body, out, 40) == 0);
	/* Too big to ever fit: refused and counted, nothing dropped. */
	CHECK(queue_push(&q, big, 100) == 0);
	CHECK(q.refused == 1 && q.count == 2);
	CHECK(send_all(&q, &last) == 1 && last == 20);
	queue_free(&q);
}

/* Many mixed sizes: every body read back matches what was pushed. */
static void test_mixed_sizes(void)
{
	struct queue q;
	uint8_t buf[64];
	int bad = 0;

	CHECK(queue_init(&q, 8, 200) == 0);
	for (int i = 0; i < 1000; i++) {
		size_t n = (size_t)(1 + (i * 37) % 63);
		uint64_t seq = 0, s;
		const uint8_t *body;
		size_t len;

		memset(buf, i & 0xff, n);
		seq = queue_push(&q, buf, n);
		while ((body = queue_next_unsent(&q, &s, &len))) {
			for (size_t k = 0; k < len; k++)
				bad += body[k] != (uint8_t)((s - 1) & 0xff);
			queue_sent(&q, s);
		}
		if (i % 3 == 0)
			queue_ack(&q, seq);
	}
	CHECK(bad == 0);
	queue_free(&q);
}

int main(void)
{
	test_seq_ack();
	test_redelivery();
	test_overflow_count();
	test_overflow_bytes();
	test_mixed_sizes();
	return check_done();
}
