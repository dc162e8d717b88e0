/*
 * Compiling one field check: the field and its transformers, the operator
 * against the field's type, the values typed (lists expanded, hash sets
 * for in/intersects/pmatch, regexes compiled), and evt.type checks turned
 * into event type sets.
 */
#include <errno.h>
#include <string.h>

#include "cond_check.h"
#include "cond_list.h"
#include "rule_items.h"

static const char *const evt_names[] = {
#define EVTNAME(n) #n,
#include "evt_names.def"
#undef EVTNAME
};

/* Whether `name` is an event type name rules may use (a syscall or a
 * Falco event name), even when lanner has no such event. */
static bool evt_name_known(const char *name)
{
	size_t i;

	if (lnr_event_by_name(name) != LNR_EVT_NONE)
		return true;
	for (i = 0; i < sizeof(evt_names) / sizeof(evt_names[0]); i++)
		if (!strcmp(evt_names[i], name))
			return true;
	return false;
}

static bool is_stringy(enum ftype t)
{
	return t == FT_STRING || t == FT_FSPATH || t == FT_BYTES ||
	       t == FT_L4PROTO;
}

static bool op_allowed(enum ftype t, int op)
{
	if (is_stringy(t))
		return true;
	switch (op) {
	case OP_EQ:
	case OP_NE:
	case OP_IN:
	case OP_INTERSECTS:
	case OP_EXISTS:
		return true;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		return t != FT_BOOL && t != FT_IPADDR && t != FT_IPNET;
	default:
		return false;
	}
}

static int compile_field(struct cond_ctx *cc, const struct ast_field *af,
			 struct cfield *cf)
{
	char err[160] = "";
	const char *near;
	enum ftype t;
	size_t used = 0;
	int i;

	memset(cf, 0, sizeof(*cf));
	cf->text = af->name;
	cf->f = fields_lookup(cc->source, af->name, &used, &cf->arg, err,
			      sizeof(err));
	if (!cf->f || used != strlen(af->name)) {
		if (cc->skip_unknown && !cf->f) {
			cc->unknown_field = true;
			return -1;
		}
		near = cf->f ? NULL : fields_nearest(cc->source, af->name);
		cond_ctx_error(cc, af->off, "unknown field '%s'%s%s%s%s%s",
			       af->name, err[0] ? ": " : "", err,
			       near ? " (did you mean '" : "", near ? near : "",
			       near ? "'?)" : "");
		return -1;
	}
	if (!strcmp(cf->f->name, "evt.dir"))
		cc->uses_dir = true;
	if (cf->f->flags & FIELD_NOT_FILTERABLE) {
		cond_ctx_error(cc, af->off,
			       "field '%s' can only be used in outputs",
			       af->name);
		return -1;
	}
	t = cf->f->type;
	for (i = (int)af->nxf - 1; i >= 0; i--) {
		if (!is_stringy(t)) {
			cond_ctx_error(cc, af->off,
				       "a transformer needs a string "
				       "field; '%s' is %s",
				       af->name, ftype_name(t));
			return -1;
		}
		if (af->xf[i] == XF_LEN)
			t = FT_UINT64;
		cf->xf[cf->nxf++] = af->xf[i]; /* innermost first */
	}
	cf->type = t;
	return 0;
}

/* Value texts of a check, with lists named in (...) expanded. */
struct vtext {
	const char *s;
	size_t off;
};

/* Falco warns when a JSON-backed field (ka.*, jevt.*) is tested for
 * equality with "<NA>": such fields may lack a value, and "exists" says
 * so safely. */
static void note_unsafe_na(struct cond_ctx *cc, const struct ast *n,
			   const char *value)
{
	const char *f = n->field.name;

	if (strcmp(value, "<NA>") != 0 ||
	    (strncmp(f, "ka.", 3) != 0 && strncmp(f, "jevt.", 5) != 0))
		return;
	if (n->op == OP_EQ || n->op == OP_NE || n->op == OP_IN ||
	    n->op == OP_INTERSECTS || n->op == OP_PMATCH)
		cc->unsafe_na = true;
}

static int collect(struct cond_ctx *cc, const struct ast *n, struct vtext **out,
		   size_t *nout)
{
	const struct strv *items;
	struct list_def *l;
	struct vtext *v = NULL;
	size_t cap = 0, i, j;

	*nout = 0;
	for (i = 0; i < n->nvals; i++) {
		l = !n->vals[i].quoted && n->list
			? rule_items_list(cc->rs, n->vals[i].text)
			: NULL;
		if (l)
			l->used = true;
		items = l ? cond_list_items(cc, l, n->vals[i].off) : NULL;
		if (l && !items)
			return -1;
		for (j = 0; j < (items ? items->n : 1); j++) {
			v = rule_arena_grow(cc->a, v, sizeof(*v), *nout,
					    *nout + 1, &cap);
			if (!v)
				return -1;
			v[*nout].s = items ? items->v[j] : n->vals[i].text;
			v[*nout].off = n->vals[i].off;
			note_unsafe_na(cc, n, v[*nout].s);
			(*nout)++;
		}
	}
	*out = v;
	return 0;
}

