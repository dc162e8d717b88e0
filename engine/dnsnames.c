/*
 * Walks every enabled rule's compiled condition for comparisons of the
 * fd.*ip.name fields with literal names.
 */
#include <string.h>

#include "cond.h"
#include "dnsinfo.h"
#include "dnsnames.h"
#include "ruleset.h"

struct found {
	const char **names;
	size_t n, max;
};

static bool is_name_field(const struct cfield *f)
{
	static const char *const fields[] = {"fd.cip.name", "fd.sip.name",
					     "fd.lip.name", "fd.rip.name"};

	if (f->nxf)
		return false;
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		if (strcmp(f->f->name, fields[i]) == 0)
			return true;
	return false;
}

static bool compares_names(const struct ccheck *c)
{
	return !c->rhs_field && is_name_field(&c->lhs) &&
	       (c->op == OP_EQ || c->op == OP_EQ2 || c->op == OP_NE ||
		c->op == OP_IN || c->op == OP_INTERSECTS);
}

static void add(struct found *f, const struct fval *v)
{
	/* Values are NUL-terminated in the rule arena. */
	if (v->s.p[v->s.len] != '\0' || !dnsinfo_name_ok(v->s.p, v->s.len))
		return;
	for (size_t i = 0; i < f->n && i < f->max; i++)
		if (strcmp(f->names[i], v->s.p) == 0)
			return;
	if (f->n < f->max)
		f->names[f->n] = v->s.p;
	f->n++;
}

static void walk(const struct cnode *n, struct found *f)
{
	if (n->kind == CN_CHECK && compares_names(n->chk))
		for (unsigned i = 0; i < n->chk->nvals; i++)
			add(f, &n->chk->vals[i].v);
	for (unsigned i = 0; i < n->nkids; i++)
		walk(n->kids[i], f);
}

size_t dnsnames_collect(const struct ruleset *rs, const char **names,
			size_t max)
{
	struct found f = {.names = names, .max = max};

	for (size_t i = 0; i < ruleset_rule_total(rs); i++) {
		const struct rule *r = ruleset_rule_at(rs, i);

		if (rule_enabled(r) && rule_cond(r))
			walk(rule_cond(r), &f);
	}
	return f.n;
}
