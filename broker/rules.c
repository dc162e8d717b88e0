/*
 * Reading rule files into memory at startup, expanding directories the
 * way Falco does.
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
#include "msg.h"
#include "rules.h"

/* Leaves room in a RULES_FILE message for the path and lengths. */
#define RULES_MAX_BYTES (MSG_MAX_SIZE - 8192)

static int read_all(const char *path, char **text, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;
	size_t got = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > RULES_MAX_BYTES) {
		r = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		goto out;
	}
	*text = malloc((size_t)st.st_size + 1);
	if (!*text) {
		r = -ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, *text + got, (size_t)st.st_size - got);

		if (n <= 0) {
			r = n < 0 && errno ? -errno : -EIO;
			free(*text);
			*text = NULL;
			goto out;
		}
		got += (size_t)n;
	}
	(*text)[got] = '\0';
	*len = got;
out:
	close(fd);
	return r;
}

static int add_file(struct rules *r, const char *path)
{
	struct rules_file *f;
	int err;

	if (r->n == RULES_MAX_FILES) {
		log_err("%s: more than %d rule files", path, RULES_MAX_FILES);
		return -ENOSPC;
	}
	f = &r->files[r->n];
	err = read_all(path, &f->text, &f->len);
	if (err) {
		log_err("cannot read rule file %s: %s", path, strerror(-err));
		return err;
	}
	f->path = strdup(path);
	if (!f->path) {
		free(f->text);
		return -ENOMEM;
	}
	r->n++;
	return 0;
}

static int is_yaml(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' &&
	       ((n > 5 && strcmp(d->d_name + n - 5, ".yaml") == 0) ||
		(n > 4 && strcmp(d->d_name + n - 4, ".yml") == 0));
}

static int add_dir(struct rules *r, const char *dir)
{
	struct dirent **list;
	int n = scandir(dir, &list, is_yaml, alphasort), err = 0;

	if (n < 0) {
		err = -errno;
		log_err("cannot read rule directory %s: %s", dir,
			strerror(-err));
		return err;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];

		if (!err) {
			size_t dl = strlen(dir);

			while (dl > 1 && dir[dl - 1] == '/')
				dl--;
			snprintf(path, sizeof(path), "%.*s/%s", (int)dl, dir,
				 list[i]->d_name);
			err = add_file(r, path);
		}
		free(list[i]);
	}
	free(list);
	return err;
}

int rules_read(struct rules *r, const char *const *paths, int npaths)
{
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		int err;

		if (stat(paths[i], &st) < 0) {
			err = -errno;
			log_err("cannot read rule file %s: %s", paths[i],
				strerror(-err));
			return err;
		}
		err = S_ISDIR(st.st_mode) ? add_dir(r, paths[i])
					  : add_file(r, paths[i]);
		if (err)
			return err;
	}
	return 0;
}

void rules_free(struct rules *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->files[i].path);
		free(r->files[i].text);
	}
	r->n = 0;
}
