/*
 * The engine's alert publisher against a broker that stops reading: sends
 * never block, alerts wait in the backlog in order, and all of them arrive
 * once the broker reads again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/ipc.h"
#include "engine/publish.h"

#define N_ALERTS 3000

static char outbuf[2048];

static void fill(struct alert *a, int i)
{
	memset(a, 0, sizeof(*a));
	snprintf(outbuf, sizeof(outbuf), "alert %d %0*d", i, 1000, 0);
	a->rule = "Test rule";
	a->source = "syscall";
	a->hostname = "h";
	a->priority = PRIO_WARNING;
	a->output = outbuf;
}

int main(void)
{
	char url[128];
	struct publisher p;
	static struct alert a;
	int broker, engine, received = 0, in_order = 1;
	uint64_t last = 0;

	snprintf(url, sizeof(url), "ipc:///tmp/lanner-test-publish-%d.ipc",
		 (int)getpid());
	broker = ipc_listen(url);
	engine = ipc_connect(url);
	CHECK(broker >= 0 && engine >= 0);
	CHECK(publish_init(&p, engine) == 0);

	/* The broker reads nothing while the engine publishes. */
	for (int i = 0; i < N_ALERTS; i++) {
		fill(&a, i);
		CHECK(publish_alert(&p, &a) == 0);
	}
	CHECK(p.dropped == 0);
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
	publish_free(&p);
	ipc_close(engine);
	ipc_close(broker);
	unlink(url + strlen("ipc://"));
	return check_done();
}
