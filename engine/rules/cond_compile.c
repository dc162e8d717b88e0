/*
 * Condition compiler: parses rule and macro conditions, expands macros in
 * place (with cycle detection) and folds constants. Field checks are
 * compiled by cond_check.c.
 */
#include <string.h>

#include "cond_check.h"
#include "cond_compile.h"
#include "cond_ctx.h"

#define MACRO_DEPTH_MAX 64

static struct cnode *compile_node(struct cond_ctx *cc, const struct ast *n);

static struct cnode *constant(struct cond_ctx *cc, bool v)
{
	return cond_ctx_node(cc, v ? CN_TRUE : CN_FALSE);
}

/* and/or: drops neutral constants, short-circuits absorbing ones, and
 * merges nested nodes of the same kind. */
static int push_kid(struct cond_ctx *cc, struct cnode *out, struct cnode *kid,
		    size_t *cap)
{
	struct cnode **v;

	v = rule_arena_grow(cc->a, out->kids, sizeof(struct cnode *),
			    out->nkids, out->nkids + 1, cap);
	if (!v) {
		cond_ctx_error(cc, 0, "out of memory compiling the condition");
		return -1;
	}
	v[out->nkids++] = kid;
	out->kids = v;
	return 0;
}

static struct cnode *compile_chain(struct cond_ctx *cc, const struct ast *n)
{
	enum cnode_kind k = n->kind == AST_AND ? CN_AND : CN_OR;
	enum cnode_kind absorb = k == CN_AND ? CN_FALSE : CN_TRUE;
	enum cnode_kind neutral = k == CN_AND ? CN_TRUE : CN_FALSE;
	struct cnode *out = cond_ctx_node(cc, k), *kid;
	bool absorbed = false, bad = false;
	size_t cap = 0;
	unsigned i, j;

	if (!out)
		return NULL;
	for (i = 0; i < n->nkids; i++) {
		kid = compile_node(cc, n->kids[i]);
		if (!kid) {
			bad = true; /* keep going: report every error */
			continue;
		}
		if (kid->kind == absorb) {
			absorbed = true;
		} else if (kid->kind == k) {
			for (j = 0; j < kid->nkids; j++)
				if (push_kid(cc, out, kid->kids[j], &cap) < 0)
					return NULL;
		} else if (kid->kind != neutral &&
			   push_kid(cc, out, kid, &cap) < 0) {
			return NULL;
		}
	}
	if (bad)
		return NULL;
	if (absorbed)
		return constant(cc, k == CN_OR);
	if (out->nkids == 0)
		return constant(cc, k == CN_AND);
	if (k == CN_OR && cond_check_merge_or(cc, out) < 0) {
		cond_ctx_error(cc, n->off,
			       "out of memory compiling the condition");
		return NULL;
	}
	return out->nkids == 1 ? out->kids[0] : out;
}

static struct cnode *compile_not(struct cond_ctx *cc, const struct ast *n)
{
	struct cnode *kid = compile_node(cc, n->kids[0]);

	if (!kid)
		return NULL;
	if (kid->kind == CN_TRUE || kid->kind == CN_FALSE)
		return constant(cc, kid->kind == CN_FALSE);
	if (kid->kind == CN_NOT)
		return kid->kids[0];
	return cond_ctx_not(cc, kid);
}

/* `ref`: the macro is named by another macro or a rule (not compiled
 * on its own), so it is used. */
static struct cnode *compile_macro(struct cond_ctx *cc, const struct ast *n,
				   bool ref)
{
	struct macro_def *m = rule_items_macro(cc->rs, n->ident);
	const struct srctext *saved = cc->text;
	size_t errs = cc->rs->diags.errors;
	const char *near;
	struct cnode *out;

	if (!m) {
		near = rule_items_nearest(cc->rs, RULE_ITEM_MACRO, n->ident);
		if (rule_items_list(cc->rs, n->ident))
			cond_ctx_fail(cc, DIAG_ERR_VALIDATE, n->off,
				      "'%s' is a list, not a macro; "
				      "use it inside (...) after in",
				      n->ident);
		else
			cond_ctx_fail(cc, DIAG_ERR_VALIDATE, n->off,
				      "undefined macro '%s'%s%s%s", n->ident,
				      near ? " (did you mean '" : "",
				      near ? near : "", near ? "'?)" : "");
		return NULL;
	}
	if (ref)
		m->used = true;
	if (m->state) {
		cond_ctx_fail(cc, DIAG_ERR_VALIDATE, n->off,
			      "macro '%s' uses itself (cycle)", m->name);
		return NULL;
	}
	if (m->bad || !m->ast || cc->depth >= MACRO_DEPTH_MAX) {
		if (cc->depth >= MACRO_DEPTH_MAX)
			cond_ctx_error(cc, n->off, "macros nested too deeply");
		cc->failed = true;
		return NULL;
	}
	m->state = 1;
	cc->depth++;
	cc->text = &m->cond;
	out = compile_node(cc, m->ast);
	cc->text = saved;
	cc->depth--;
	m->state = 0;
	if (!out && cc->rs->diags.errors > errs)
		m->bad = true;
	return out;
}

