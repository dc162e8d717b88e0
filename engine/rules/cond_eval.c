/*
 * Condition evaluation: walks a compiled tree for one event. Field values
 * are extracted into stack arrays and transformed in a stack scratch
 * buffer; nothing is allocated per event.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <string.h>
#include <sys/socket.h>

#include "cond.h"

#define EVAL_SCRATCH 4096

static bool str_eq(const struct fval *v, const struct fval *w)
{
	return v->s.len == w->s.len && !memcmp(v->s.p, w->s.p, v->s.len);
}

static int str_cmp(const struct fval *v, const struct fval *w)
{
	size_t n = v->s.len < w->s.len ? v->s.len : w->s.len;
	int r = memcmp(v->s.p, w->s.p, n);

	if (r)
		return r;
	return v->s.len < w->s.len ? -1 : v->s.len > w->s.len;
}

static bool icontains(const struct fval *v, const struct fval *w)
{
	size_t i, j;

	if (w->s.len > v->s.len)
		return false;
	for (i = 0; i + w->s.len <= v->s.len; i++) {
		for (j = 0; j < w->s.len; j++)
			if (tolower((unsigned char)v->s.p[i + j]) !=
			    tolower((unsigned char)w->s.p[j]))
				break;
		if (j == w->s.len)
			return true;
	}
	return false;
}

/* A NUL-terminated copy for fnmatch and regexec. */
static const char *cstr(const struct fval *v, char *buf, size_t len)
{
	size_t n = v->s.len < len - 1 ? v->s.len : len - 1;

	memcpy(buf, v->s.p, n);
	buf[n] = '\0';
	return buf;
}

static bool str_match(const struct ccheck *c, const struct fval *v,
		      const struct fval *w)
{
	char buf[1024];

	switch (c->op) {
	case OP_EQ:
		return str_eq(v, w);
	case OP_NE:
		return !str_eq(v, w);
	case OP_LT:
		return str_cmp(v, w) < 0;
	case OP_LE:
		return str_cmp(v, w) <= 0;
	case OP_GT:
		return str_cmp(v, w) > 0;
	case OP_GE:
		return str_cmp(v, w) >= 0;
	case OP_CONTAINS:
	case OP_BCONTAINS:
		return memmem(v->s.p, v->s.len, w->s.p, w->s.len) != NULL;
	case OP_ICONTAINS:
		return icontains(v, w);
	case OP_STARTSWITH:
	case OP_BSTARTSWITH:
		return v->s.len >= w->s.len &&
		       !memcmp(v->s.p, w->s.p, w->s.len);
	case OP_ENDSWITH:
		return v->s.len >= w->s.len &&
		       !memcmp(v->s.p + v->s.len - w->s.len, w->s.p, w->s.len);
	case OP_GLOB:
	case OP_IGLOB:
		return !fnmatch(w->s.p, cstr(v, buf, sizeof(buf)),
				c->op == OP_IGLOB ? FNM_CASEFOLD : 0);
	default:
		return false;
	}
}

static bool num_signed(enum ftype t)
{
	return t == FT_INT64;
}

static int num_cmp(const struct fval *v, const struct fval *w)
{
	if (num_signed(v->type) && num_signed(w->type))
		return v->i < w->i ? -1 : v->i > w->i;
	if (num_signed(v->type) && v->i < 0)
		return -1;
	if (num_signed(w->type) && w->i < 0)
		return 1;
	return v->u < w->u ? -1 : v->u > w->u;
}

static bool ip_match(const struct ipval *a, const struct ipval *b)
{
	unsigned bits = a->prefix < b->prefix ? a->prefix : b->prefix;
	unsigned full = bits / 8, rest = bits % 8;

	if (a->family != b->family)
		return false;
	if (memcmp(a->addr, b->addr, full) != 0)
		return false;
	return !rest ||
	       !((a->addr[full] ^ b->addr[full]) & (0xff00 >> rest & 0xff));
}

static bool cmp_result(int op, int r)
{
	switch (op) {
	case OP_EQ:
	case OP_IN:
	case OP_INTERSECTS:
		return r == 0;
	case OP_NE:
		return r != 0;
	case OP_LT:
		return r < 0;
	case OP_LE:
		return r <= 0;
	case OP_GT:
		return r > 0;
	case OP_GE:
		return r >= 0;
	default:
		return false;
	}
}

