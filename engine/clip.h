/*
 * Capture files around alerts (capture.enabled): which alerts get one,
 * and its name. An alert of a capture rule (capture: true, or any rule
 * with capture.mode: all_rules) outside the window of the last capture
 * starts one: the engine tells the broker (MSG_CAPTURE), which creates
 * the file and has capture write it. Alerts inside a window name that
 * window's file, which holds their events too.
 */
#ifndef LNR_ENGINE_CLIP_H
#define LNR_ENGINE_CLIP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "child.h"

struct clip {
	bool enabled, all_rules;
	uint64_t default_ns;
	char prefix[PATH_MAX];
	uint64_t until;	     /* event time the current window ends */
	char name[PATH_MAX]; /* its file */
	uint64_t started;    /* files asked for */
};

/* Reads the capture.* keys; fatal on a capture.mode it does not know. */
void clip_configure(struct clip *c, const struct conf *cf);
/* The capture file an alert of a rule (capture, capture_ms) at event
 * time ts belongs to, or NULL; starts one when needed. */
const char *clip_for_alert(struct clip *c, struct child_proc *child,
			   bool capture, uint32_t capture_ms, uint64_t ts);

#endif
