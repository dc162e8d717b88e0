/*
 * The private run directory holding the nanomsg endpoints: mode 0750,
 * owned by root and the lanner group.
 */
#ifndef LNR_RUNDIR_H
#define LNR_RUNDIR_H

#include <stddef.h>
#include <sys/types.h>

/* Uses dir (created if missing) or makes a fresh /run/lanner.XXXXXX.
 * Fills out and *created; 0 or -errno. */
int rundir_create(const char *dir, gid_t gid, char *out, size_t len,
		  int *created);
/* Removes the endpoints, and the directory if rundir_create made it. */
void rundir_remove(const char *dir, int created);

#endif
