/*
 * Rule files read into memory, kept apart from parsing them: the rule
 * command line modes read every file while they may still open it, then
 * give up their privileges and only then hand the bytes to the parser.
 */
#ifndef LNR_RULE_FILES_H
#define LNR_RULE_FILES_H

#include <stddef.h>

#include "ruleset.h"

struct rule_file {
	char *path;
	char *text; /* NULL when it could not be read */
	size_t len;
	int err;   /* -errno when it could not be read */
	char *why; /* and the reason, naming the file */
};

struct rule_files {
	struct rule_file *v;
	size_t n, cap;
};

/* Appends a file, or each *.yaml file of a directory in name order,
 * stopping at the first one refused (kept with its reason); 0, or -errno
 * when something could not be read or memory ran out. */
int rule_files_read(struct rule_files *rf, const char *path);

/* Parses every file into the set, in the order read; an unreadable one
 * becomes a diagnostic. 0, or -EINVAL when one failed. */
int rule_files_add(const struct rule_files *rf, struct ruleset *rs);

void rule_files_free(struct rule_files *rf);

/* Reads a path and parses it into the set at once (tests, benchmarks). */
int rule_files_load(struct ruleset *rs, const char *path);

#endif
