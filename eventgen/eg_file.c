/* eg_file: the file operations actions are made of. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eg.h"

const char *eg_path(const struct eg_ctx *c, const char *name)
{
	static char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", c->dir, name) >=
	    (int)sizeof(path))
		return "/nonexistent/path-too-long";
	return path;
}

int eg_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		fprintf(stderr, "create %s: %s\n", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

int eg_read(const char *path)
{
	char buf[1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (read(fd, buf, sizeof(buf)) < 0)
		fprintf(stderr, "read %s: %s\n", path, strerror(errno));
	close(fd);
	return 0;
}

/* One level of eg_mkdirs; notes in top the first directory it made. */
static int mkdir_one(const char *dir, char *top, size_t toplen)
{
	if (mkdir(dir, 0755) == 0) {
		if (top && !top[0])
			snprintf(top, toplen, "%s", dir);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	fprintf(stderr, "mkdir %s: %s\n", dir, strerror(errno));
	return -1;
}

int eg_mkdirs_top(const char *path, char *top, size_t toplen)
{
	char buf[PATH_MAX];
	char *p;

	if (top)
		top[0] = '\0';
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir_one(buf, top, toplen) < 0)
			return -1;
		*p = '/';
	}
	return mkdir_one(buf, top, toplen);
}

int eg_mkdirs(const char *path)
{
	return eg_mkdirs_top(path, NULL, 0);
}

void eg_rmdirs(const char *path, const char *top)
{
	char buf[PATH_MAX];
	char *slash;

	if (!top[0] ||
	    snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return;
	for (;;) {
		rmdir(buf);
		if (!strcmp(buf, top) || !(slash = strrchr(buf, '/')) ||
		    slash == buf)
			return;
		*slash = '\0';
	}
}
