/*
 * The alert queue: sequence numbers, acknowledgement, redelivery after a
 * worker restart, and what a full queue drops (by count and by bytes):
 * the least severe alert first, among equals the oldest not yet sent,
 * counted per priority.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "queue.h"

static char copied[256];

static uint64_t push_prio(struct queue *q, const char *s, enum priority p)
{
	return queue_push(q, s, strlen(s) + 1, p);
}

static uint64_t push_str(struct queue *q, const char *s)
{
	return push_prio(q, s, PRIO_WARNING);
}

/* The next unsent body, copied into copied[], or NULL. */
static const char *next_unsent(struct queue *q, uint64_t *seq, size_t *len)
{
	*seq = queue_next_unsent(q, len);
	if (!*seq || *len > sizeof(copied))
		return NULL;
	queue_copy_unsent(q, copied);
	return copied;
}

/* Sends everything unsent; returns how many and the last seq. */
static int send_all(struct queue *q, uint64_t *last)
{
	uint64_t seq;
	size_t len;
	int n = 0;

	while (next_unsent(q, &seq, &len)) {
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

	CHECK(queue_init(&q, 8, 1024, 16) == 0);
	CHECK(push_str(&q, "one") == 1);
	CHECK(push_str(&q, "two") == 2);
	body = next_unsent(&q, &seq, &len);
	CHECK(body && seq == 1 && len == 4 && strcmp(body, "one") == 0);
	queue_sent(&q, 1);
	CHECK(queue_in_flight(&q) == 1);
	body = next_unsent(&q, &seq, &len);
	CHECK(body && seq == 2 && strcmp(body, "two") == 0);
	queue_sent(&q, 2);
	CHECK(next_unsent(&q, &seq, &len) == NULL);
	queue_ack(&q, 1);
	CHECK(q.count == 1);
	/* An ack beyond what was sent acknowledges only what was sent. */
	CHECK(push_str(&q, "three") == 3);
	queue_ack(&q, 99);
	CHECK(q.count == 1);
	body = next_unsent(&q, &seq, &len);
	CHECK(body && seq == 3 && strcmp(body, "three") == 0);
	queue_free(&q);
}

static void test_redelivery(void)
{
	struct queue q;
	uint64_t last = 0, seq = 0;
	const char *body;
	size_t len;

	CHECK(queue_init(&q, 8, 1024, 16) == 0);
	push_str(&q, "a");
	push_str(&q, "b");
	push_str(&q, "c");
	CHECK(send_all(&q, &last) == 3 && last == 3);
	queue_ack(&q, 1);
	/* The worker restarts: b and c go again, in order. */
	queue_rewind(&q);
	CHECK(queue_in_flight(&q) == 0 && q.redelivered == 2);
	body = next_unsent(&q, &seq, &len);
	CHECK(body && seq == 2 && strcmp(body, "b") == 0);
	CHECK(send_all(&q, &last) == 2 && last == 3);
	queue_ack(&q, 3);
	CHECK(q.count == 0);
	queue_rewind(&q);
	CHECK(next_unsent(&q, &seq, &len) == NULL && q.redelivered == 2);
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

	CHECK(queue_init(&q, 4, 1024, 16) == 0);
	for (int i = 0; i < 10; i++) {
		snprintf(s, sizeof(s), "m%d", i);
		CHECK(push_str(&q, s) == (uint64_t)i + 1);
	}
	CHECK(q.count == 4);
	CHECK(queue_dropped(&q) == 6 && q.dropped[PRIO_WARNING] == 6);
	body = next_unsent(&q, &seq, &len);
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

	/* 100 bytes in 20-byte cells hold two 40-byte bodies. */
	CHECK(queue_init(&q, 16, 100, 20) == 0);
	for (int i = 0; i < 20; i++) {
		memset(big, 'a' + i, sizeof(big));
		CHECK(queue_push(&q, big, sizeof(big), PRIO_ERROR) ==
		      (uint64_t)i + 1);
		CHECK(q.count <= 2);
	}
	CHECK(q.dropped[PRIO_ERROR] == 18);
	/* The two newest survive intact. */
	body = next_unsent(&q, &seq, &len);
	memset(out, 'a' + 18, sizeof(out));
	CHECK(body && seq == 19 && len == 40 && memcmp(body, out, 40) == 0);
	queue_sent(&q, seq);
	body = next_unsent(&q, &seq, &len);
	memset(out, 'a' + 19, sizeof(out));
	CHECK(body && seq == 20 && memcmp(body, out, 40) == 0);
	/* Too big to ever fit: refused and counted, nothing dropped. */
	CHECK(queue_push(&q, big, 101, PRIO_EMERGENCY) == 0);
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

	CHECK(queue_init(&q, 8, 200, 16) == 0);
	for (int i = 0; i < 1000; i++) {
		size_t n = (size_t)(1 + (i * 37) % 63);
		uint64_t seq = 0, s;
		const uint8_t *b;
		size_t len;

		memset(buf, i & 0xff, n);
		seq = queue_push(&q, buf, n, (enum priority)(i % PRIO_COUNT));
		while ((b = (const uint8_t *)next_unsent(&q, &s, &len))) {
			for (size_t k = 0; k < len; k++)
				bad += b[k] != (uint8_t)((s - 1) & 0xff);
			queue_sent(&q, s);
		}
		if (i % 3 == 0)
			queue_ack(&q, seq);
	}
	CHECK(bad == 0);
	queue_free(&q);
}

/* Pushes body "sN" for seq N at priority p; checks the seq. */
static void push_n(struct queue *q, uint64_t n, enum priority p, uint64_t want)
{
	char s[16];

	snprintf(s, sizeof(s), "s%llu", (unsigned long long)n);
	CHECK(push_prio(q, s, p) == want);
}

/* Sends everything; checks the seqs come in the order given. */
static void expect_unsent(struct queue *q, const uint64_t *want, int n)
{
	uint64_t seq = 0;
	size_t len;
	int i = 0;

	while (next_unsent(q, &seq, &len)) {
		CHECK(i < n && seq == want[i]);
		queue_sent(q, seq);
		i++;
	}
	CHECK(i == n);
}

static void test_drop_least_severe(void)
{
	static const uint64_t left[] = {1, 3, 5, 7};
	struct queue q;

	CHECK(queue_init(&q, 4, 1024, 16) == 0);
	push_n(&q, 1, PRIO_WARNING, 1);
	push_n(&q, 2, PRIO_DEBUG, 2);
	push_n(&q, 3, PRIO_ERROR, 3);
	push_n(&q, 4, PRIO_DEBUG, 4);
	/* Full: the oldest Debug alert (2) makes room for a Notice. */
	push_n(&q, 5, PRIO_NOTICE, 5);
	/* Among equals the oldest goes (4), not the new one. */
	push_n(&q, 6, PRIO_DEBUG, 6);
	push_n(&q, 7, PRIO_INFORMATIONAL, 7);
	CHECK(q.dropped[PRIO_DEBUG] == 3);
	/* Everything queued is more severe: the new Debug alert is dropped. */
	push_n(&q, 8, PRIO_DEBUG, 0);
	CHECK(q.dropped[PRIO_DEBUG] == 4 && queue_dropped(&q) == 4);
	CHECK(q.count == 4 && q.refused == 0);
	expect_unsent(&q, left, 4);
	queue_free(&q);
}

/* A severe alert needing many cells pushes out several small ones, but
 * never one more severe than itself. */
static void test_drop_by_bytes(void)
{
	static const uint64_t left[] = {4, 5, 6};
	char big[60];
	struct queue q;

	memset(big, 'x', sizeof(big));
	CHECK(queue_init(&q, 16, 100, 10) == 0);
	for (uint64_t i = 1; i <= 5; i++) /* 2 cells each: full */
		CHECK(queue_push(&q, big, 20, PRIO_DEBUG) == i);
	CHECK(queue_push(&q, big, 50, PRIO_CRITICAL) == 6);
	CHECK(q.dropped[PRIO_DEBUG] == 3 && q.count == 3);
	/* 6 cells: only 5 could be freed without touching Critical. */
	CHECK(queue_push(&q, big, 60, PRIO_ERROR) == 0);
	CHECK(q.dropped[PRIO_ERROR] == 1 && q.dropped[PRIO_DEBUG] == 3);
	CHECK(q.count == 3);
	expect_unsent(&q, left, 3);
	queue_free(&q);
}

/* Dropping an alert already sent keeps the in-flight count right. */
static void test_drop_in_flight(void)
{
	static const uint64_t none[] = {0};
	uint64_t last = 0, seq = 0;
	struct queue q;
	size_t len;

	CHECK(queue_init(&q, 3, 1024, 16) == 0);
	push_str(&q, "a");
	push_str(&q, "b");
	push_str(&q, "c");
	CHECK(send_all(&q, &last) == 3 && queue_in_flight(&q) == 3);
	CHECK(push_prio(&q, "d", PRIO_ERROR) == 4);
	CHECK(queue_in_flight(&q) == 2 && q.dropped[PRIO_WARNING] == 1);
	CHECK(next_unsent(&q, &seq, &len) && seq == 4);
	queue_ack(&q, 4); /* only what was sent: b and c */
	CHECK(q.count == 1 && queue_in_flight(&q) == 0);
	CHECK(send_all(&q, &last) == 1 && last == 4);
	queue_ack(&q, 4);
	CHECK(q.count == 0);
	expect_unsent(&q, none, 0);
	/* Freed slots and cells are used again. */
	for (int i = 0; i < 100; i++)
		CHECK(push_str(&q, "again") == (uint64_t)i + 5);
	queue_free(&q);
}

/* A full queue drops the oldest alert the worker does not hold yet, so
 * one it delivers later was not counted as lost; the ACK then releases
 * the in-flight ones and what is left is sent in order. */
static void test_drop_unsent_first(void)
{
	uint64_t seq = 0;
	struct queue q;
	size_t len;

	CHECK(queue_init(&q, 4, 1024, 16) == 0);
	for (int i = 0; i < 4; i++)
		push_str(&q, "x");
	next_unsent(&q, &seq, &len);
	queue_sent(&q, seq);
	next_unsent(&q, &seq, &len);
	queue_sent(&q, seq); /* 1 and 2 are in flight */
	CHECK(push_str(&q, "y") == 5);
	CHECK(push_str(&q, "z") == 6);
	/* 3 and 4 went, not 1 and 2 */
	CHECK(q.dropped[PRIO_WARNING] == 2 && queue_in_flight(&q) == 2);
	CHECK(q.count == 4);
	queue_ack(&q, 2);
	CHECK(q.count == 2 && queue_in_flight(&q) == 0);
	expect_unsent(&q, (const uint64_t[]){5, 6}, 2);
	queue_free(&q);
}

/* Runs queue_log_drops with stderr in a file; returns what it wrote. */
static const char *log_drops(struct queue *q, uint64_t now)
{
	check_stderr_begin();
	queue_log_drops(q, "test queue", now);
	return check_stderr_end();
}

/* Drops are logged with the count per priority since the last line,
 * one line per period at most. */
static void test_drop_log(void)
{
	struct queue q;

	log_init("test_queue", LOG_LVL_INFO);
	CHECK(queue_init(&q, 2, 1024, 16) == 0);
	CHECK(strcmp(log_drops(&q, RATELOG_PERIOD_NS), "") == 0);
	push_prio(&q, "a", PRIO_NOTICE);
	push_prio(&q, "b", PRIO_DEBUG);
	push_prio(&q, "c", PRIO_NOTICE); /* drops b */
	push_prio(&q, "d", PRIO_DEBUG);	 /* dropped */
	push_prio(&q, "e", PRIO_ERROR);	 /* drops a */
	CHECK(strstr(log_drops(&q, RATELOG_PERIOD_NS),
		     "warning: test queue full: dropped 3 alerts since the "
		     "last report (Notice 1, Debug 2), 3 in all\n"));
	push_prio(&q, "f", PRIO_ERROR); /* drops c */
	CHECK(strcmp(log_drops(&q, RATELOG_PERIOD_NS + 1), "") == 0);
	CHECK(strstr(log_drops(&q, 2 * RATELOG_PERIOD_NS),
		     "dropped 1 alerts since the last report (Notice 1), 4 "
		     "in all\n"));
	queue_free(&q);
}

/* One line per period at most, counting what happened in between. */
static void test_ratelog(void)
{
	struct ratelog r;

	ratelog_init(&r, 10);
	CHECK(ratelog_due(&r, 0, 100) == 0);
	CHECK(ratelog_due(&r, 3, 100) == 3); /* the first drops at once */
	CHECK(ratelog_due(&r, 2, 105) == 0);
	CHECK(ratelog_due(&r, 4, 109) == 0);
	CHECK(ratelog_due(&r, 0, 110) == 6); /* a quiet tick reports them */
	CHECK(ratelog_due(&r, 0, 200) == 0);
	CHECK(ratelog_due(&r, 1, 201) == 1);
	CHECK(r.count == 10);
}

int main(void)
{
	test_seq_ack();
	test_redelivery();
	test_overflow_count();
	test_overflow_bytes();
	test_mixed_sizes();
	test_drop_least_severe();
	test_drop_by_bytes();
	test_drop_in_flight();
	test_drop_unsent_first();
	test_ratelog();
	test_drop_log();
	return check_done();
}
