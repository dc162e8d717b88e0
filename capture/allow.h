/*
 * The capture process's seccomp allowlist (allow.c), applied after the
 * probe is attached, the snapshot taken and privileges dropped.
 */
#ifndef LNR_CAPTURE_ALLOW_H
#define LNR_CAPTURE_ALLOW_H

int capture_allow_apply(int debug);

#endif
