/*
 * Reading rule files and directories into memory, and handing what was
 * read to the rule parser. Reading needs the right to open the files;
 * parsing needs nothing, so it can run after privileges are gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rule_files.h"
#include "rule_items.h"

#define RULE_FILE_MAX (16u << 20)

static struct rule_file *append(struct rule_files *rf, const char *path)
{
	struct rule_file *f;

	if (rf->n == rf->cap) {
		size_t cap = rf->cap ? rf->cap * 2 : 8;

		f = realloc(rf->v, cap * sizeof(*f));
		if (!f)
			return NULL;
		rf->v = f;
		rf->cap = cap;
	}
	f = &rf->v[rf->n];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	if (!f->path)
		return NULL;
	rf->n++;
	return f;
}

static int read_text(struct rule_file *f)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size > RULE_FILE_MAX) {
		f->err = fd < 0 ? -errno : -EFBIG;
		goto out;
	}
	f->text = malloc((size_t)st.st_size + 1);
	if (!f->text) {
		f->err = -ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, f->text + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	f->len = got;
out:
	if (fd >= 0)
		close(fd);
	return f->err;
}

static int read_file(struct rule_files *rf, const char *path)
{
	struct rule_file *f = append(rf, path);

	return f ? read_text(f) : -ENOMEM;
}

static int yaml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && !strcmp(d->d_name + n - 5, ".yaml");
}

static int name_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int read_dir(struct rule_files *rf, const char *path)
{
	struct dirent **names;
	struct rule_file *f;
	char full[4096];
	int n, i, rc = 0;

	n = scandir(path, &names, yaml_name, name_order);
	if (n < 0) {
		rc = -errno;
		f = append(rf, path);
		if (!f)
			return -ENOMEM;
		f->err = rc;
		f->dir = 1;
		return rc;
	}
	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
		if (read_file(rf, full) < 0)
			rc = -EINVAL;
		free(names[i]);
	}
	free(names);
	return rc;
}

int rule_files_read(struct rule_files *rf, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return read_file(rf, path);
	return read_dir(rf, path);
}

int rule_files_add(const struct rule_files *rf, struct ruleset *rs)
{
	const struct rule_file *f;
	int rc = 0;

	for (size_t i = 0; i < rf->n; i++) {
		f = &rf->v[i];
		if (f->err) {
			diag_err(&rs->diags, NULL, "%s: cannot read%s: %s",
				 f->path, f->dir ? " directory" : "",
				 strerror(-f->err));
			rc = -EINVAL;
		} else if (ruleset_add_file(rs, f->path, f->text, f->len) < 0) {
			rc = -EINVAL;
		}
	}
	return rc;
}

void rule_files_free(struct rule_files *rf)
{
	for (size_t i = 0; i < rf->n; i++) {
		free(rf->v[i].path);
		free(rf->v[i].text);
	}
	free(rf->v);
	memset(rf, 0, sizeof(*rf));
}

int rule_files_load(struct ruleset *rs, const char *path)
{
	struct rule_files rf = {0};
	int r = rule_files_read(&rf, path);
	int a = rule_files_add(&rf, rs);

	rule_files_free(&rf);
	return r < 0 ? r : a;
}
