/*
 * Reading rule files into memory at startup, expanding directories the
 * way Falco does. Every file passes the checks of common/safefile.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "msg.h"
#include "rules.h"
#include "safefile.h"

/* Leaves room in a RULES_FILE message for the path and lengths. */
#define RULES_MAX_BYTES (MSG_MAX_SIZE - 8192)

static int add_file(void *arg, const char *path, char *text, size_t len)
{
	struct rules *r = arg;
	struct rules_file *f;

	if (r->n == RULES_MAX_FILES) {
		log_err("%s: more than %d rule files", path, RULES_MAX_FILES);
		free(text);
		return -ENOSPC;
	}
	f = &r->files[r->n];
	f->path = strdup(path);
	if (!f->path) {
		free(text);
		return -ENOMEM;
	}
	f->text = text;
	f->len = len;
	r->n++;
	return 0;
}

static int is_yaml(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' &&
	       ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
		(n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

int rules_read(struct rules *r, const char *const *paths, int npaths)
{
	struct safefile_walk w = {.what = "rule",
				  .max = RULES_MAX_BYTES,
				  .keep = is_yaml,
				  .use = add_file,
				  .arg = r};

	for (int i = 0; i < npaths; i++) {
		int err = safefile_walk(&w, paths[i]);

		if (err) {
			if (w.err[0])
				log_err("cannot read rules: %s", w.err);
			return err;
		}
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
