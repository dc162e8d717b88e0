/*
 * Diagnostics for rule files: errors and warnings, each with the file,
 * line and column it is about, rendered with the offending line and a
 * caret under the column.
 */
#ifndef LNR_DIAG_H
#define LNR_DIAG_H

#include <stddef.h>

#include "rule_arena.h"

/* A loaded rule file; the rule set keeps a copy of its bytes. */
struct srcfile {
	const char *path;
	const char *buf;
	size_t len;
};

/* A position in a file, 1-based; line 0 means "the file as a whole". */
struct srcpos {
	const struct srcfile *file;
	unsigned line;
	unsigned col;
};

enum diag_sev { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_sev sev;
	struct srcpos pos;
	const char *msg;
};

#define DIAG_MAX 4096

struct diags {
	struct rule_arena *arena;
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
	size_t refused; /* beyond DIAG_MAX */
};

void diag_init(struct diags *d, struct rule_arena *arena);
void diag_add(struct diags *d, enum diag_sev sev, const struct srcpos *pos,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define diag_err(d, pos, ...) diag_add(d, DIAG_ERROR, pos, __VA_ARGS__)
#define diag_warn(d, pos, ...) diag_add(d, DIAG_WARNING, pos, __VA_ARGS__)

/* Renders one diagnostic: "file:line:col: error: msg", the line, the
 * caret. Returns bytes written (snprintf semantics). */
int diag_render(const struct diag *dg, char *buf, size_t len);
/* All of them, in order. */
void diag_render_all(const struct diags *d, char *buf, size_t len);

/* The position of byte `p` of the file. */
struct srcpos diag_pos_at(const struct srcfile *f, const char *p);

#endif
