/*
 * A hostile lanner-output for tests/e2e/hostile_child.sh. The broker
 * starts it in place of the real worker (LANNER_LIBEXECDIR); it connects,
 * says HELLO, takes its configuration, then breaks the protocol in the
 * way its start number (kept in the file $LANNER_FAKE_STATE) selects and
 * waits to be killed. Once every way has been tried it behaves: it
 * acknowledges alerts and exits 0 when told to shut down.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "ipc.h"
#include "msg.h"

#define WAIT_MS 10000 /* the broker reacts far sooner */

static uint8_t buf[4096];

/* Each start takes the next number. */
static int next_start(void)
{
	const char *path = getenv("LANNER_FAKE_STATE");
	FILE *f;
	int n = 0;

	if (!path)
		exit(2);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = 0;
		fclose(f);
	}
	f = fopen(path, "w");
	if (!f || fprintf(f, "%d\n", n + 1) < 0 || fclose(f) != 0)
		exit(2);
	return n;
}

static void send_or_die(int sock, struct msg_out *m)
{
	if (msg_finish(m) < 0 || ipc_send(sock, m, 0) < 0)
		exit(2);
}

static void hello(int sock)
{
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_HELLO, 0);
	msg_add_u32(&m, (uint32_t)getpid());
	msg_add_str(&m, "lanner-output");
	send_or_die(sock, &m);
}

/* Reads until the message of type `until`; 0, or -1 at the deadline. */
static int read_until(int sock, unsigned until)
{
	for (;;) {
		const char *why;
		struct msg_in m;
		void *raw;
		unsigned type;

		if (ipc_recv(sock, &m, &raw, WAIT_MS, &why) < 0)
			return -1;
		type = m.hdr.type;
		ipc_free(raw);
		if (type == until)
			return 0;
	}
}

/* The ways to break the protocol, one per start. */
static int misbehave(int sock, int start)
{
	struct msg_out m;

	switch (start) {
	case 0: /* a type that does not exist */
		msg_begin(&m, buf, sizeof(buf),
			  (enum msg_type)(MSG_TYPE_COUNT + 7), 0);
		break;
	case 1: /* a type only the engine may send */
		msg_begin(&m, buf, sizeof(buf), MSG_RULES_RESULT, 0);
		msg_add_u32(&m, 1);
		msg_add_u32(&m, 0);
		msg_add_str(&m, "");
		break;
	case 2: /* an ACK a u32 short of its u64 */
		msg_begin(&m, buf, sizeof(buf), MSG_ACK, 0);
		msg_add_u32(&m, 1);
		break;
	case 3: /* an ACK with bytes left over */
		msg_begin(&m, buf, sizeof(buf), MSG_ACK, 0);
		msg_add_u64(&m, 0);
		msg_add_u32(&m, 7);
		break;
	default:
		return 0;
	}
	send_or_die(sock, &m);
	return 1;
}

/* Acknowledges each alert; exits 0 on SHUTDOWN or when the broker goes. */
static void behave(int sock)
{
	for (;;) {
		const char *why;
		struct msg_in in;
		struct msg_out ack;
		void *raw;
		int r = ipc_recv(sock, &in, &raw, -1, &why);

		if (r < 0)
			exit(r == -EINTR ? 0 : 2);
		if (in.hdr.type == MSG_SHUTDOWN)
			exit(0);
		if (in.hdr.type == MSG_ALERT) {
			msg_begin(&ack, buf, sizeof(buf), MSG_ACK, 0);
			msg_add_u64(&ack, in.hdr.seq);
			send_or_die(sock, &ack);
		}
		ipc_free(raw);
	}
}

int main(int argc, char **argv)
{
	const char *url = NULL;
	int sock, start;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--ctl") == 0)
			url = argv[i + 1];
	if (!url)
		return 2;
	start = next_start();
	sock = ipc_connect(url);
	if (sock < 0)
		return 2;
	hello(sock);
	if (read_until(sock, MSG_CONFIG_END) < 0)
		return 2;
	if (misbehave(sock, start)) {
		/* The broker kills us long before this returns. */
		read_until(sock, MSG_TYPE_COUNT);
		fprintf(stderr, "fake lanner-output: still alive after %d\n",
			start);
		return 3;
	}
	behave(sock);
	return 0;
}
