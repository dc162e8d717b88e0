/*
 * Relaying a child's stderr: whole lines, each in one write to the
 * broker's stderr so lines from several children never interleave.
 * Children already prefix their lines with name, pid and level; a child
 * cannot be trusted to have escaped them, so the relay does it again.
 */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "textesc.h"

#define LOGRELAY_MAX_LINE 4096

static int relays_open;

struct logrelay {
	int fd;
	struct event *ev;
	struct evbuffer *buf;
};

static void emit(const char *line, size_t len)
{
	char out[LOGRELAY_MAX_LINE + 1];

	if (len > LOGRELAY_MAX_LINE)
		len = LOGRELAY_MAX_LINE;
	textesc(out, LOGRELAY_MAX_LINE, line, len, 0);
	len = strlen(out);
	out[len] = '\n';
	(void)!write(STDERR_FILENO, out, len + 1);
}

static void flush_lines(struct logrelay *lr, int at_eof)
{
	char *line;
	size_t len;

	while ((line = evbuffer_readln(lr->buf, &len, EVBUFFER_EOL_LF))) {
		emit(line, len);
		free(line);
	}
	/* A line too long to keep, or the unterminated tail at EOF. */
	len = evbuffer_get_length(lr->buf);
	if (len >= LOGRELAY_MAX_LINE || (at_eof && len > 0)) {
		if (len > LOGRELAY_MAX_LINE)
			len = LOGRELAY_MAX_LINE;
		emit((const char *)evbuffer_pullup(lr->buf, (ssize_t)len), len);
		evbuffer_drain(lr->buf, len);
	}
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct logrelay *lr = arg;
	int n = evbuffer_read(lr->buf, fd, LOGRELAY_MAX_LINE);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	flush_lines(lr, n <= 0);
	if (n <= 0) {
		event_free(lr->ev);
		evbuffer_free(lr->buf);
		close(lr->fd);
		free(lr);
		relays_open--;
	}
}

int logrelay_open(void)
{
	return relays_open;
}

/* Takes ownership of fd; frees itself when the child closes its end. */
int logrelay_start(struct event_base *base, int fd)
{
	struct logrelay *lr = calloc(1, sizeof(*lr));

	if (!lr)
		return -ENOMEM;
	lr->fd = fd;
	lr->buf = evbuffer_new();
	lr->ev = event_new(base, fd, EV_READ | EV_PERSIST, on_readable, lr);
	if (!lr->buf || !lr->ev || event_add(lr->ev, NULL) < 0) {
		if (lr->ev)
			event_free(lr->ev);
		if (lr->buf)
			evbuffer_free(lr->buf);
		free(lr);
		return -ENOMEM;
	}
	evutil_make_socket_nonblocking(fd);
	relays_open++;
	return 0;
}
