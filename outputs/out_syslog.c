/*
 * The syslog channel: one datagram per alert to the local syslog daemon's
 * socket (syslog_output.socket, /dev/log), framed as the C library's
 * syslog() frames it for a local daemon: "<PRI>Mmm dd hh:mm:ss
 * lanner[PID]: text". As with Falco, the facility is user and the
 * severity is the priority (Emergency 0 ... Debug 7). A daemon that
 * restarted is connected to again, so the sandbox allows a unix socket
 * and connect.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "conf_keys.h"
#include "log.h"

#define SYSLOG_FACILITY_USER (1 << 3)
#define SYSLOG_MAX_TEXT 60000 /* beyond this, cut: datagrams have a limit */

static struct sockaddr_un addr;
static int sock = -1;
static char msg[SYSLOG_MAX_TEXT + 128];

static int syslog_connect(void)
{
	if (sock >= 0)
		close(sock);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -errno;
	if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int e = errno;

		close(sock);
		sock = -1;
		return -e;
	}
	return 0;
}

static int syslog_init(const struct conf *c)
{
	const char *path = conf_str(c, CONF_SYSLOG_OUTPUT_SOCKET);
	int r;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		log_err("syslog_output.socket %s: the path is too long", path);
		return -ENAMETOOLONG;
	}
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	r = syslog_connect();
	if (r < 0)
		log_err("syslog_output.socket %s: %s", path, strerror(-r));
	return r;
}

/* The whole datagram into msg: header, then text without its newline. */
static size_t frame(const struct alert *a, const char *text, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	int n;

	if (len && text[len - 1] == '\n')
		len--;
	if (len > SYSLOG_MAX_TEXT)
		len = SYSLOG_MAX_TEXT;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	n = snprintf(msg, sizeof(msg) - SYSLOG_MAX_TEXT, "<%d>%s lanner[%d]: ",
		     SYSLOG_FACILITY_USER | (int)a->priority, stamp,
		     (int)getpid());
	if (n < 0)
		n = 0;
	memcpy(msg + n, text, len);
	return (size_t)n + len;
}

static int syslog_deliver(const struct alert *a, const char *text, size_t len)
{
	size_t n = frame(a, text, len);

	for (int tries = 0;; tries++) {
		int r = sock < 0 ? -ENOTCONN : 0;

		if (r == 0 && send(sock, msg, n, MSG_NOSIGNAL) >= 0)
			return 0;
		if (r == 0)
			r = -errno;
		if (tries ||
		    (r != -ECONNREFUSED && r != -ENOTCONN && r != -ECONNRESET))
			return r;
		/* The daemon restarted: its socket is a new one. */
		r = syslog_connect();
		if (r < 0)
			return r;
	}
}

static int syslog_reopen(void)
{
	return 0;
}

static void syslog_close(void)
{
	if (sock >= 0)
		close(sock);
	sock = -1;
}

static const struct sc_rule syslog_allow[] = {
    SC_ALLOW_ARG(socket, 0, AF_UNIX),	 /* a new socket after a restart */
    SC_ALLOW(connect), SC_ALLOW(sendto), /* send() */
};

const struct channel channel_syslog = {
    .name = "syslog", /* common/channels.def */
    .init = syslog_init,
    .deliver = syslog_deliver,
    .reopen = syslog_reopen,
    .close = syslog_close,
    .allow = syslog_allow,
    .nallow = sizeof(syslog_allow) / sizeof(*syslog_allow),
};
