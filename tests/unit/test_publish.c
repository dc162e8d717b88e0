/*
 * The engine's alert publisher against a broker that stops reading: sends
 * never block, alerts wait in the backlog in order, and all of them arrive
 * once the broker reads again. When the backlog is full the least severe
 * alerts go first, and the drops are counted and logged. The engine
 * counts its alerts safe only once the broker confirms them, in order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/ipc.h"
#include "common/log.h"
#include "engine/publish.h"

#define N_ALERTS 3000

static char outbuf[2048];

static void fill_prio(struct alert *a, int i, enum priority prio)
{
	memset(a, 0, sizeof(*a));
	snprintf(outbuf, sizeof(outbuf), "alert %d %0*d", i, 1000, 0);
	a->rule = "Test rule";
	a->source = "syscall";
	a->hostname = "h";
	a->priority = prio;
	a->output = outbuf;
}

static void fill(struct alert *a, int i)
{
	fill_prio(a, i, PRIO_WARNING);
}

static int broker, engine;
static char url[128];

static void channel_open(void)
{
	snprintf(url, sizeof(url), "ipc:///tmp/lanner-test-publish-%d.ipc",
		 (int)getpid());
	broker = ipc_listen(url);
	engine = ipc_connect(url);
	CHECK(broker >= 0 && engine >= 0);
}

static void channel_close(void)
{
	ipc_close(engine);
	ipc_close(broker);
	unlink(url + strlen("ipc://"));
}

static void test_backlog_in_order(void)
{
	struct publisher p;
	static struct alert a;
	int received = 0, in_order = 1;
	uint64_t last = 0;

	channel_open();
	CHECK(publish_init(&p, engine, PUBLISH_BACKLOG_BYTES) == 0);

	/* The broker reads nothing while the engine publishes. */
	for (int i = 0; i < N_ALERTS; i++) {
		fill(&a, i);
		CHECK(publish_alert(&p, &a) == 0);
	}
	CHECK(publish_dropped(&p) == 0);
	CHECK(publish_pending(&p) > 0); /* the channel filled up */

	/* It reads again: everything arrives, in order. */
	while (received < N_ALERTS) {
		const char *why = NULL;
		struct msg_in m;
		void *raw;
		int r;

		publish_flush(&p);
		r = ipc_recv(broker, &m, &raw, 2000, &why);
		CHECK(r == 0);
		if (r < 0)
			break;
		CHECK(m.hdr.type == MSG_ALERT && alert_decode(&m, &a) == 0);
		if (m.hdr.seq != last + 1)
			in_order = 0;
		last = m.hdr.seq;
		received++;
		ipc_free(raw);
	}
	CHECK(in_order && received == N_ALERTS);
	CHECK(publish_pending(&p) == 0 && p.sent == N_ALERTS);
	CHECK(!publish_all_taken(&p));
	publish_taken(&p, last);
	CHECK(publish_all_taken(&p));
	publish_free(&p);
	channel_close();
}

/* Reads want alerts, or fewer if none comes for 5 s; counts them by
 * priority. The publisher retries its backlog meanwhile: the channel
 * may still be connecting. */
static int drain(struct publisher *p, int *by_prio, int want)
{
	static struct alert a;
	uint64_t last = 0;
	int n = 0, in_order = 1, idle = 0;

	while (n < want && idle < 50) {
		const char *why = NULL;
		struct msg_in m;
		void *raw;

		publish_flush(p);
		if (ipc_recv(broker, &m, &raw, 100, &why) < 0) {
			idle++;
			continue;
		}
		idle = 0;
		CHECK(m.hdr.type == MSG_ALERT && alert_decode(&m, &a) == 0);
		if (m.hdr.seq <= last)
			in_order = 0;
		last = m.hdr.seq;
		by_prio[a.priority]++;
		n++;
		ipc_free(raw);
	}
	CHECK(in_order);
	return n;
}

/* Where stderr goes while the drops are logged. */
static FILE *capture_stderr(int *saved)
{
	FILE *f = tmpfile();

	CHECK(f != NULL);
	fflush(stderr);
	*saved = dup(2);
	dup2(fileno(f), 2);
	return f;
}

static int stderr_has(FILE *f, int saved, const char *text)
{
	char line[512];
	int found = 0;

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	while (fgets(line, sizeof(line), f))
		found |= strstr(line, text) != NULL;
	fclose(f);
	return found;
}

