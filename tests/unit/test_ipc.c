/*
 * The nanomsg channel between the broker and a child: a message goes
 * both ways intact, a receive with nothing to read waits no longer than
 * asked, and what is malformed or larger than MSG_MAX_SIZE is refused on
 * either side.
 */
#include <errno.h>
#include <nanomsg/nn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ipc.h"

#define WAIT_MS 2000 /* far longer than a local round trip takes */

static uint8_t out_buf[4096];

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Sends are bounded too, so a broken channel fails the test, not hangs. */
static void bound_send(int sock)
{
	int tmo = WAIT_MS;

	CHECK(nn_setsockopt(sock, NN_SOL_SOCKET, NN_SNDTIMEO, &tmo,
			    sizeof(tmo)) == 0);
}

static void test_round_trip(int srv, int cli)
{
	struct msg_out m;
	struct msg_in in;
	const char *why = NULL;
	void *raw;

	msg_begin(&m, out_buf, sizeof(out_buf), MSG_HELLO, 7);
	msg_add_u32(&m, 1234);
	msg_add_str(&m, "lanner-output");
	CHECK(msg_finish(&m) > 0);
	CHECK(ipc_send(cli, &m, 0) == 0);
	CHECK(ipc_recv(srv, &in, &raw, WAIT_MS, &why) == 0);
	CHECK(in.hdr.type == MSG_HELLO && in.hdr.seq == 7);
	CHECK(msg_get_u32(&in) == 1234);
	CHECK(strcmp(msg_get_str(&in), "lanner-output") == 0);
	CHECK(msg_end(&in) == 0);
	ipc_free(raw);

	msg_begin(&m, out_buf, sizeof(out_buf), MSG_ACK, 0);
	msg_add_u64(&m, 1ull << 40);
	CHECK(msg_finish(&m) > 0);
	CHECK(ipc_send(srv, &m, 0) == 0);
	CHECK(ipc_recv(cli, &in, &raw, -1, &why) == 0);
	CHECK(in.hdr.type == MSG_ACK && msg_get_u64(&in) == 1ull << 40);
	CHECK(msg_end(&in) == 0);
	ipc_free(raw);
}

static void test_timeouts(int srv)
{
	struct timespec t0;
	struct msg_in in;
	const char *why = NULL;
	void *raw = out_buf;
	long ms;

	CHECK(ipc_recv(srv, &in, &raw, 0, &why) == -EAGAIN);
	CHECK(raw == NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(ipc_recv(srv, &in, &raw, 100, &why) == -ETIMEDOUT);
	ms = elapsed_ms(&t0);
	CHECK(ms >= 90 && ms < WAIT_MS);
}

/* A header that lies, as a hostile child would send it. */
static void test_malformed(int srv, int cli)
{
	struct msg_hdr h = {.len = sizeof(h), .type = MSG_ACK, .version = 99};
	struct msg_in in;
	const char *why = NULL;
	void *raw;

	CHECK(nn_send(cli, &h, sizeof(h), 0) == (int)sizeof(h));
	CHECK(ipc_recv(srv, &in, &raw, WAIT_MS, &why) == -EPROTO);
	CHECK(why && strstr(why, "version"));
	h.version = MSG_VERSION;
	h.len = sizeof(h) + 8;
	CHECK(nn_send(cli, &h, sizeof(h), 0) == (int)sizeof(h));
	CHECK(ipc_recv(srv, &in, &raw, WAIT_MS, &why) == -EPROTO);
	CHECK(why && strstr(why, "length"));
	h.len = sizeof(h);
	h.type = MSG_TYPE_COUNT;
	CHECK(nn_send(cli, &h, sizeof(h), 0) == (int)sizeof(h));
	CHECK(ipc_recv(srv, &in, &raw, WAIT_MS, &why) == -EPROTO);
	CHECK(why && strstr(why, "unknown message type"));
}

static void test_too_large(int srv, int cli)
{
	size_t big = MSG_MAX_SIZE + 1;
	uint8_t *blob = calloc(1, big);
	struct msg_hdr h = {.type = MSG_STATS, .version = MSG_VERSION};
	struct msg_out m;
	struct msg_in in;
	const char *why = NULL;
	void *raw;

	CHECK(blob != NULL);
	if (!blob)
		return;
	/* The codec will not write a message past the limit. */
	msg_begin(&m, blob, big, MSG_STATS, 0);
	msg_add_bytes(&m, blob, MSG_MAX_SIZE);
	CHECK(msg_finish(&m) == -EMSGSIZE);
	CHECK(ipc_send(cli, &m, 0) == -EMSGSIZE);
	/* The largest message that may be sent gets through... */
	h.len = MSG_MAX_SIZE;
	memcpy(blob, &h, sizeof(h));
	CHECK(nn_send(cli, blob, MSG_MAX_SIZE, 0) == (int)MSG_MAX_SIZE);
	CHECK(ipc_recv(srv, &in, &raw, WAIT_MS, &why) == 0);
	ipc_free(raw);
	/* ...one byte more from a peer that bypasses the codec does not. */
	h.len = (uint32_t)big;
	memcpy(blob, &h, sizeof(h));
	CHECK(nn_send(cli, blob, big, 0) == (int)big);
	CHECK(ipc_recv(srv, &in, &raw, 300, &why) == -ETIMEDOUT);
	free(blob);
}

int main(void)
{
	char dir[] = "/tmp/lanner-ipc.XXXXXX", url[64], path[64];
	int srv, cli;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(url, sizeof(url), "ipc://%s/t.ipc", dir);
	snprintf(path, sizeof(path), "%s/t.ipc", dir);
	srv = ipc_listen(url);
	cli = ipc_connect(url);
	CHECK(srv >= 0 && cli >= 0);
	CHECK(ipc_recv_fd(srv) >= 0);
	CHECK(ipc_connect("nosuch://x") < 0);
	bound_send(srv);
	bound_send(cli);
	test_round_trip(srv, cli);
	test_timeouts(srv);
	test_malformed(srv, cli);
	test_too_large(srv, cli);
	ipc_close(cli);
	ipc_close(srv);
	unlink(path);
	rmdir(dir);
	return check_done();
}
