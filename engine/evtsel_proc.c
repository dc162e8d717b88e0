/*
 * Which event types the probe records only for some processes
 * (common/procfilter.h), derived from the enabled syscall rules: a type
 * that neither the state nor the user asks for, whose every rule can
 * fire only when proc.name is one of a few names. Each condition is
 * reduced, per event type, to the names proc.name may hold for it to be
 * true (or false, under a not): a check proc.name = x or proc.name in
 * (...) names them; anything else leaves any name possible.
 */
#include <string.h>

#include "cond.h"
#include "conf_keys.h"
#include "evtsel.h"
#include "procfilter.h"
#include "state.h"

#define NAMES_MAX 64 /* more, and any name will do */

struct nameset {
	bool any;
	size_t n;
	const char *s[NAMES_MAX];
	size_t len[NAMES_MAX];
};

static struct nameset nameset_any(bool any)
{
	struct nameset r;

	r.any = any;
	r.n = 0;
	return r;
}

static bool nameset_has(const struct nameset *a, const char *s, size_t len)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->len[i] == len && !memcmp(a->s[i], s, len))
			return true;
	return false;
}

static void nameset_add(struct nameset *a, const char *s, size_t len)
{
	if (a->any || nameset_has(a, s, len))
		return;
	if (a->n == NAMES_MAX) {
		a->any = true;
		return;
	}
	a->s[a->n] = s;
	a->len[a->n++] = len;
}

static void nameset_or(struct nameset *a, const struct nameset *b)
{
	if (b->any)
		a->any = true;
	for (size_t i = 0; i < b->n; i++)
		nameset_add(a, b->s[i], b->len[i]);
}

static void nameset_and(struct nameset *a, const struct nameset *b)
{
	struct nameset r = nameset_any(false);

	if (b->any)
		return;
	if (a->any) {
		*a = *b;
		return;
	}
	for (size_t i = 0; i < a->n; i++)
		if (nameset_has(b, a->s[i], a->len[i]))
			nameset_add(&r, a->s[i], a->len[i]);
	*a = r;
}

/* The names for which check c is true (want) or false. */
static struct nameset check_names(const struct ccheck *c, bool want)
{
	struct nameset r = nameset_any(false);

	if (!want || c->lhs.nxf || c->rhs_field ||
	    strcmp(c->lhs.f->name, "proc.name") != 0 ||
	    (c->op != OP_EQ && c->op != OP_IN))
		return nameset_any(true);
	for (unsigned i = 0; i < c->nvals; i++) {
		const struct cvalue *v = &c->vals[i];

		if (v->v.type != FT_STRING)
			return nameset_any(true);
		/* The kernel keeps PROCFILTER_NAME_MAX bytes of a name: a
		 * longer one is never a process's. */
		if (v->v.s.len <= PROCFILTER_NAME_MAX)
			nameset_add(&r, v->v.s.p, v->v.s.len);
	}
	return r;
}

static struct nameset cond_names(const struct cnode *n, unsigned t, bool want)
{
	struct nameset r, k;
	bool meet;

	switch (n->kind) {
	case CN_TRUE:
		return nameset_any(want);
	case CN_FALSE:
		return nameset_any(!want);
	case CN_EVTTYPE:
		return nameset_any((n->types[t] != 0) == want);
	case CN_CHECK:
		return check_names(n->chk, want);
	case CN_NOT:
		return cond_names(n->kids[0], t, !want);
	case CN_AND:
	case CN_OR:
		/* All kids true for an and, one for an or; false, the
		 * other way round. */
		meet = (n->kind == CN_AND) == want;
		r = nameset_any(meet);
		for (unsigned i = 0; i < n->nkids; i++) {
			k = cond_names(n->kids[i], t, want);
			if (meet)
				nameset_and(&r, &k);
			else
				nameset_or(&r, &k);
		}
		return r;
	}
	return nameset_any(true);
}

/* The names under which some enabled rule can match type t. */
static struct nameset type_names(const struct ruleset *rs, unsigned t)
{
	struct nameset r = nameset_any(false), k;

	for (size_t i = 0; i < ruleset_rule_total(rs) && !r.any; i++) {
		const struct rule *rl = ruleset_rule_at(rs, i);

		if (!rule_enabled(rl) ||
		    strcmp(rule_source(rl), "syscall") != 0 ||
		    !rule_has_type(rl, t))
			continue;
		k = cond_names(rule_cond(rl), t, true);
		nameset_or(&r, &k);
	}
	return r;
}

/* Whether the filter may apply at all: no base_syscalls key widens the
 * selection. */
static bool derivable(const struct conf *c)
{
	return !conf_bool(c, CONF_BASE_SYSCALLS_ALL) && !evtsel_custom(c);
}

void evtsel_proc_compute(const struct ruleset *rs, const struct conf *c,
			 uint8_t set[LNR_EVT_COUNT],
			 uint8_t mask[PROCFILTER_BYTES])
{
	uint8_t state[LNR_EVT_COUNT] = {0};

	memset(mask, 0, PROCFILTER_BYTES);
	if (!derivable(c))
		return;
	state_evt_types_read(state);
	for (unsigned t = 1; t < LNR_EVT_COUNT; t++) {
		struct nameset nm;

		/* The probe's syscalls, none the state reads. */
		if (set[t] != EVTSEL_RULES || state[t] ||
		    lnr_events[t].kind != LNR_KIND_SYSCALL)
			continue;
		nm = type_names(rs, t);
		if (nm.any)
			continue;
		set[t] |= PROCFILTER_EVT;
		for (size_t i = 0; i < nm.n; i++) {
			unsigned b = procfilter_bit(nm.s[i], nm.len[i]);

			mask[b / 8] |= (uint8_t)(1u << (b % 8));
		}
	}
}

void evtsel_proc_explain(const struct ruleset *rs, const struct conf *c,
			 FILE *out)
{
	uint8_t set[LNR_EVT_COUNT] = {0}, mask[PROCFILTER_BYTES];
	size_t n = 0;

	evtsel_compute(rs, c, set);
	evtsel_proc_compute(rs, c, set, mask);
	for (unsigned t = 1; t < LNR_EVT_COUNT; t++) {
		struct nameset nm;

		if (!(set[t] & PROCFILTER_EVT))
			continue;
		if (!n++)
			fprintf(out, "recorded only for the processes the "
				     "rules name (proc.name):\n");
		nm = type_names(rs, t);
		fprintf(out, "  %-16s", lnr_events[t].name);
		for (size_t i = 0; i < nm.n; i++)
			fprintf(out, "%s%.*s", i ? ", " : "", (int)nm.len[i],
				nm.s[i]);
		fprintf(out, "%s\n", nm.n ? "" : "(no process)");
	}
	if (!n)
		fprintf(out, "recorded for every process: no event type "
			     "matched only by named processes\n");
}