static struct cnode *compile_evttype(struct cond_ctx *cc, const struct ast *n)
{
	struct cnode *out = cond_ctx_node(cc, CN_EVTTYPE);
	enum lnr_evt_type t;
	struct vtext *v;
	size_t nv, i;
	bool any = false;

	if (!out || collect(cc, n, &v, &nv) < 0)
		return NULL;
	out->types = rule_arena_alloc(cc->a, LNR_EVT_COUNT);
	if (!out->types)
		return NULL;
	for (i = 0; i < nv; i++) {
		if (!evt_name_known(v[i].s)) {
			cond_ctx_error(cc, v[i].off, "unknown event type '%s'",
				       v[i].s);
			return NULL;
		}
		t = lnr_event_by_name(v[i].s);
		if (t != LNR_EVT_NONE) {
			out->types[t] = 1;
			any = true;
		}
	}
	if (!any)
		out = cond_ctx_node(cc, CN_FALSE);
	if (!out || n->op != OP_NE)
		return out;
	if (out->kind == CN_FALSE)
		return cond_ctx_node(cc, CN_TRUE);
	return cond_ctx_not(cc, out);
}

static int hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* bcontains/bstartswith take hex bytes: "0a1b". */
static int hex_value(const char *s, struct cvalue *cv, struct rule_arena *a)
{
	size_t n = strlen(s), i;
	int hi, lo;
	char *out;

	if (n % 2 || !n)
		return -EINVAL;
	out = rule_arena_alloc(a, n / 2 + 1);
	if (!out)
		return -ENOMEM;
	for (i = 0; i < n; i += 2) {
		hi = hexdig(s[i]);
		lo = hexdig(s[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i / 2] = (char)(hi << 4 | lo);
	}
	memset(cv, 0, sizeof(*cv));
	cv->v.type = FT_BYTES;
	cv->v.s.p = out;
	cv->v.s.len = n / 2;
	return 0;
}

static int typed_value(struct cond_ctx *cc, const struct ccheck *c,
		       const struct vtext *vt, struct cvalue *cv)
{
	enum ftype t = c->lhs.type;
	regex_t **v;
	char err[128];
	int rc;

	if (c->op == OP_BCONTAINS || c->op == OP_BSTARTSWITH)
		rc = hex_value(vt->s, cv, cc->a);
	else
		rc = value_parse(t == FT_IPADDR ? FT_IPNET : t, vt->s, cv,
				 cc->a);
	if (rc < 0) {
		cond_ctx_error(cc, vt->off, "invalid value '%s' for %s '%s'%s",
			       vt->s, ftype_name(t), c->lhs.text,
			       c->op == OP_BCONTAINS || c->op == OP_BSTARTSWITH
				   ? " (expected hex bytes)"
				   : "");
		return -1;
	}
	if (c->op != OP_REGEX)
		return 0;
	cv->re = rule_arena_alloc(cc->a, sizeof(*cv->re));
	if (!cv->re)
		return -1;
	v = rule_arena_grow(cc->a, cc->rs->regexes, sizeof(regex_t *),
			    cc->rs->nregexes, cc->rs->nregexes + 1,
			    &cc->rs->regexcap);
	if (!v)
		return -1;
	cc->rs->regexes = v;
	rc = regcomp(cv->re, vt->s, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, cv->re, err, sizeof(err));
		cv->re = NULL;
		cond_ctx_error(cc, vt->off, "invalid regex '%s': %s", vt->s,
			       err);
		return -1;
	}
	v[cc->rs->nregexes++] = cv->re;
	return 0;
}

static int build_set(struct cond_ctx *cc, struct ccheck *c)
{
	const struct fval *v;
	unsigned i;
	size_t len;

	if (!cond_op_takes_list(c->op) || !is_stringy(c->lhs.type))
		return 0;
	c->set = strset_new(cc->a, c->nvals);
	if (!c->set)
		return -1;
	for (i = 0; i < c->nvals; i++) {
		v = &c->vals[i].v;
		len = v->s.len;
		if (c->op == OP_PMATCH)
			while (len > 1 && v->s.p[len - 1] == '/')
				len--;
		if (strset_add(c->set, v->s.p, len) < 0)
			return -1;
	}
	return 0;
}

static int compile_values(struct cond_ctx *cc, const struct ast *n,
			  struct ccheck *c)
{
	struct vtext *vt;
	size_t nv, i;

