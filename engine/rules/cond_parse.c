/*
 * Condition parser: recursive descent over the lexer's tokens, with the
 * precedence not > and > or. AND and OR nodes are n-ary so long chains do
 * not nest; nesting depth is bounded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cond.h"

struct parser {
	struct rule_arena *a;
	const char *s;
	struct lexer lx;
	struct tok tok; /* current token */
	struct cond_err *err;
	unsigned depth;
	bool failed;
};

static void next(struct parser *p)
{
	cond_lex(&p->lx, &p->tok);
}

static void *fail(struct parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void *fail(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return NULL;
	p->failed = true;
	p->err->off = off;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return NULL;
}

static bool word_is(const struct parser *p, const char *w)
{
	return p->tok.k == T_WORD && p->tok.len == strlen(w) &&
	       !strncmp(p->s + p->tok.off, w, p->tok.len);
}

static char *tok_text(struct parser *p)
{
	return rule_arena_strndup(p->a, p->s + p->tok.off, p->tok.len);
}

static struct ast *node(struct parser *p, enum ast_kind k, size_t off)
{
	struct ast *n = rule_arena_alloc(p->a, sizeof(*n));

	if (!n)
		return fail(p, off, "out of memory");
	n->kind = k;
	n->off = off;
	return n;
}

static int add_kid(struct parser *p, struct ast *n, struct ast *kid,
		   size_t *cap)
{
	struct ast **v;

	v = rule_arena_grow(p->a, n->kids, sizeof(struct ast *), n->nkids,
			    n->nkids + 1, cap);
	if (!v) {
		fail(p, kid->off, "out of memory");
		return -1;
	}
	v[n->nkids++] = kid;
	n->kids = v;
	return 0;
}

static struct ast *parse_or(struct parser *p);

/* field | xform '(' field ')' */
static int parse_field(struct parser *p, struct ast_field *f)
{
	int xf;

	f->off = p->tok.off;
	while (p->tok.k == T_WORD) {
		xf = cond_xform_parse(p->s + p->tok.off, p->tok.len);
		if (xf < 0 || p->s[p->tok.off + p->tok.len] != '(')
			break;
		if (f->nxf >= XF_MAX) {
			fail(p, p->tok.off, "too many nested transformers");
			return -1;
		}
		f->xf[f->nxf++] = (uint8_t)xf;
		next(p); /* '(' */
		next(p);
	}
	if (p->tok.k != T_WORD || !memchr(p->s + p->tok.off, '.', p->tok.len)) {
		fail(p, p->tok.off, "expected a field name");
		return -1;
	}
	f->name = tok_text(p);
	f->off = p->tok.off;
	next(p);
	for (unsigned i = 0; i < f->nxf; i++) {
		if (p->tok.k != T_RPAREN) {
			fail(p, p->tok.off,
			     "expected ')' after transformer "
			     "argument");
			return -1;
		}
		next(p);
	}
	return f->name ? 0 : -1;
}

static int parse_value(struct parser *p, struct ast_val *v)
{
	v->off = p->tok.off;
	if (p->tok.k == T_STRING) {
		v->quoted = true;
		v->text = cond_lex_unquote(p->a, p->s, &p->tok);
		next(p);
		return v->text ? 0 : -1;
	}
	if ((p->tok.k == T_OP || p->tok.k == T_ERR) &&
	    strchr("<>!", p->s[p->tok.off]))
		cond_lex_value(&p->lx, &p->tok); /* `evt.dir = <` */
	if (p->tok.k != T_WORD) {
		fail(p, p->tok.off,
		     p->tok.k == T_ERR ? "unterminated string"
				       : "expected a value");
		return -1;
	}
	if (word_is(p, "val") && p->s[p->tok.off + 3] == '(') {
		next(p);
		next(p);
		v->is_field = true;
		if (parse_field(p, &v->field) < 0)
			return -1;
		if (p->tok.k != T_RPAREN) {
			fail(p, p->tok.off, "expected ')' after val(field");
			return -1;
		}
		next(p);
		return 0;
	}
	cond_lex_value(&p->lx, &p->tok);
	v->text = tok_text(p);
	next(p);
	return v->text ? 0 : -1;
}

static int parse_list(struct parser *p, struct ast *n)
{
	size_t cap = 0;
	struct ast_val *v;

	if (p->tok.k != T_LPAREN) {
		fail(p, p->tok.off, "operator '%s' expects a list: (a, b)",
		     cond_op_name(n->op));
		return -1;
	}
	n->list = true;
	next(p);
	while (p->tok.k != T_RPAREN) {
		v = rule_arena_grow(p->a, n->vals, sizeof(*v), n->nvals,
				    n->nvals + 1, &cap);
		if (!v) {
			fail(p, p->tok.off, "out of memory");
			return -1;
		}
		n->vals = v;
		memset(&v[n->nvals], 0, sizeof(*v));
		if (parse_value(p, &v[n->nvals]) < 0)
			return -1;
		if (v[n->nvals].is_field) {
			fail(p, v[n->nvals].off,
			     "val() is not allowed in a "
			     "list");
			return -1;
		}
		n->nvals++;
		if (p->tok.k == T_COMMA)
			next(p);
		else if (p->tok.k != T_RPAREN) {
			fail(p, p->tok.off, "expected ',' or ')' in list");
			return -1;
		}
	}
	next(p);
	return 0;
}

static struct ast *parse_check(struct parser *p)
{
	struct ast *n = node(p, AST_CHECK, p->tok.off);
	char op[16];

	if (!n || parse_field(p, &n->field) < 0)
		return NULL;
	if (p->tok.k != T_WORD && p->tok.k != T_OP)
		return fail(p, p->tok.off, "expected an operator after '%s'",
			    n->field.name);
	snprintf(op, sizeof(op), "%.*s", (int)p->tok.len, p->s + p->tok.off);
	n->op = p->tok.len < sizeof(op) ? cond_op_parse(op) : -1;
	if (n->op < 0)
		return fail(p, p->tok.off, "unknown operator '%.*s'",
			    (int)(p->tok.len > 40 ? 40 : p->tok.len),
			    p->s + p->tok.off);
	if (n->op == OP_EQ2)
		n->op = OP_EQ;
	next(p);
	if (n->op == OP_EXISTS)
		return n;
	if (cond_op_takes_list(n->op))
		return parse_list(p, n) < 0 ? NULL : n;
	n->vals = rule_arena_alloc(p->a, sizeof(*n->vals));
	if (!n->vals)
		return fail(p, n->off, "out of memory");
	n->nvals = 1;
	return parse_value(p, n->vals) < 0 ? NULL : n;
}

static bool is_ident(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-'))
			return false;
	return n > 0;
}

static struct ast *parse_primary(struct parser *p)
{
	struct ast *n;
	size_t off = p->tok.off;
	const char *w = p->s + p->tok.off;

	if (p->tok.k == T_LPAREN) {
		next(p);
		n = parse_or(p);
		if (!n)
			return NULL;
		if (p->tok.k != T_RPAREN)
			return fail(p, p->tok.off,
				    "expected ')' to close '(' "
				    "at offset %zu",
				    off);
		next(p);
		return n;
	}
	if (p->tok.k != T_WORD)
		return fail(p, off,
			    p->tok.k == T_EOF ? "unexpected end of "
						"condition"
					      : "expected a condition");
	if (word_is(p, "and") || word_is(p, "or"))
		return fail(p, off, "unexpected '%.*s'", (int)p->tok.len, w);
	if (memchr(w, '.', p->tok.len) ||
	    (cond_xform_parse(w, p->tok.len) >= 0 && w[p->tok.len] == '('))
		return parse_check(p);
	if (!is_ident(w, p->tok.len))
		return fail(p, off, "invalid macro name '%.*s'",
			    (int)(p->tok.len > 40 ? 40 : p->tok.len), w);
	n = node(p, AST_MACRO, off);
	if (!n)
		return NULL;
	n->ident = tok_text(p);
	next(p);
	return n;
}

static struct ast *parse_not(struct parser *p)
{
	struct ast *n, *kid;
	size_t off = p->tok.off;
	size_t cap = 0;

	if (++p->depth > COND_DEPTH_MAX)
		return fail(p, off, "condition nested too deeply");
	if (!word_is(p, "not")) {
		n = parse_primary(p);
		p->depth--;
		return n;
	}
	next(p);
	kid = parse_not(p);
	if (!kid)
		return NULL;
	n = node(p, AST_NOT, off);
	if (!n || add_kid(p, n, kid, &cap) < 0)
		return NULL;
	p->depth--;
	return n;
}

static struct ast *parse_chain(struct parser *p, enum ast_kind k,
			       const char *kw)
{
	struct ast *first, *n, *kid;
	size_t cap = 0;

	first = k == AST_AND ? parse_not(p) : parse_chain(p, AST_AND, "and");
	if (!first || !word_is(p, kw))
		return first;
	n = node(p, k, first->off);
	if (!n || add_kid(p, n, first, &cap) < 0)
		return NULL;
	while (word_is(p, kw)) {
		next(p);
		kid = k == AST_AND ? parse_not(p)
				   : parse_chain(p, AST_AND, "and");
		if (!kid || add_kid(p, n, kid, &cap) < 0)
			return NULL;
	}
	return n;
}

static struct ast *parse_or(struct parser *p)
{
	struct ast *n;

	if (++p->depth > COND_DEPTH_MAX)
		return fail(p, p->tok.off, "condition nested too deeply");
	n = parse_chain(p, AST_OR, "or");
	p->depth--;
	return n;
}

struct ast *cond_parse(struct rule_arena *a, const char *text,
		       struct cond_err *err)
{
	struct parser p = {.a = a, .s = text, .err = err};
	struct ast *n;

	p.lx.s = text;
	next(&p);
	n = parse_or(&p);
	if (n && p.tok.k != T_EOF)
		return fail(&p, p.tok.off, "unexpected '%.*s' after condition",
			    (int)(p.tok.len > 40 ? 40 : p.tok.len),
			    text + p.tok.off);
	return n;
}
