/*
 * Creating and removing the run directory. Everything after mkdir goes
 * through the directory's fd, so a symlink put at the path cannot make
 * the broker chown or chmod something else.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "rundir.h"

static int refuse(const char *dir, int err, const char *why)
{
	log_err("run directory %s: %s; refusing it", dir, why);
	return err;
}

/* Says why open(O_DIRECTORY | O_NOFOLLOW) failed. */
static int open_failed(const char *dir, int err)
{
	struct stat st;

	if ((err == -ELOOP || err == -ENOTDIR) && lstat(dir, &st) == 0 &&
	    S_ISLNK(st.st_mode))
		return refuse(dir, -ELOOP, "is a symbolic link");
	if (err == -ENOTDIR)
		return refuse(dir, err, "is not a directory");
	log_err("run directory %s: %s", dir, strerror(-err));
	return err;
}

/* Opens dir, checks it and makes it ours alone: root's, or for a replay
 * run by another user, that user's. */
static int take(const char *dir)
{
	struct stat st;
	char why[96];
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), r;

	if (fd < 0)
		return open_failed(dir, -errno);
	if (fstat(fd, &st) < 0)
		goto fail;
	if (st.st_uid != geteuid()) {
		snprintf(why, sizeof(why), "owned by uid %u, not %u",
			 (unsigned)st.st_uid, (unsigned)geteuid());
		close(fd);
		return refuse(dir, -EPERM, why);
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, sizeof(why), "mode %04o is writable by %s",
			 (unsigned)(st.st_mode & 07777),
			 st.st_mode & S_IWOTH ? "others" : "its group");
		close(fd);
		return refuse(dir, -EPERM, why);
	}
	if (fchown(fd, geteuid(), getegid()) < 0 || fchmod(fd, 0700) < 0)
		goto fail;
	return fd;
fail:
	r = -errno;
	log_err("run directory %s: %s", dir, strerror(-r));
	close(fd);
	return r;
}

int rundir_create(const char *dir, char *out, size_t len, int *created)
{
	size_t n;
	int fd;

	*created = 0;
	if (dir) {
		if ((size_t)snprintf(out, len, "%s", dir) >= len)
			return open_failed(dir, -ENAMETOOLONG);
		/* A trailing slash would make open follow a symlink. */
		for (n = strlen(out); n > 1 && out[n - 1] == '/'; n--)
			out[n - 1] = '\0';
		if (mkdir(out, 0700) == 0)
			*created = 1;
		else if (errno != EEXIST)
			return open_failed(out, -errno);
	} else {
		const char *base = access("/run", W_OK) == 0 ? "/run" : "/tmp";

		snprintf(out, len, "%s/lanner.XXXXXX", base);
		if (!mkdtemp(out))
			return open_failed(out, -errno);
		*created = 1;
	}
	fd = take(out);
	if (fd < 0 && *created)
		rmdir(out);
	return fd;
}

int rundir_seal(int dirfd, const char *name)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	/* Only we write in the directory: the socket stays a socket. */
	if (!S_ISSOCK(st.st_mode))
		return -EINVAL;
	if (fchownat(dirfd, name, geteuid(), getegid(), AT_SYMLINK_NOFOLLOW) <
		0 ||
	    fchmodat(dirfd, name, 0600, 0) < 0)
		return -errno;
	return 0;
}

static int is_endpoint(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".ipc") == 0;
}

void rundir_remove(const char *dir, int dirfd, int created)
{
	int fd = dup(dirfd);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;

	if (!d && fd >= 0)
		close(fd);
	while (d && (e = readdir(d)) != NULL)
		if (is_endpoint(e->d_name))
			unlinkat(dirfd, e->d_name, 0);
	if (d)
		closedir(d);
	close(dirfd);
	if (created && rmdir(dir) < 0)
		log_warn("cannot remove %s: %m", dir);
}
