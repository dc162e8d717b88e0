/*
 * Giving up privileges, in the order that leaves no window: supplementary
 * groups, gid, uid, then capabilities, all of them.
 */
#ifndef LNR_PRIVDROP_H
#define LNR_PRIVDROP_H

#include <sys/types.h>

/* Each role runs as its own system user, so a compromised child can
 * neither signal nor trace another. scripts/install-deps and
 * systemd/lanner.sysusers create them. */
#define LNR_USER_CAPTURE "lanner-capture"
#define LNR_USER_ENGINE "lanner-engine"
#define LNR_USER_OUTPUT "lanner-output"
#define LNR_USER_WEB "lanner-web"
#define LNR_USER_K8SAUDIT "lanner-k8saudit"
#define LNR_USER_CONTAINERS "lanner-containers"
#define LNR_USER_RESOLVE "lanner-resolve"

/* Looks up user, which must exist and not be root: there is no fallback
 * to a shared account such as nobody. 0 or -ENOENT. */
int privdrop_lookup(const char *user, uid_t *uid, gid_t *gid);

/* Becomes uid/gid with no capabilities at all, permanently. */
int privdrop_full(uid_t uid, gid_t gid);

#endif
