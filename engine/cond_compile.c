/*
 * Condition compiler: parses rule and macro conditions, expands macros in
 * place (with cycle detection), folds constants and computes the event
 * types each rule can match for the rule index.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cond_compile.h"

#define MACRO_DEPTH_MAX 64

void cc_error(struct compile_ctx *cc, size_t off, const char *fmt, ...)
{
	struct srcpos pos = srctext_pos(cc->text, off);
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cc->failed = true;
	diag_err(&cc->rs->diags, &pos, "%s", msg);
}

struct cnode *cnode_new(struct compile_ctx *cc, enum cnode_kind k)
{
	struct cnode *n = rule_arena_alloc(cc->a, sizeof(*n));

	if (!n) {
		cc_error(cc, 0, "out of memory compiling the condition");
		return NULL;
	}
	n->kind = k;
	return n;
}

static struct cnode *constant(struct compile_ctx *cc, bool v)
{
	return cnode_new(cc, v ? CN_TRUE : CN_FALSE);
}

/* and/or: drops neutral constants, short-circuits absorbing ones, and
 * merges nested nodes of the same kind. */
static int push_kid(struct compile_ctx *cc, struct cnode *out,
		    struct cnode *kid, size_t *cap)
{
	struct cnode **v;

	v = rule_arena_grow(cc->a, out->kids, sizeof(struct cnode *),
			    out->nkids, out->nkids + 1, cap);
	if (!v) {
		cc_error(cc, 0, "out of memory compiling the condition");
		return -1;
	}
	v[out->nkids++] = kid;
	out->kids = v;
	return 0;
}

static struct cnode *compile_chain(struct compile_ctx *cc, const struct ast *n)
{
	enum cnode_kind k = n->kind == AST_AND ? CN_AND : CN_OR;
	enum cnode_kind absorb = k == CN_AND ? CN_FALSE : CN_TRUE;
	enum cnode_kind neutral = k == CN_AND ? CN_TRUE : CN_FALSE;
	struct cnode *out = cnode_new(cc, k), *kid;
	bool absorbed = false, bad = false;
	size_t cap = 0;
	unsigned i, j;

	if (!out)
		return NULL;
	for (i = 0; i < n->nkids; i++) {
		kid = cond_compile_node(cc, n->kids[i]);
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
	if (k == CN_OR && cond_merge_or_checks(cc, out) < 0) {
		cc_error(cc, n->off, "out of memory compiling the condition");
		return NULL;
	}
	return out->nkids == 1 ? out->kids[0] : out;
}

static struct cnode *compile_not(struct compile_ctx *cc, const struct ast *n)
{
	struct cnode *kid = cond_compile_node(cc, n->kids[0]), *out;

	if (!kid)
		return NULL;
	if (kid->kind == CN_TRUE || kid->kind == CN_FALSE)
		return constant(cc, kid->kind == CN_FALSE);
	if (kid->kind == CN_NOT)
		return kid->kids[0];
	out = cnode_new(cc, CN_NOT);
	if (!out)
		return NULL;
	out->kids = rule_arena_alloc(cc->a, sizeof(struct cnode *));
	if (!out->kids)
		return NULL;
	out->kids[0] = kid;
	out->nkids = 1;
	return out;
}

static struct cnode *compile_macro(struct compile_ctx *cc, const struct ast *n)
{
	struct macro_def *m = ruleset_macro_find(cc->rs, n->ident);
	const struct srctext *saved = cc->text;
	size_t errs = cc->rs->diags.errors;
	struct cnode *out;

