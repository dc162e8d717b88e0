/*
 * Giving up privileges, in the order that leaves no window: supplementary
 * groups, gid, uid, then capabilities (all of them, or the named few the
 * capture process keeps).
 */
#ifndef LNR_PRIVDROP_H
#define LNR_PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

/* Each role runs as its own system user, so a compromised child can
 * neither signal nor trace another. scripts/install-deps and
 * systemd/lanner.sysusers create them. */
#define LNR_USER_CAPTURE "lanner-capture"
#define LNR_USER_ENGINE "lanner-engine"
#define LNR_USER_OUTPUT "lanner-output"

/* Looks up user, which must exist and not be root: there is no fallback
 * to a shared account such as nobody. 0 or -ENOENT. */
int privdrop_lookup(const char *user, uid_t *uid, gid_t *gid);

/* Becomes uid/gid with no capabilities at all, permanently. */
int privdrop_full(uid_t uid, gid_t gid);

/*
 * Keeps only `caps` (CAP_* numbers) in the effective, permitted and
 * bounding sets, clears everything else, and stays uid 0 or switches to
 * uid/gid when uid != 0. Used by capture.
 */
int privdrop_keep(uid_t uid, gid_t gid, const int *caps, size_t ncaps);

#endif
