/*
 * Privsep channels over nanomsg: one NN_PAIR socket between the broker and
 * each child, at ipc://RUNDIR/<child>.ipc. The broker binds, the child
 * connects. Messages are the msg.h codec; every received message passes
 * msg_open before anyone reads it.
 */
#ifndef LNR_IPC_H
#define LNR_IPC_H

#include "msg.h"

int ipc_listen(const char *url);  /* broker side; nanomsg socket or -errno */
int ipc_connect(const char *url); /* child side */
void ipc_close(int sock);

/* Sends a finished message. 0, -EAGAIN (would block with nonblock) or
 * -errno. */
int ipc_send(int sock, const struct msg_out *m, int nonblock);

/*
 * Receives one message and opens it. On success *raw holds the buffer
 * (release with ipc_free) and m reads it. timeout_ms < 0 waits forever,
 * 0 does not wait. Returns 0, -EAGAIN/-ETIMEDOUT, or -EPROTO with *why.
 */
int ipc_recv(int sock, struct msg_in *m, void **raw, int timeout_ms,
	     const char **why);
void ipc_free(void *raw);

/* A file descriptor that polls readable when a message is waiting. */
int ipc_recv_fd(int sock);

#endif
