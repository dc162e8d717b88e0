/*
 * What compiling one condition carries along, shared by the compiler
 * (cond_compile.c), the check compiler (cond_check.c) and list flattening
 * (cond_list.c): errors placed in the rule file, and new tree nodes.
 */
#ifndef LNR_COND_CTX_H
#define LNR_COND_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "cond.h"
#include "diag.h"
#include "rule_arena.h"
#include "srctext.h"

struct ruleset;

struct cond_ctx {
	struct ruleset *rs;
	struct rule_arena *a;
	const char *source;	    /* the rule's source: which fields */
	const struct srctext *text; /* the text offsets refer to */
	bool skip_unknown;	    /* skip-if-unknown-filter */
	bool unknown_field;	    /* an unknown field was skipped */
	bool unsafe_na;		    /* a k8s audit field compared with <NA> */
	bool uses_dir;		    /* evt.dir, deprecated */
	bool failed;
	unsigned depth;
};

/* Reports an error at offset `off` of the text; the compile has failed.
 * cond_ctx_error's class is the phase's, cond_ctx_fail's `code`. */
void cond_ctx_error(struct cond_ctx *cc, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cond_ctx_fail(struct cond_ctx *cc, enum diag_code code, size_t off,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A new node of kind `k`; NULL, reported, when the arena refuses. */
struct cnode *cond_ctx_node(struct cond_ctx *cc, enum cnode_kind k);

/* A NOT node over `kid`; NULL when the arena refuses. */
struct cnode *cond_ctx_not(struct cond_ctx *cc, struct cnode *kid);

#endif
