/*
 * Reading rule files and directories into memory, and handing what was
 * read to the rule parser. Reading needs the right to open the files;
 * parsing needs nothing, so it can run after privileges are gone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rule_files.h"
#include "rule_items.h"
#include "safefile.h"

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

static int keep_text(void *arg, const char *path, char *text, size_t len)
{
	struct rule_file *f = append(arg, path);

	if (!f) {
		free(text);
		return -ENOMEM;
	}
	f->text = text;
	f->len = len;
	return 0;
}

static int yaml_name(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".yaml");
}

/* Files are checked as the broker checks them (common/safefile.c). */
int rule_files_read(struct rule_files *rf, const char *path)
{
	struct safefile_walk w = {.what = "rule",
				  .max = RULE_FILE_MAX,
				  .keep = yaml_name,
				  .use = keep_text,
				  .arg = rf};
	int rc = safefile_walk(&w, path);
	struct rule_file *f;

	if (rc >= 0 || rc == -ENOMEM)
		return rc;
	f = append(rf, path);
	if (!f)
		return -ENOMEM;
	f->err = rc;
	f->why = strdup(w.err[0] ? w.err : strerror(-rc));
	return rc;
}

int rule_files_add(const struct rule_files *rf, struct ruleset *rs)
{
	const struct rule_file *f;
	int rc = 0;

	for (size_t i = 0; i < rf->n; i++) {
		f = &rf->v[i];
		if (f->err) {
			diag_errc(&rs->diags, ERR_FILE_READ, NULL, "%s",
				  f->why ? f->why : strerror(-f->err));
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
		free(rf->v[i].why);
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
