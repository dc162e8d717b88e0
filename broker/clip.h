/*
 * Capture files around alerts (capture.enabled), the broker's part. The
 * engine asks for a file (MSG_CAPTURE); the broker checks the name is
 * the one lanner gives an alert at that time, creates the file
 * (O_EXCL, O_NOFOLLOW, 0600) with its header, and passes the descriptor
 * to lanner-capture over a socket pair made at start, with the window
 * of event times to write. No sandboxed process opens a file.
 */
#ifndef LNR_BROKER_CLIP_H
#define LNR_BROKER_CLIP_H

#include <stdint.h>

#include "msg.h"

#define CLIP_ACTIVE_MAX 4 /* files being written at once */

struct broker;
struct child;

struct clip {
	int sock; /* the broker's end; capture's is in file_fds */
	uint64_t pre_ns;
	uint64_t until[CLIP_ACTIVE_MAX]; /* event time each active ends */
	uint64_t made, refused;
};

/* When capture.enabled: the socket pair, capture's end among the
 * descriptors it inherits; fatal when the prefix's folder is missing. */
void clip_setup(struct broker *b);
/* MSG_CAPTURE from the engine: 0 (a refused request is logged and
 * counted) or -EPROTO for a malformed message. */
int clip_request(struct child *c, struct msg_in *m);

#endif
