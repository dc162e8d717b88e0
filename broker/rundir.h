/*
 * The private run directory holding the nanomsg endpoints: mode 0700,
 * root's alone; children connect before they drop privileges.
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
int rundir_create(const char *dir, char *out, size_t len, int *created);
/* Makes the socket name in the directory root's alone (0600), never
 * through a link. */
int rundir_seal(int dirfd, const char *name);
/* Removes the endpoints, closes dirfd, and removes the directory if
 * rundir_create made it. */
void rundir_remove(const char *dir, int dirfd, int created);

#endif
