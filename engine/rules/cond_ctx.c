/*
 * The compile context of a condition: errors mapped from an offset in the
 * condition text to the rule file, and allocation of compiled nodes.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cond_ctx.h"
#include "rule_items.h"

static void report(struct cond_ctx *cc, enum diag_code code, size_t off,
		   const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void report(struct cond_ctx *cc, enum diag_code code, size_t off,
		   const char *fmt, va_list ap)
{
	struct srcpos pos = srctext_pos(cc->text, off);
	char msg[400];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	cc->failed = true;
	diag_add(&cc->rs->diags, DIAG_ERROR, code, &pos, "%s", msg);
}

void cond_ctx_error(struct cond_ctx *cc, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cc, cc->rs->diags.phase, off, fmt, ap);
	va_end(ap);
}

void cond_ctx_fail(struct cond_ctx *cc, enum diag_code code, size_t off,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cc, code, off, fmt, ap);
	va_end(ap);
}

struct cnode *cond_ctx_node(struct cond_ctx *cc, enum cnode_kind k)
{
	struct cnode *n = rule_arena_alloc(cc->a, sizeof(*n));

	if (!n) {
		cond_ctx_error(cc, 0, "out of memory compiling the condition");
		return NULL;
	}
	n->kind = k;
	return n;
}

struct cnode *cond_ctx_not(struct cond_ctx *cc, struct cnode *kid)
{
	struct cnode *out = cond_ctx_node(cc, CN_NOT);

	if (!out)
		return NULL;
	out->kids = rule_arena_alloc(cc->a, sizeof(struct cnode *));
	if (!out->kids)
		return NULL;
	out->kids[0] = kid;
	out->nkids = 1;
	return out;
}
