/*
 * Closing lanner-engine in, shared by its run and its rule command line
 * modes: resource limits, then the unprivileged user with no
 * capabilities. no_new_privs and the seccomp filter come next (allow.c).
 */
#ifndef LNR_CONFINE_H
#define LNR_CONFINE_H

/* Descriptors the engine may have open: stdio, ring, eventfd, nanomsg. */
#define CONFINE_NOFILE 256

/* No core dumps (they would hold rules and events), a bounded number of
 * descriptors. 0 or -errno. */
int confine_limits(void);

/* Becomes the lanner-engine user with no capabilities when run as root; does
 * nothing otherwise. 0 or -errno (-ENOENT: no user to become). */
int confine_drop(void);

/* Logs at debug level who is about to parse untrusted rules: "WHAT as
 * uid N, seccomp M", asked of the kernel. */
void confine_report(const char *what);

#endif
