/*
 * Conditions: the filter language of Falco rules. Text is lexed and parsed
 * into an AST (cond_lex.c, cond_parse.c), compiled against the field
 * registry with macros and lists resolved (cond_compile.c), and evaluated
 * per event without allocation (cond_eval.c).
 */
#ifndef LNR_COND_H
#define LNR_COND_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "fields.h"
#include "rule_arena.h"

/* clang-format off */
#define COND_OPS(X)                                                           \
	X(EQ, "=")                                                            \
	X(EQ2, "==")                                                          \
	X(NE, "!=")                                                           \
	X(LT, "<")                                                            \
	X(LE, "<=")                                                           \
	X(GT, ">")                                                            \
	X(GE, ">=")                                                           \
	X(CONTAINS, "contains")                                               \
	X(ICONTAINS, "icontains")                                             \
	X(BCONTAINS, "bcontains")                                             \
	X(STARTSWITH, "startswith")                                           \
	X(BSTARTSWITH, "bstartswith")                                         \
	X(ENDSWITH, "endswith")                                               \
	X(GLOB, "glob")                                                       \
	X(IGLOB, "iglob")                                                     \
	X(PMATCH, "pmatch")                                                   \
	X(IN, "in")                                                           \
	X(INTERSECTS, "intersects")                                           \
	X(EXISTS, "exists")                                                   \
	X(REGEX, "regex")
/* clang-format on */
enum cond_op {
#define COND_OP_ENUM(id, s) OP_##id,
	COND_OPS(COND_OP_ENUM)
#undef COND_OP_ENUM
	    OP_COUNT
};

int cond_op_parse(const char *s); /* enum cond_op or -1 */
const char *cond_op_name(int op);
bool cond_op_takes_list(int op); /* in, intersects, pmatch */

/* clang-format off */
#define COND_XFORMS(X)                                                        \
	X(TOLOWER, "tolower")                                                 \
	X(TOUPPER, "toupper")                                                 \
	X(B64, "b64")                                                         \
	X(BASENAME, "basename")                                               \
	X(LEN, "len")
/* clang-format on */
enum cond_xform {
#define COND_XF_ENUM(id, s) XF_##id,
	COND_XFORMS(COND_XF_ENUM)
#undef COND_XF_ENUM
	    XF_COUNT
};
#define XF_MAX 4

int cond_xform_parse(const char *s, size_t n); /* enum cond_xform or -1 */

/* A field as written: name with its argument, and transformers
 * outermost first. */
struct ast_field {
	const char *name;
	size_t off;
	uint8_t xf[XF_MAX];
	unsigned nxf;
};

struct ast_val {
	const char *text;
	size_t off;
	bool quoted;
	bool is_field; /* val(field) */
	struct ast_field field;
};

enum ast_kind { AST_AND, AST_OR, AST_NOT, AST_CHECK, AST_MACRO };

struct ast {
	enum ast_kind kind;
	size_t off;
	struct ast **kids; /* AND, OR: n-ary; NOT: one */
	unsigned nkids;
	struct ast_field field; /* CHECK */
	int op;
	struct ast_val *vals;
	unsigned nvals;
	bool list;	   /* values were a parenthesised list */
	const char *ident; /* MACRO */
};

struct cond_err {
	size_t off;
	char msg[256];
};

#define COND_DEPTH_MAX 200

/* Parses a condition; NULL with the offset and reason in *err. */
struct ast *cond_parse(struct rule_arena *a, const char *text,
		       struct cond_err *err);

/* Lexer (cond_lex.c) */
enum tok_kind {
	T_EOF,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_WORD,
	T_STRING,
	T_OP,
	T_ERR
};
struct tok {
	enum tok_kind k;
	size_t off;
	size_t len;
};
struct lexer {
	const char *s;
	size_t pos;
};
void cond_lex(struct lexer *lx, struct tok *t);
/* Lexes again, from the start of token *t, a value written bare. */
void cond_lex_value(struct lexer *lx, struct tok *t);
/* The value of a T_STRING token without quotes and escapes. */
char *cond_lex_unquote(struct rule_arena *a, const char *s,
		       const struct tok *t);

/* Compiled conditions (cond_compile.c, cond_eval.c) */
struct strset;

struct cvalue {
	struct fval v;
	uint64_t hi; /* FT_PORT range upper bound */
	regex_t *re;
};

/* A field reference ready for extraction, with its transformers. */
struct cfield {
	const struct field_def *f;
	struct field_arg arg;
	uint8_t xf[XF_MAX];
	unsigned nxf;
	enum ftype type; /* after transformers */
	const char *text;
};

struct ccheck {
	struct cfield lhs;
	int op;
	struct cvalue *vals;
	unsigned nvals;
	struct strset *set; /* in/intersects/pmatch on strings */
	bool rhs_field;	    /* val(field) */
	struct cfield rhs;
};

enum cnode_kind {
	CN_AND,
	CN_OR,
	CN_NOT,
	CN_CHECK,
	CN_EVTTYPE,
	CN_TRUE,
	CN_FALSE
};

struct cnode {
	enum cnode_kind kind;
	struct cnode **kids;
	unsigned nkids;
	struct ccheck *chk;
	uint8_t *types; /* CN_EVTTYPE: LNR_EVT_COUNT flags */
};

struct evt_ctx;
/* Evaluates a compiled tree for one event. */
bool cond_eval(const struct cnode *n, struct evt_ctx *ctx, unsigned type);

/* Applies transformers to extracted values in place; strings are
 * rewritten into `scratch`. Returns the number of values left. */
int cond_xform_apply(const struct cfield *cf, struct fval *v, int n,
		     char *scratch, size_t len, size_t *used);

/* String sets: exact members, or path prefixes for pmatch. */
struct strset *strset_new(struct rule_arena *a, size_t n);
int strset_add(struct strset *s, const char *p, size_t len);
bool strset_has(const struct strset *s, const char *p, size_t len);
bool strset_has_prefix_of(const struct strset *s, const char *p, size_t len);

/* Typed values (value_parse.c): 0 or -EINVAL. */
int value_parse(enum ftype t, const char *text, struct cvalue *out,
		struct rule_arena *a);

#endif
