/*
 * Loading a rule item: a new rule (all required keys), an enabled-only
 * toggle, an append, or an override with per-key append/replace.
 */
#include <errno.h>
#include <string.h>

#include "rule_items.h"

static const struct keydef rule_keys[] = {{"rule", 0},
					  {"desc", K_APPEND | K_REPLACE},
					  {"condition", K_APPEND | K_REPLACE},
					  {"output", K_APPEND | K_REPLACE},
					  {"priority", K_REPLACE},
					  {"enabled", K_REPLACE},
					  {"tags", K_APPEND | K_REPLACE},
					  {"source", 0},
					  {"exceptions", K_APPEND | K_REPLACE},
					  {"override", 0},
					  {"append", 0},
					  {"warn_evttypes", K_REPLACE},
					  {"skip-if-unknown-filter", K_REPLACE},
					  {NULL, 0}};
enum {
	RK_RULE,
	RK_DESC,
	RK_COND,
	RK_OUTPUT,
	RK_PRIO,
	RK_ENABLED,
	RK_TAGS,
	RK_SOURCE,
	RK_EXC,
	RK_OVERRIDE,
	RK_APPEND,
	RK_WARN,
	RK_SKIP,
	RK_N
};

/* The canonical string of a known source (so sources compare by
 * pointer), or NULL. */
static const char *source_known(const char *s)
{
	static const char *const known[] = {"syscall", "k8s_audit"};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(s, known[i]))
			return known[i];
	return NULL;
}

static int load_text(struct yaml_ctx *y, yaml_node_t *n, const char **dst,
		     struct srcpos *pos, bool append)
{
	const char *s = yaml_scalar(y, n);
	struct srcpos p = yaml_pos(y, n);
	size_t a, b;
	char *t;

	if (!s) {
		diag_err(&y->rs->diags, &p, "expected a string");
		return -EINVAL;
	}
	if (pos) {
		*pos = p;
		if (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			pos->col++; /* offsets count from after the quote */
	}
	if (!append || !*dst) {
		*dst = s;
		return 0;
	}
	a = strlen(*dst);
	b = strlen(s);
	t = rule_arena_alloc(&y->rs->arena, a + b + 2);
	if (!t)
		return -ENOMEM;
	memcpy(t, *dst, a);
	t[a] = ' ';
	memcpy(t + a + 1, s, b);
	*dst = t;
	return 0;
}

static int load_priority(struct yaml_ctx *y, yaml_node_t *n, enum priority *p)
{
	const char *s = yaml_scalar(y, n);
	struct srcpos pos = yaml_pos(y, n);

	if (!s || priority_parse(s, p) < 0) {
		diag_err(&y->rs->diags, &pos,
			 "invalid priority '%s' (expected one of EMERGENCY "
			 "ALERT CRITICAL ERROR WARNING NOTICE INFORMATIONAL "
			 "DEBUG)",
			 s ? s : "");
		return -EINVAL;
	}
	return 0;
}

/* Applies the keys of `item` to `r`; modes[k] is K_APPEND or K_REPLACE
 * for each key to take. */
static int apply_keys(struct yaml_ctx *y, yaml_node_t *item, struct rule_def *r,
		      const unsigned *modes)
{
	yaml_node_t *v[RK_N];
	int rc = 0, k;

	for (k = 0; k < RK_N; k++)
		v[k] = modes[k] ? yaml_get(y, item, rule_keys[k].name) : NULL;
	if (v[RK_DESC])
		rc |= load_text(y, v[RK_DESC], &r->desc, NULL,
				modes[RK_DESC] == K_APPEND);
	if (v[RK_COND])
		rc |= rule_load_cond(y, &r->cond, v[RK_COND],
				     modes[RK_COND] == K_APPEND);
	if (v[RK_OUTPUT])
		rc |= load_text(y, v[RK_OUTPUT], &r->output, &r->output_pos,
				modes[RK_OUTPUT] == K_APPEND);
	if (v[RK_PRIO])
		rc |= load_priority(y, v[RK_PRIO], &r->priority);
	if (v[RK_ENABLED])
		rc |= rule_load_bool(y, v[RK_ENABLED], &r->enabled);
	if (v[RK_WARN])
		rc |= rule_load_bool(y, v[RK_WARN], &r->warn_evttypes);
	if (v[RK_SKIP])
		rc |= rule_load_bool(y, v[RK_SKIP], &r->skip_unknown);
	if (v[RK_TAGS]) {
		if (modes[RK_TAGS] == K_REPLACE)
			memset(&r->tags, 0, sizeof(r->tags));
		rc |= rule_load_strv(y, v[RK_TAGS], &r->tags, "tags");
	}
	if (v[RK_EXC]) {
		if (modes[RK_EXC] == K_REPLACE)
			r->nexc = 0;
		rc |= rule_exc_load(y, r, v[RK_EXC], modes[RK_EXC] == K_APPEND);
	}
	return rc ? -EINVAL : 0;
}

static int load_new(struct yaml_ctx *y, yaml_node_t *item, const char *name,
		    const char *source, struct rule *old)
{
	static const char *const req[] = {"condition", "output", "desc",
					  "priority"};
	unsigned modes[RK_N];
	struct srcpos pos = yaml_pos(y, item);
	struct rule *r;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		if (!yaml_get(y, item, req[i])) {
			diag_err(&y->rs->diags, &pos,
				 "rule '%s' has no '%s' key", name, req[i]);
			rc = -EINVAL;
		}
	}
	if (rc)
		return rc;
	r = rule_arena_alloc(&y->rs->arena, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->d.name = name;
	r->d.pos = pos;
	r->d.enabled = true;
	r->d.warn_evttypes = true;
	r->d.source = source;
	for (i = 0; i < RK_N; i++)
		modes[i] = K_REPLACE;
	if (apply_keys(y, item, &r->d, modes) < 0)
		return -EINVAL;
	if (old) {
		*old = *r;
		return 0;
	}
	return rule_load_add(y->rs, (void ***)&y->rs->rules, &y->rs->nrules,
			     &y->rs->rulecap, r);
}

/* append: true; condition/output/desc are appended after a space, tags and
 * exceptions added. */
static int load_append(struct yaml_ctx *y, yaml_node_t *item, struct rule *old)
{
	static const int keys[] = {RK_PRIO, RK_ENABLED, RK_WARN, RK_SKIP};
	unsigned modes[RK_N] = {0};
	struct srcpos pos;
	yaml_node_t *v;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((v = yaml_get(y, item, rule_keys[keys[i]].name))) {
			pos = yaml_pos(y, v);
			diag_err(&y->rs->diags, &pos,
				 "key '%s' cannot be appended",
				 rule_keys[keys[i]].name);
			return -EINVAL;
		}
	}
	modes[RK_DESC] = modes[RK_COND] = modes[RK_OUTPUT] = K_APPEND;
	modes[RK_TAGS] = modes[RK_EXC] = K_APPEND;
	return apply_keys(y, item, &old->d, modes);
}

