/*
 * One descriptor and a few bytes with it over a unix socket
 * (SCM_RIGHTS): how the broker hands a child a file or a connection it
 * must not open itself (an output's sink, a capture file, a container
 * runtime's socket).
 */
#ifndef LNR_FDPASS_H
#define LNR_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/* Sends len bytes of data (at least 1) and fd, without blocking.
 * 0, -EINVAL for no data, or -errno. */
int fdpass_send(int sock, const void *data, size_t len, int fd);

/*
 * Receives one such message, without blocking, its bytes into buf and
 * its descriptor (close-on-exec) into *fd. The number of bytes; 0 when
 * none waits; -EPIPE when the peer closed its end; -EPROTO, with any
 * descriptor that came closed, for a message without exactly one, with
 * no bytes, or cut short (more bytes or descriptors than fit); or
 * -errno.
 */
ssize_t fdpass_recv(int sock, void *buf, size_t cap, int *fd);

#endif
