/*
 * The capture process's seccomp allowlist (allow.c), on top of the runtime
 * every child gets; entered after the probe is attached, the snapshot
 * taken and privileges dropped.
 */
#ifndef LNR_CAPTURE_ALLOW_H
#define LNR_CAPTURE_ALLOW_H

#include "sandbox.h"

extern const struct sc_rule capture_allow[];
extern const size_t capture_allow_len;

#endif
