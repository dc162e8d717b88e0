/*
 * The worker's side of broker/sink.c: descriptors the broker opened for
 * it (a file, a pipe to a program) arrive over the --sink-fd socket, as
 * the answer to MSG_SINK or after the broker reopened a file. Also the
 * one loop that writes a whole buffer to a descriptor.
 */
#ifndef LNR_OUTPUTS_SINK_H
#define LNR_OUTPUTS_SINK_H

#include <stddef.h>

#include "child.h"

#define SINK_WAIT_MS 10000 /* the longest wait for a sink asked for */

/* The worker's connection to the broker, kept for sink_take. */
void sink_attach(struct child_proc *p);
/* The newest descriptor waiting, waiting up to timeout_ms for one: the
 * fd (close-on-exec), -EAGAIN when none came, or -errno. */
int sink_receive(int timeout_ms);
/* Asks the broker for a new sink and waits for it: the fd or -errno. */
int sink_take(void);
/* Writes all of p; 0 or -errno (-EPIPE: the reader is gone). */
int sink_write_all(int fd, const char *p, size_t len);

#endif
