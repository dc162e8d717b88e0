/*
 * Rule files read by the broker and sent to the engine, which never opens
 * a file itself. -r takes files and directories (their *.yaml and *.yml
 * files, in name order). Symlinks, FIFOs and files writable by group or
 * others are refused (common/safefile.h).
 */
#ifndef LNR_RULES_H
#define LNR_RULES_H

#include <stddef.h>

#define RULES_MAX_FILES 256

struct rules_file {
	char *path;
	char *text;
	size_t len;
};

struct rules {
	struct rules_file files[RULES_MAX_FILES];
	size_t n;
};

/* Reads every file named by paths; 0 or -errno with a logged reason. */
int rules_read(struct rules *r, const char *const *paths, int npaths);
void rules_free(struct rules *r);

#endif
