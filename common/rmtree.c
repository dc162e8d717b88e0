/* rmtree: see rmtree.h. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rmtree.h"

#define RMTREE_FDS 16 /* directories nftw keeps open at once */

static int rmtree_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0)
		fprintf(stderr, "remove %s: %s\n", path, strerror(errno));
	return 0;
}

int rmtree(const char *path)
{
	return nftw(path, rmtree_one, RMTREE_FDS, FTW_DEPTH | FTW_PHYS);
}
