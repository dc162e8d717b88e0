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

/* What kind of problem, as Falco classes them (diag_codes.def). */
enum diag_code {
#define DIAG_CODE(id, code, summary) DIAG_##id,
#include "diag_codes.def"
#undef DIAG_CODE
	DIAG_CODE_COUNT
};

/* The codes from this one on are warnings. */
#define DIAG_FIRST_WARNING DIAG_UNKNOWN_SOURCE

/* "LOAD_ERR_YAML_PARSE", and its one-line summary. */
const char *diag_code_name(enum diag_code c);
const char *diag_code_summary(enum diag_code c);

struct diag {
	enum diag_sev sev;
	enum diag_code code;
	struct srcpos pos;
	const char *msg;
	/* the item it is about, as Falco names its kind ("rule", "macro",
	 * "list", "rules content item"), and its name or "" */
	const char *item_type, *item_name;
};

#define DIAG_MAX 4096

struct diags {
	struct rule_arena *arena;
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
	size_t refused; /* beyond DIAG_MAX */
	/* the class of errors reported without one: what is being done */
	enum diag_code phase;
	/* the item being read or compiled (diag_item) */
	const char *item_type, *item_name;
};

void diag_init(struct diags *d, struct rule_arena *arena);
/* The item the next diagnostics are about; NULL type: none. The strings
 * must outlive the diagnostics (static, or in the arena). */
void diag_item(struct diags *d, const char *type, const char *name);
void diag_add(struct diags *d, enum diag_sev sev, enum diag_code code,
	      const struct srcpos *pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* An error of the class of the current phase. */
#define diag_err(d, pos, ...)                                                  \
	diag_add(d, DIAG_ERROR, (d)->phase, pos, __VA_ARGS__)
/* An error or a warning of class DIAG_<code>. */
#define diag_errc(d, code, pos, ...)                                           \
	diag_add(d, DIAG_ERROR, DIAG_##code, pos, __VA_ARGS__)
#define diag_warn(d, code, pos, ...)                                           \
	diag_add(d, DIAG_WARNING, DIAG_##code, pos, __VA_ARGS__)

/* Puts the diagnostics in file order: by the file's place in `files`,
 * then line and column; those without a file come last. */
void diag_sort(struct diags *d, struct srcfile *const *files, size_t nfiles);

/* Renders one diagnostic: "file:line:col: error: msg", the line, the
 * caret. Returns bytes written (snprintf semantics). */
int diag_render(const struct diag *dg, char *buf, size_t len);
/* The line the diagnostic is about, then a caret under its column, each
 * line starting with `indent`; "" when there is no line. Returns bytes
 * written (snprintf semantics). */
int diag_snippet(const struct diag *dg, const char *indent, char *buf,
		 size_t len);
/* The byte offset of a position in its file. */
size_t diag_offset(const struct srcpos *pos);
/* All of them, in order. */
void diag_render_all(const struct diags *d, char *buf, size_t len);

/* The position of byte `p` of the file. */
struct srcpos diag_pos_at(const struct srcfile *f, const char *p);

#endif
