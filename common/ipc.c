/*
 * nanomsg PAIR channels between the broker and each child, carrying
 * msg.h messages.
 */
#include <errno.h>
#include <nanomsg/nn.h>
#include <nanomsg/pair.h>
#include <poll.h>

#include "ipc.h"

static int ipc_open(const char *url, int bind)
{
	int sock = nn_socket(AF_SP, NN_PAIR);
	int maxsz = (int)MSG_MAX_SIZE;

	if (sock < 0)
		return -nn_errno();
	/* Refuse anything larger than a message can be. */
	if (nn_setsockopt(sock, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsz,
			  sizeof(maxsz)) < 0 ||
	    (bind ? nn_bind(sock, url) : nn_connect(sock, url)) < 0) {
		int e = nn_errno();

		nn_close(sock);
		return -e;
	}
	return sock;
}

int ipc_listen(const char *url)
{
	return ipc_open(url, 1);
}

int ipc_connect(const char *url)
{
	return ipc_open(url, 0);
}

void ipc_close(int sock)
{
	if (sock >= 0)
		nn_close(sock);
}

int ipc_send(int sock, const struct msg_out *m, int nonblock)
{
	if (m->overflow)
		return -EMSGSIZE;
	if (nn_send(sock, m->buf, m->len, nonblock ? NN_DONTWAIT : 0) < 0)
		return -nn_errno();
	return 0;
}

int ipc_recv_fd(int sock)
{
	int fd;
	size_t sz = sizeof(fd);

	if (nn_getsockopt(sock, NN_SOL_SOCKET, NN_RCVFD, &fd, &sz) < 0)
		return -nn_errno();
	return fd;
}

int ipc_recv(int sock, struct msg_in *m, void **raw, int timeout_ms,
	     const char **why)
{
	void *buf = NULL;
	int n, r;

	*raw = NULL;
	if (timeout_ms >= 0) {
		struct pollfd p = {.fd = ipc_recv_fd(sock), .events = POLLIN};

		if (p.fd < 0)
			return p.fd;
		r = poll(&p, 1, timeout_ms);
		if (r < 0)
			return -errno;
		if (r == 0)
			return timeout_ms == 0 ? -EAGAIN : -ETIMEDOUT;
	}
	n = nn_recv(sock, &buf, NN_MSG, timeout_ms >= 0 ? NN_DONTWAIT : 0);
	if (n < 0)
		return -nn_errno();
	r = msg_open(m, buf, (size_t)n, why);
	if (r < 0) {
		nn_freemsg(buf);
		return r;
	}
	*raw = buf;
	return 0;
}

void ipc_free(void *raw)
{
	if (raw)
		nn_freemsg(raw);
}