/* One extracted value against one value of the check. */
static bool match_value(const struct ccheck *c, const struct fval *v,
			const struct cvalue *cv)
{
	struct ipval ip;

	switch (c->lhs.type) {
	case FT_STRING:
	case FT_FSPATH:
	case FT_BYTES:
	case FT_L4PROTO:
		if (c->op == OP_REGEX && cv->re) {
			char buf[1024];

			return !regexec(cv->re, cstr(v, buf, sizeof(buf)), 0,
					NULL, 0);
		}
		return str_match(c, v, &cv->v);
	case FT_BOOL:
		return cmp_result(c->op, v->b != cv->v.b);
	case FT_IPADDR:
	case FT_IPNET:
		ip = v->ip;
		if (v->type == FT_IPADDR)
			ip.prefix = ip.family == AF_INET ? 32 : 128;
		return cmp_result(c->op, !ip_match(&ip, &cv->v.ip));
	case FT_PORT:
		if (c->op == OP_EQ || c->op == OP_NE || c->op == OP_IN ||
		    c->op == OP_INTERSECTS)
			return cmp_result(c->op,
					  !(v->u >= cv->v.u && v->u <= cv->hi));
		return cmp_result(c->op, num_cmp(v, &cv->v));
	default:
		return cmp_result(c->op, num_cmp(v, &cv->v));
	}
}

static bool match_one(const struct ccheck *c, const struct fval *v)
{
	unsigned i;

	if (c->set) {
		if (c->op == OP_PMATCH)
			return strset_has_prefix_of(c->set, v->s.p, v->s.len);
		return strset_has(c->set, v->s.p, v->s.len);
	}
	if (c->op == OP_NE) {
		for (i = 0; i < c->nvals; i++)
			if (!match_value(c, v, &c->vals[i]))
				return false;
		return true;
	}
	for (i = 0; i < c->nvals; i++)
		if (match_value(c, v, &c->vals[i]))
			return true;
	return false;
}

static int extract(const struct cfield *cf, struct evt_ctx *ctx, struct fval *v,
		   char *scratch, size_t *used)
{
	int n = cf->f->extract(ctx, &cf->arg, v, FIELD_VALUES_MAX);

	if (n <= 0)
		return 0;
	if (n > FIELD_VALUES_MAX)
		n = FIELD_VALUES_MAX;
	if (!cf->nxf)
		return n;
	return cond_xform_apply(cf, v, n, scratch, EVAL_SCRATCH, used);
}

static bool match_fields(const struct ccheck *c, const struct fval *v, int n,
			 struct evt_ctx *ctx, char *scratch, size_t *used)
{
	struct fval w[FIELD_VALUES_MAX];
	struct cvalue cv;
	int m, i, j;

	m = extract(&c->rhs, ctx, w, scratch, used);
	memset(&cv, 0, sizeof(cv));
	for (j = 0; j < m; j++) {
		cv.v = w[j];
		cv.hi = w[j].u;
		if (c->rhs.type == FT_IPADDR)
			cv.v.ip.prefix = cv.v.ip.family == AF_INET ? 32 : 128;
		for (i = 0; i < n; i++)
			if (match_value(c, &v[i], &cv))
				return true;
	}
	return false;
}

static bool eval_check(const struct ccheck *c, struct evt_ctx *ctx)
{
	struct fval v[FIELD_VALUES_MAX];
	char scratch[EVAL_SCRATCH];
	size_t used = 0;
	int n, i;

	n = extract(&c->lhs, ctx, v, scratch, &used);
	if (c->op == OP_EXISTS)
		return n > 0;
	if (c->rhs_field)
		return match_fields(c, v, n, ctx, scratch, &used);
	if (c->op == OP_NE && (c->lhs.f->flags & FIELD_NE_NONE)) {
		for (i = 0; i < n; i++)
			if (!match_one(c, &v[i]))
				return false;
		return true;
	}
	if (c->op == OP_IN && (c->lhs.f->flags & FIELD_LIST)) {
		for (i = 0; i < n; i++)
			if (!match_one(c, &v[i]))
				return false;
		return n > 0;
	}
	for (i = 0; i < n; i++)
		if (match_one(c, &v[i]))
			return true;
	return false;
}

bool cond_eval(const struct cnode *n, struct evt_ctx *ctx, unsigned type)
{
	unsigned i;

	switch (n->kind) {
	case CN_AND:
		for (i = 0; i < n->nkids; i++)
			if (!cond_eval(n->kids[i], ctx, type))
				return false;
		return true;
	case CN_OR:
		for (i = 0; i < n->nkids; i++)
			if (cond_eval(n->kids[i], ctx, type))
				return true;
		return false;
	case CN_NOT:
		return !cond_eval(n->kids[0], ctx, type);
	case CN_CHECK:
		return eval_check(n->chk, ctx);
	case CN_EVTTYPE:
		return type < LNR_EVT_COUNT && n->types[type];
	case CN_TRUE:
		return true;
	case CN_FALSE:
		return false;
	}
	return false;
}
