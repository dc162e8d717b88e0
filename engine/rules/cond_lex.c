/*
 * Condition lexer: parentheses, commas, quoted strings, symbolic
 * operators, and words (fields with their [argument], keywords, bare
 * values). Also the operator and transformer name tables.
 */
#include <string.h>

#include "cond.h"

static const char *const op_names[OP_COUNT] = {
#define COND_OP_NAME(id, s) s,
    COND_OPS(COND_OP_NAME)
#undef COND_OP_NAME
};

static const char *const xf_names[XF_COUNT] = {
#define COND_XF_NAME(id, s) s,
    COND_XFORMS(COND_XF_NAME)
#undef COND_XF_NAME
};

int cond_op_parse(const char *s)
{
	int i;

	for (i = 0; i < OP_COUNT; i++)
		if (!strcmp(op_names[i], s))
			return i;
	return -1;
}

const char *cond_op_name(int op)
{
	return op >= 0 && op < OP_COUNT ? op_names[op] : "?";
}

bool cond_op_takes_list(int op)
{
	return op == OP_IN || op == OP_INTERSECTS || op == OP_PMATCH;
}

int cond_xform_parse(const char *s, size_t n)
{
	int i;

	for (i = 0; i < XF_COUNT; i++)
		if (strlen(xf_names[i]) == n && !strncmp(xf_names[i], s, n))
			return i;
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool ends_word(char c)
{
	return !c || is_space(c) || strchr("(),'\"=<>!", c);
}

static void lex_string(struct lexer *lx, struct tok *t)
{
	const char *s = lx->s;
	char q = s[lx->pos];
	size_t i = lx->pos + 1;

	while (s[i] && s[i] != q) {
		if (s[i] == '\\' && s[i + 1])
			i++;
		i++;
	}
	if (!s[i]) {
		t->k = T_ERR;
		return;
	}
	t->k = T_STRING;
	lx->pos = i + 1;
}

static void lex_word(struct lexer *lx, struct tok *t)
{
	const char *s = lx->s;
	size_t i = lx->pos;

	while (!ends_word(s[i])) {
		if (s[i] == '[') {
			while (s[i] && s[i] != ']')
				i++;
			if (!s[i])
				break;
		}
		i++;
	}
	t->k = T_WORD;
	lx->pos = i;
}

/* A value written bare, as Falco reads one: anything up to white space,
 * a parenthesis, a comma, a quote or '=' (so `evt.dir=<` is the value
 * "<"). */
static bool ends_bare_value(char c)
{
	return !c || is_space(c) || strchr("(),'\"=", c);
}

void cond_lex_value(struct lexer *lx, struct tok *t)
{
	const char *s = lx->s;

	lx->pos = t->off;
	while (!ends_bare_value(s[lx->pos]))
		lx->pos++;
	t->k = lx->pos > t->off ? T_WORD : T_ERR;
	t->len = lx->pos - t->off;
}

void cond_lex(struct lexer *lx, struct tok *t)
{
	const char *s = lx->s;
	char c;

	while (is_space(s[lx->pos]))
		lx->pos++;
	t->off = lx->pos;
	c = s[lx->pos];
	if (!c) {
		t->k = T_EOF;
	} else if (c == '(' || c == ')' || c == ',') {
		t->k = c == '(' ? T_LPAREN : c == ')' ? T_RPAREN : T_COMMA;
		lx->pos++;
	} else if (c == '"' || c == '\'') {
		lex_string(lx, t);
	} else if (c == '=' || c == '<' || c == '>' || c == '!') {
		t->k = T_OP;
		lx->pos++;
		if (s[lx->pos] == '=')
			lx->pos++;
		else if (c == '!')
			t->k = T_ERR;
	} else {
		lex_word(lx, t);
	}
	t->len = lx->pos - t->off;
}

char *cond_lex_unquote(struct rule_arena *a, const char *s, const struct tok *t)
{
	const char *p = s + t->off + 1, *end = s + t->off + t->len - 1;
	char *out = rule_arena_alloc(a, t->len), *o = out;

	if (!out)
		return NULL;
	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}
