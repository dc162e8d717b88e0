/*
 * The broker channel of the capture process. capture uses no
 * configuration item today; it reads them to the end so the handshake
 * is the same as every child's.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "ipc.h"
#include "log.h"
#include "msg.h"

static uint64_t ctl_seq;

static int send_hello(int sock)
{
	uint8_t buf[128];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_HELLO, ++ctl_seq);
	msg_add_u32(&m, (uint32_t)getpid());
	msg_add_str(&m, "lanner-capture");
	if (msg_finish(&m) < 0)
		return -EMSGSIZE;
	return ipc_send(sock, &m, 0);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Reads messages until CONFIG_END; anything else is an error. */
static int wait_config(int sock, int timeout_ms)
{
	struct timespec t0;
	int started = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long left = timeout_ms - elapsed_ms(&t0);
		const char *why = "";
		struct msg_in m;
		unsigned type;
		void *raw;
		int r;

		if (left <= 0)
			return -ETIMEDOUT;
		r = ipc_recv(sock, &m, &raw, (int)left, &why);
		if (r == -EAGAIN || r == -ETIMEDOUT)
			continue;
		if (r < 0) {
			log_err("broker channel: %s", why);
			return r;
		}
		type = m.hdr.type;
		ipc_free(raw);
		if (type == MSG_CONFIG_START && !started)
			started = 1;
		else if (type == MSG_CONFIG_END && started)
			return 0;
		else if (type == MSG_SHUTDOWN)
			return -ECANCELED;
		else if (type != MSG_CONFIG_ITEM || !started)
			return -EPROTO;
	}
}

int ctl_open(const char *url, int timeout_ms)
{
	int sock = ipc_connect(url);
	int r;

	if (sock < 0)
		return sock;
	r = send_hello(sock);
	if (r == 0)
		r = wait_config(sock, timeout_ms);
	if (r < 0) {
		ipc_close(sock);
		return r;
	}
	return sock;
}

int ctl_send_stats(int sock, const char *text)
{
	static uint8_t buf[4096];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_STATS, ++ctl_seq);
	msg_add_str(&m, text);
	if (msg_finish(&m) < 0)
		return -EMSGSIZE;
	return ipc_send(sock, &m, 1);
}

int ctl_dispatch(int sock)
{
	for (;;) {
		const char *why = "";
		struct msg_in m;
		unsigned type;
		void *raw;
		int r = ipc_recv(sock, &m, &raw, 0, &why);

		if (r == -EAGAIN || r == -ETIMEDOUT)
			return 0;
		if (r < 0) {
			log_err("broker channel: %s", why);
			return r;
		}
		type = m.hdr.type;
		r = msg_end(&m);
		ipc_free(raw);
		if (type == MSG_SHUTDOWN && r == 0)
			return 1;
		if (type == MSG_REOPEN && r == 0)
			continue; /* capture keeps no files open */
		log_err("unexpected %s message from the broker",
			msg_type_name(type));
		return -EPROTO;
	}
}
