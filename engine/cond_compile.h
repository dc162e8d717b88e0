/*
 * Compiling parsed conditions for a rule set: macro expansion, list
 * resolution, field lookup and value typing (cond_check.c), constant
 * folding and event type sets (cond_compile.c).
 */
#ifndef LNR_COND_COMPILE_H
#define LNR_COND_COMPILE_H

#include "cond.h"
#include "rule_items.h"

struct compile_ctx {
	struct ruleset *rs;
	struct rule_arena *a;
	const char *source;	    /* the rule's source: which fields */
	const struct srctext *text; /* the text offsets refer to */
	bool skip_unknown;	    /* skip-if-unknown-filter */
	bool unknown_field;	    /* an unknown field was skipped */
	bool failed;
	unsigned depth;
};

void cc_error(struct compile_ctx *cc, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct cnode *cnode_new(struct compile_ctx *cc, enum cnode_kind k);
struct cnode *cond_compile_node(struct compile_ctx *cc, const struct ast *n);
struct cnode *cond_compile_check(struct compile_ctx *cc, const struct ast *n);
/* Merges an OR's equality checks on one string field into a set. */
int cond_merge_or_checks(struct compile_ctx *cc, struct cnode * or);
int cond_compile_field(struct compile_ctx *cc, const struct ast_field *af,
		       struct cfield *cf);

/* The flattened items of a list (nested lists expanded, quotes removed);
 * NULL after reporting a cycle. */
const struct strv *cond_list_items(struct compile_ctx *cc, struct list_def *l,
				   size_t off);

/* Parses and compiles a rule's condition; NULL after reporting errors. */
struct cnode *cond_compile_rule(struct ruleset *rs, struct rule_def *r,
				bool *skipped);
/* Parses every macro's condition once; errors reported. */
void cond_parse_macros(struct ruleset *rs);
/* Compiles each macro on its own (fields of any source), so errors in
 * unused macros are reported too, once. */
void cond_check_macros(struct ruleset *rs);

/* Event types a tree can match; true when it does not restrict them. */
bool cond_types(const struct cnode *n, uint8_t set[LNR_EVT_COUNT]);

#endif
