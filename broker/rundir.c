/*
 * Creating and removing the run directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "rundir.h"

int rundir_create(const char *dir, gid_t gid, char *out, size_t len,
		  int *created)
{
	*created = 0;
	if (dir) {
		if ((size_t)snprintf(out, len, "%s", dir) >= len)
			return -ENAMETOOLONG;
		if (mkdir(out, 0700) == 0)
			*created = 1;
		else if (errno != EEXIST)
			return -errno;
	} else {
		const char *base = access("/run", W_OK) == 0 ? "/run" : "/tmp";

		snprintf(out, len, "%s/lanner.XXXXXX", base);
		if (!mkdtemp(out))
			return -errno;
		*created = 1;
	}
	if (chown(out, 0, gid) < 0 || chmod(out, 0700) < 0)
		return -errno;
	return 0;
}

static int is_endpoint(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".ipc") == 0;
}

void rundir_remove(const char *dir, int created)
{
	struct dirent **list;
	int n = scandir(dir, &list, is_endpoint, alphasort);

	for (int i = 0; i < n; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		unlink(path);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	if (created && rmdir(dir) < 0)
		log_warn("cannot remove %s: %m", dir);
}