	if (n->nvals == 1 && n->vals[0].is_field) {
		c->rhs_field = true;
		if (compile_field(cc, &n->vals[0].field, &c->rhs) < 0)
			return -1;
		if (is_stringy(c->lhs.type) != is_stringy(c->rhs.type)) {
			cond_ctx_error(cc, n->vals[0].off,
				       "cannot compare %s '%s' "
				       "with %s '%s'",
				       ftype_name(c->lhs.type), c->lhs.text,
				       ftype_name(c->rhs.type), c->rhs.text);
			return -1;
		}
		return 0;
	}
	if (collect(cc, n, &vt, &nv) < 0)
		return -1;
	c->vals = rule_arena_alloc(cc->a, (nv ? nv : 1) * sizeof(*c->vals));
	if (!c->vals)
		return -1;
	for (i = 0; i < nv; i++)
		if (typed_value(cc, c, &vt[i], &c->vals[i]) < 0)
			return -1;
	c->nvals = (unsigned)nv;
	return build_set(cc, c);
}

struct cnode *cond_check(struct cond_ctx *cc, const struct ast *n)
{
	struct cnode *out;
	struct ccheck *c;

	if (!strcmp(n->field.name, "evt.type") && !n->field.nxf &&
	    (n->op == OP_EQ || n->op == OP_NE || n->op == OP_IN))
		return compile_evttype(cc, n);
	c = rule_arena_alloc(cc->a, sizeof(*c));
	out = cond_ctx_node(cc, CN_CHECK);
	if (!c || !out || compile_field(cc, &n->field, &c->lhs) < 0)
		return NULL;
	c->op = n->op;
	if (!op_allowed(c->lhs.type, c->op)) {
		cond_ctx_error(cc, n->field.off,
			       "operator '%s' cannot be used with "
			       "%s field '%s'",
			       cond_op_name(c->op), ftype_name(c->lhs.type),
			       n->field.name);
		return NULL;
	}
	if (c->op != OP_EXISTS && compile_values(cc, n, c) < 0)
		return NULL;
	if (cond_op_takes_list(c->op) && c->nvals == 0)
		return cond_ctx_node(cc, CN_FALSE);
	out->chk = c;
	return out;
}

static bool mergeable(const struct cnode *n)
{
	const struct ccheck *c = n->kind == CN_CHECK ? n->chk : NULL;

	return c && is_stringy(c->lhs.type) && !c->rhs_field &&
	       (c->op == OP_EQ || c->op == OP_IN);
}

static bool same_field(const struct cfield *a, const struct cfield *b)
{
	return a->f == b->f && a->nxf == b->nxf &&
	       !memcmp(a->xf, b->xf, sizeof(a->xf)) &&
	       a->arg.present == b->arg.present &&
	       a->arg.index == b->arg.index &&
	       !memcmp(a->arg.key, b->arg.key, sizeof(a->arg.key));
}

/* Appends b's values to the group check g (a private copy). */
static int merge_into(struct cond_ctx *cc, struct ccheck *g,
		      const struct ccheck *b, size_t *cap)
{
	struct cvalue *v;

	v = rule_arena_grow(cc->a, g->vals, sizeof(*v), g->nvals,
			    g->nvals + b->nvals, cap);
	if (!v)
		return -1;
	memcpy(v + g->nvals, b->vals, b->nvals * sizeof(*v));
	g->vals = v;
	g->nvals += b->nvals;
	return 0;
}

/*
 * In an OR, checks of one string field for equality or membership
 * ("proc.name = a or proc.name in (b, c)") become one hash set lookup.
 * Nodes are private to the tree being compiled, so the first check of
 * each field takes the others' values in place.
 */
int cond_check_merge_or(struct cond_ctx *cc, struct cnode * or)
{
	struct ccheck *g;
	struct cnode *kid;
	unsigned i, j, out = 0;
	size_t cap;

	for (i = 0; i < or->nkids; i++) {
		kid = or->kids[i];
		for (j = 0; j < out && mergeable(kid); j++)
			if (mergeable(or->kids[j]) &&
			    same_field(& or->kids[j]->chk->lhs, &kid->chk->lhs))
				break;
		if (!mergeable(kid) || j == out) {
			or->kids[out++] = kid;
			continue;
		}
		g = or->kids[j]->chk;
		cap = g->nvals;
		if (merge_into(cc, g, kid->chk, &cap) < 0)
			return -1;
		g->op = OP_IN;
		g->set = NULL;
	}
	or->nkids = out;
	for (i = 0; i < out; i++) {
		g = mergeable(or->kids[i]) ? or->kids[i]->chk : NULL;
		if (g && g->op == OP_IN && !g->set && build_set(cc, g) < 0)
			return -1;
	}
	return 0;
}
