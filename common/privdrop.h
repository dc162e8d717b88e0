/*
 * Giving up privileges, in the order that leaves no window: supplementary
 * groups, gid, uid, then capabilities (all of them, or the named few the
 * capture process keeps).
 */
#ifndef LNR_PRIVDROP_H
#define LNR_PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

#define LNR_USER "lanner"
#define LNR_USER_FALLBACK "nobody"

/* Looks up the lanner user (falling back to nobody). 0 or -ENOENT. */
int privdrop_lookup(uid_t *uid, gid_t *gid, const char **name);

/* Becomes uid/gid with no capabilities at all, permanently. */
int privdrop_full(uid_t uid, gid_t gid);

/*
 * Keeps only `caps` (CAP_* numbers) in the effective, permitted and
 * bounding sets, clears everything else, and stays uid 0 or switches to
 * uid/gid when uid != 0. Used by capture.
 */
int privdrop_keep(uid_t uid, gid_t gid, const int *caps, size_t ncaps);

#endif