	if (!m) {
		if (ruleset_list_find(cc->rs, n->ident))
			cc_error(cc, n->off,
				 "'%s' is a list, not a macro; "
				 "use it inside (...) after in",
				 n->ident);
		else
			cc_error(cc, n->off, "undefined macro '%s'", n->ident);
		return NULL;
	}
	if (m->state) {
		cc_error(cc, n->off, "macro '%s' uses itself (cycle)", m->name);
		return NULL;
	}
	if (m->bad || !m->ast || cc->depth >= MACRO_DEPTH_MAX) {
		if (cc->depth >= MACRO_DEPTH_MAX)
			cc_error(cc, n->off, "macros nested too deeply");
		cc->failed = true;
		return NULL;
	}
	m->state = 1;
	cc->depth++;
	cc->text = &m->cond;
	out = cond_compile_node(cc, m->ast);
	cc->text = saved;
	cc->depth--;
	m->state = 0;
	if (!out && cc->rs->diags.errors > errs)
		m->bad = true;
	return out;
}

struct cnode *cond_compile_node(struct compile_ctx *cc, const struct ast *n)
{
	switch (n->kind) {
	case AST_AND:
	case AST_OR:
		return compile_chain(cc, n);
	case AST_NOT:
		return compile_not(cc, n);
	case AST_MACRO:
		return compile_macro(cc, n);
	case AST_CHECK:
		return cond_compile_check(cc, n);
	}
	return NULL;
}

const struct strv *cond_list_items(struct compile_ctx *cc, struct list_def *l,
				   size_t off)
{
	struct list_def *sub;
	const struct strv *sv;
	const char *s;
	size_t i, j, n;

	if (l->state == 2)
		return &l->flat;
	if (l->state == 1) {
		cc_error(cc, off, "list '%s' includes itself (cycle)", l->name);
		return NULL;
	}
	l->state = 1;
	memset(&l->flat, 0, sizeof(l->flat));
	for (i = 0; i < l->items.n; i++) {
		s = l->items.v[i];
		sub = ruleset_list_find(cc->rs, s);
		if (sub) {
			sv = cond_list_items(cc, sub, off);
			if (!sv) {
				l->state = 0;
				return NULL;
			}
			for (j = 0; j < sv->n; j++)
				strv_push(cc->a, &l->flat, sv->v[j], NULL);
			continue;
		}
		n = strlen(s);
		if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
			s = rule_arena_strndup(cc->a, s + 1, n - 2);
		if (s)
			strv_push(cc->a, &l->flat, s, &l->items.pos[i]);
	}
	l->state = 2;
	return &l->flat;
}

void cond_parse_macros(struct ruleset *rs)
{
	struct cond_err err;
	struct macro_def *m;
	struct srcpos pos;
	size_t i;

	for (i = 0; i < rs->nmacros; i++) {
		m = rs->macros[i];
		m->ast = cond_parse(&rs->arena, m->cond.s, &err);
		if (!m->ast) {
			pos = srctext_pos(&m->cond, err.off);
			diag_err(&rs->diags, &pos, "macro '%s': %s", m->name,
				 err.msg);
			m->bad = true;
		}
	}
}

void cond_check_macros(struct ruleset *rs)
{
	struct compile_ctx cc = {.rs = rs, .a = &rs->arena};
	struct ast n = {.kind = AST_MACRO};
	size_t i;

	for (i = 0; i < rs->nmacros; i++) {
		if (rs->macros[i]->bad)
			continue;
		n.ident = rs->macros[i]->name;
		cc.text = &rs->macros[i]->cond;
		cc.failed = false;
		compile_macro(&cc, &n);
	}
}

struct cnode *cond_compile_rule(struct ruleset *rs, struct rule_def *r,
				bool *skipped)
{
	struct compile_ctx cc = {.rs = rs,
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
	root = cond_compile_node(&cc, ast);
	if (cc.unknown_field && !cc.failed) {
		diag_warn(&rs->diags, &r->pos,
			  "rule '%s' skipped: it uses a field this engine "
			  "does not know (skip-if-unknown-filter)",
			  r->name);
		*skipped = true;
		return NULL;
	}
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

static void set_all(uint8_t *set, uint8_t v)
{
	memset(set, v, LNR_EVT_COUNT);
	set[LNR_EVT_NONE] = 0;
}

/* Fills set; *pure when the node's truth depends on the type alone. */
static void types_of(const struct cnode *n, uint8_t *set, bool *pure)
{
	uint8_t kid[LNR_EVT_COUNT];
	bool kp;
	unsigned i, t;

	*pure = true;
	switch (n->kind) {
	case CN_TRUE:
	case CN_CHECK:
		set_all(set, 1);
		*pure = n->kind == CN_TRUE;
		return;
	case CN_FALSE:
		set_all(set, 0);
		return;
	case CN_EVTTYPE:
		memcpy(set, n->types, LNR_EVT_COUNT);
		return;
	case CN_NOT:
		types_of(n->kids[0], kid, &kp);
		set_all(set, 1);
		for (t = 1; kp && t < LNR_EVT_COUNT; t++)
			set[t] = !kid[t];
		*pure = kp;
		return;
	case CN_AND:
	case CN_OR:
		set_all(set, n->kind == CN_AND);
		for (i = 0; i < n->nkids; i++) {
			types_of(n->kids[i], kid, &kp);
			*pure = *pure && kp;
			for (t = 1; t < LNR_EVT_COUNT; t++)
				set[t] = n->kind == CN_AND ? set[t] & kid[t]
							   : set[t] | kid[t];
		}
		return;
	}
}

bool cond_types(const struct cnode *n, uint8_t set[LNR_EVT_COUNT])
{
	bool pure;
	unsigned t;

	types_of(n, set, &pure);
	for (t = 1; t < LNR_EVT_COUNT; t++)
		if (!set[t])
			return false;
	return true;
}