int rule_load_rule(struct yaml_ctx *y, yaml_node_t *item)
{
	unsigned modes[RK_N] = {0};
	struct srcpos pos = yaml_pos(y, item);
	bool append, override;
	const char *name, *source = "syscall";
	yaml_node_t *v;
	struct rule *old;

	if (rule_load_check_keys(y, item, rule_keys, "rule") < 0 ||
	    rule_load_mode(y, item, &append, &override) < 0)
		return -EINVAL;
	if (!(name = rule_load_need(y, item, "rule", "rule")))
		return -EINVAL;
	if ((v = yaml_get(y, item, "source")) &&
	    !(source = rule_load_need(y, item, "source", "rule")))
		return -EINVAL;
	if (!source_known(source)) {
		pos = yaml_pos(y, v);
		diag_warn(&y->rs->diags, &pos,
			  "rule '%s' skipped: unknown source '%s'", name,
			  source);
		return 0;
	}
	source = source_known(source);
	if (override && rule_load_override(y, item, rule_keys, modes) < 0)
		return -EINVAL;
	old = ruleset_rule_find_mut(y->rs, name);
	if (old && strcmp(old->d.source, source) != 0)
		old = NULL;
	if ((append || override) && !old) {
		diag_err(&y->rs->diags, &pos,
			 "rule '%s' has '%s' but no rule by that name exists",
			 name, append ? "append" : "override");
		return -EINVAL;
	}
	if (append)
		return load_append(y, item, old);
	if (override)
		return apply_keys(y, item, &old->d, modes);
	if (item->data.mapping.pairs.top - item->data.mapping.pairs.start ==
		2 &&
	    (v = yaml_get(y, item, "enabled"))) {
		if (!old) {
			diag_err(&y->rs->diags, &pos,
				 "rule '%s' has only 'enabled' but no rule by "
				 "that name exists",
				 name);
			return -EINVAL;
		}
		return rule_load_bool(y, v, &old->d.enabled);
	}
	return load_new(y, item, name, source, old);
}
