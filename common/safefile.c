/*
 * Checked opening of rule and configuration files: see safefile.h. The
 * checks are made on the opened fd, never on a path looked up again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "safefile.h"

#define SAFEFILE_OPEN_FLAGS                                                    \
	(O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

__attribute__((format(printf, 3, 4))) static int
refuse(struct safefile *sf, int err, const char *fmt, ...)
{
	const char *noun = S_ISDIR(sf->st.st_mode) ? "directory" : "file";
	int n = snprintf(sf->err, sizeof(sf->err), "%s %s %s: ", sf->what, noun,
			 sf->shown);
	va_list ap;

	if (n > 0 && (size_t)n < sizeof(sf->err)) {
		va_start(ap, fmt);
		vsnprintf(sf->err + n, sizeof(sf->err) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* -errno, never 0: a failed call must not read as success. */
static int neg_errno(void)
{
	return errno ? -errno : -EIO;
}

static const char *kind(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISDIR(m))
		return "a directory";
	return "not a regular file";
}

static int check(struct safefile *sf)
{
	mode_t m = sf->st.st_mode;

	if (!S_ISREG(m) && !(S_ISDIR(m) && sf->dir_ok))
		return refuse(sf, S_ISDIR(m) ? -EISDIR : -EINVAL,
			      "is %s, not a regular file; refusing it",
			      kind(m));
	/* Root's files only, or the caller's own when it is not root. */
	if (sf->st.st_uid != 0 && sf->st.st_uid != geteuid())
		return refuse(sf, -EPERM,
			      "owned by uid %u, not root; refusing it "
			      "(chown root)",
			      (unsigned)sf->st.st_uid);
	if (m & (S_IWGRP | S_IWOTH))
		return refuse(sf, -EPERM,
			      "mode %04o is writable by %s; refusing it "
			      "(chmod go-w)",
			      (unsigned)(m & 07777),
			      m & S_IWOTH ? "others" : "its group");
	return 0;
}

int safefile_open(struct safefile *sf, int dirfd, const char *name)
{
	char path[PATH_MAX];
	size_t n = strlen(name);
	int fd, r;

	memset(&sf->st, 0, sizeof(sf->st));
	sf->err[0] = '\0';
	/* A trailing slash would make the kernel follow a final symlink. */
	while (n > 1 && name[n - 1] == '/')
		n--;
	if (n >= sizeof(path))
		return refuse(sf, -ENAMETOOLONG, "%s", strerror(ENAMETOOLONG));
	memcpy(path, name, n);
	path[n] = '\0';
	fd = openat(dirfd, path, SAFEFILE_OPEN_FLAGS);
	if (fd < 0 && errno == ELOOP)
		return refuse(sf, -ELOOP,
			      "is a symbolic link; refusing it (name the file "
			      "it points to)");
	if (fd < 0)
		return refuse(sf, neg_errno(), "%s", strerror(errno));
	if (fstat(fd, &sf->st) < 0)
		r = refuse(sf, neg_errno(), "%s", strerror(errno));
	else
		r = check(sf);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int safefile_read_fd(struct safefile *sf, int fd, size_t max, char **text,
		     size_t *len)
{
	size_t size = (size_t)sf->st.st_size, got = 0;
	char *buf;
	int r;

	*text = NULL;
	*len = 0;
	if (size > max)
		return refuse(sf, -EFBIG, "larger than %zu bytes", max);
	buf = malloc(size + 1);
	if (!buf)
		return refuse(sf, -ENOMEM, "%s", strerror(ENOMEM));
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = neg_errno();
			free(buf);
			return refuse(sf, r, "%s", strerror(-r));
		}
		if (n == 0)
			break; /* shrank since fstat */
		got += (size_t)n;
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}

int safefile_read(struct safefile *sf, int dirfd, const char *name, size_t max,
		  char **text, size_t *len)
{
	int fd = safefile_open(sf, dirfd, name), r;

	if (fd < 0)
		return fd;
	r = safefile_read_fd(sf, fd, max, text, len);
	close(fd);
	return r;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The entries of dirfd that keep() accepts, sorted; 0 or -errno. */
static int names_list(int dirfd, int (*keep)(const char *), char ***out,
		      size_t *count)
{
	int fd = dup(dirfd), r = 0;
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	char **names = NULL, **grown;
	size_t n = 0, cap = 0;
	struct dirent *e;

	*out = NULL;
	*count = 0;
	if (!d) {
		r = neg_errno();
		if (fd >= 0)
			close(fd);
		return r;
	}
	rewinddir(d); /* the dup shares its offset with dirfd */
	for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
		if (!keep(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown) {
				r = -ENOMEM;
				goto out;
			}
			names = grown;
		}
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			r = -ENOMEM;
			goto out;
		}
		n++;
	}
	if (errno)
		r = neg_errno();
	else if (n)
		qsort(names, n, sizeof(*names), by_name);
out:
	closedir(d);
	if (r < 0) {
		names_free(names, n);
		return r;
	}
	*out = names;
	*count = n;
	return 0;
}

static int walk_file(struct safefile_walk *w, struct safefile *sf, int fd)
{
	char *text;
	size_t len;
	int r = safefile_read_fd(sf, fd, w->max, &text, &len);

	if (r < 0)
		return r;
	return w->use(w->arg, sf->shown, text, len);
}

static int walk_dir(struct safefile_walk *w, int dirfd, const char *dir)
{
	size_t dl = strlen(dir), n;
	char **names, path[PATH_MAX];
	int r = names_list(dirfd, w->keep, &names, &n);

	if (r < 0) {
		snprintf(w->err, sizeof(w->err), "%s directory %s: %s", w->what,
			 dir, strerror(-r));
		return r;
	}
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	for (size_t i = 0; i < n && r == 0; i++) {
		struct safefile sf = {.what = w->what, .shown = path};
		int fd;

		snprintf(path, sizeof(path), "%.*s/%s", (int)dl, dir, names[i]);
		fd = safefile_open(&sf, dirfd, names[i]);
		r = fd < 0 ? fd : walk_file(w, &sf, fd);
		if (fd >= 0)
			close(fd);
		if (r < 0)
			memcpy(w->err, sf.err, sizeof(w->err));
	}
	names_free(names, n);
	return r;
}

int safefile_walk(struct safefile_walk *w, const char *path)
{
	struct safefile sf = {.what = w->what, .shown = path, .dir_ok = 1};
	int fd = safefile_open(&sf, AT_FDCWD, path), r;

	w->err[0] = '\0';
	if (fd < 0) {
		memcpy(w->err, sf.err, sizeof(w->err));
		return fd;
	}
	if (S_ISDIR(sf.st.st_mode))
		r = walk_dir(w, fd, path);
	else
		r = walk_file(w, &sf, fd);
	if (r < 0 && !w->err[0])
		memcpy(w->err, sf.err, sizeof(w->err));
	close(fd);
	return r;
}