/* A 64 KiB backlog overflows: Warnings push out the oldest Warnings,
 * Debug alerts are dropped when everything waiting is more severe, and
 * a Critical alert always finds room. */
static void test_backlog_full(void)
{
	static struct alert a;
	struct publisher p;
	int by_prio[PRIO_COUNT] = {0}, i = 0, saved, n;
	uint64_t dropped_warn;
	FILE *err;

	channel_open();
	log_init("test_publish", LOG_LVL_INFO);
	CHECK(publish_init(&p, engine, 64u << 10) == 0);
	/* One alert through first: the channel is connected. */
	fill(&a, i++);
	publish_alert(&p, &a);
	CHECK(drain(&p, by_prio, 1) == 1);
	err = capture_stderr(&saved);
	while (publish_pending(&p) == 0 && i < 100000) {
		fill(&a, i++);
		publish_alert(&p, &a);
	}
	for (int k = 0; k < 200; k++) {
		fill(&a, i++);
		CHECK(publish_alert(&p, &a) == 0);
	}
	dropped_warn = p.backlog.dropped[PRIO_WARNING];
	CHECK(dropped_warn > 0);
	for (int k = 0; k < 10; k++) {
		fill_prio(&a, i++, PRIO_DEBUG);
		CHECK(publish_alert(&p, &a) == -ENOBUFS);
	}
	CHECK(p.backlog.dropped[PRIO_DEBUG] == 10);
	fill_prio(&a, i++, PRIO_CRITICAL);
	CHECK(publish_alert(&p, &a) == 0);
	CHECK(p.backlog.dropped[PRIO_WARNING] > dropped_warn);
	CHECK(publish_dropped(&p) == p.backlog.dropped[PRIO_WARNING] + 10);
	CHECK(stderr_has(err, saved, "alert backlog to the broker full"));

	n = 1 + drain(&p, by_prio, i - 1 - (int)publish_dropped(&p));
	CHECK((uint64_t)n + publish_dropped(&p) == (uint64_t)i);
	CHECK(by_prio[PRIO_CRITICAL] == 1 && by_prio[PRIO_DEBUG] == 0);
	CHECK(publish_pending(&p) == 0);
	publish_free(&p);
	channel_close();
}

/* Receives one alert as the broker does: its number. The publisher
 * retries meanwhile: the channel may still be connecting. */
static uint64_t receive_seq(struct publisher *p)
{
	uint64_t seq = 0;

	for (int tries = 0; tries < 50 && !seq; tries++) {
		const char *why = NULL;
		struct msg_in m;
		void *raw;

		publish_flush(p);
		if (ipc_recv(broker, &m, &raw, 100, &why) < 0)
			continue;
		CHECK(m.hdr.type == MSG_ALERT);
		seq = m.hdr.seq;
		ipc_free(raw);
	}
	CHECK(seq != 0);
	return seq;
}

/* Sent is not safe: only the broker's word on the last one is. A number
 * beyond what was sent, or an older one, confirms nothing more. */
static void test_taken(void)
{
	static struct alert a;
	struct publisher p;
	uint64_t first, second, third;

	channel_open();
	CHECK(publish_init(&p, engine, PUBLISH_BACKLOG_BYTES) == 0);
	CHECK(publish_all_taken(&p)); /* nothing sent yet */
	for (int i = 0; i < 3; i++) {
		fill(&a, i);
		CHECK(publish_alert(&p, &a) == 0);
	}
	first = receive_seq(&p);
	second = receive_seq(&p);
	third = receive_seq(&p);
	CHECK(first == 1 && second == 2 && third == 3);
	CHECK(publish_pending(&p) == 0 && !publish_all_taken(&p));
	publish_taken(&p, second);
	CHECK(!publish_all_taken(&p));
	publish_taken(&p, third + 1);
	CHECK(!publish_all_taken(&p));
	publish_taken(&p, first);
	CHECK(!publish_all_taken(&p));
	publish_taken(&p, third);
	CHECK(publish_all_taken(&p));

	fill(&a, 3);
	CHECK(publish_alert(&p, &a) == 0);
	CHECK(!publish_all_taken(&p));
	publish_taken(&p, receive_seq(&p));
	CHECK(publish_all_taken(&p));
	publish_free(&p);
	channel_close();
}

int main(void)
{
	test_taken();
	test_backlog_in_order();
	test_backlog_full();
	return check_done();
}
