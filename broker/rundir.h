/*
 * The private run directory holding the nanomsg endpoints: mode 0750,
 * owned by root and the lanner group.
 */
#ifndef LNR_RUNDIR_H
#define LNR_RUNDIR_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Uses dir (created if missing) or makes a fresh /run/lanner.XXXXXX. A
 * symlink, a directory not owned by root or one writable by group or
 * others is refused. Fills out and *created; the directory's fd, or
 * -errno with the reason logged.
 */
int rundir_create(const char *dir, gid_t gid, char *out, size_t len,
		  int *created);
/* Gives the group the socket name in the directory, never via a link. */
int rundir_share(int dirfd, const char *name, gid_t gid);
/* Removes the endpoints, closes dirfd, and removes the directory if
 * rundir_create made it. */
void rundir_remove(const char *dir, int dirfd, int created);

#endif
