/*
 * Receiving sink descriptors from the broker, and writing to them.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "fdpass.h"
#include "log.h"
#include "sink.h"

static struct child_proc *proc;

void sink_attach(struct child_proc *p)
{
	proc = p;
}

/* One descriptor from the socket: the fd, -EAGAIN, or -errno. */
static int recv_one(int sock)
{
	char byte = 0;
	int fd;
	ssize_t n = fdpass_recv(sock, &byte, 1, &fd);

	return n > 0 ? fd : n == 0 ? -EAGAIN : (int)n;
}

int sink_receive(int timeout_ms)
{
	struct pollfd p = {.events = POLLIN};
	int fd = -EAGAIN, next;

	if (!proc || proc->sink_fd < 0)
		return -EBADF;
	p.fd = proc->sink_fd;
	if (poll(&p, 1, timeout_ms) < 0)
		return errno == EINTR ? -EAGAIN : -errno;
	/* Two reopens in a row: only the newest counts. */
	while ((next = recv_one(proc->sink_fd)) >= 0) {
		if (fd >= 0)
			close(fd);
		fd = next;
	}
	return fd >= 0 || next == -EAGAIN ? fd : next;
}

int sink_take(void)
{
	uint8_t buf[64];
	struct msg_out m;
	int r;

	msg_begin(&m, buf, sizeof(buf), MSG_SINK, 0);
	r = child_send(proc, &m, 0);
	if (r < 0)
		return r;
	r = sink_receive(SINK_WAIT_MS);
	if (r == -EAGAIN) {
		log_err("the broker handed over no sink in %d ms",
			SINK_WAIT_MS);
		return -ETIMEDOUT;
	}
	return r;
}

int sink_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