static struct cnode *compile_node(struct cond_ctx *cc, const struct ast *n)
{
	switch (n->kind) {
	case AST_AND:
	case AST_OR:
		return compile_chain(cc, n);
	case AST_NOT:
		return compile_not(cc, n);
	case AST_MACRO:
		return compile_macro(cc, n, true);
	case AST_CHECK:
		return cond_check(cc, n);
	}
	return NULL;
}

void cond_parse_macros(struct ruleset *rs)
{
	struct cond_err err;
	struct macro_def *m;
	struct srcpos pos;
	size_t i;

	for (i = 0; i < rs->nmacros; i++) {
		m = rs->macros[i];
		diag_item(&rs->diags, "macro", m->name);
		m->ast = cond_parse(&rs->arena, m->cond.s, &err);
		if (!m->ast) {
			pos = srctext_pos(&m->cond, err.off);
			diag_err(&rs->diags, &pos, "macro '%s': %s", m->name,
				 err.msg);
			m->bad = true;
		}
	}
}

void cond_compile_macros(struct ruleset *rs)
{
	struct cond_ctx cc = {.rs = rs, .a = &rs->arena};
	struct ast n = {.kind = AST_MACRO};
	size_t i;

	for (i = 0; i < rs->nmacros; i++) {
		if (rs->macros[i]->bad)
			continue;
		n.ident = rs->macros[i]->name;
		diag_item(&rs->diags, "macro", n.ident);
		cc.text = &rs->macros[i]->cond;
		cc.failed = false;
		compile_macro(&cc, &n, false);
	}
}

struct cnode *cond_compile_rule(struct ruleset *rs, struct rule_def *r,
				bool *skipped)
{
	struct cond_ctx cc = {.rs = rs,
			      .a = &rs->arena,
			      .source = r->source,
			      .text = &r->cond,
			      .skip_unknown = r->skip_unknown};
	struct cond_err err;
	struct srcpos pos;
	struct cnode *root;
	struct ast *ast;

	*skipped = false;
	ast = cond_parse(&rs->arena, r->cond.s, &err);
	if (!ast) {
		pos = srctext_pos(&r->cond, err.off);
		diag_err(&rs->diags, &pos, "rule '%s': %s", r->name, err.msg);
		return NULL;
	}
	root = compile_node(&cc, ast);
	if (cc.unknown_field && !cc.failed) {
		diag_warn(&rs->diags, UNKNOWN_FILTER, &r->pos,
			  "rule '%s' skipped: it uses a field this engine "
			  "does not know (skip-if-unknown-filter)",
			  r->name);
		*skipped = true;
		return NULL;
	}
	if (cc.uses_dir && !cc.failed)
		diag_warn(&rs->diags, DEPRECATED_ITEM, &r->pos,
			  "rule '%s' uses evt.dir, which is deprecated: only "
			  "exit events are seen, so 'evt.dir = <' is always "
			  "true and 'evt.dir = >' always false",
			  r->name);
	if (cc.unsafe_na && !cc.failed)
		diag_warn(&rs->diags, UNSAFE_NA_CHECK, &r->pos,
			  "rule '%s' compares a k8s audit field with <NA>: "
			  "use 'exists' to test whether it has a value",
			  r->name);
	if (cc.failed && root) {
		diag_err(&rs->diags, &r->pos, "rule '%s' could not be compiled",
			 r->name);
		return NULL;
	}
	if (!root && !cc.failed)
		diag_err(&rs->diags, &r->pos,
			 "rule '%s': a macro it uses has "
			 "errors",
			 r->name);
	return cc.failed ? NULL : root;
}
