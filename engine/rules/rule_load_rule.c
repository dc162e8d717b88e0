/*
 * Loading a rule item: a new rule (all required keys), an enabled-only
 * toggle, an append, or an override with per-key append/replace.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rule_exceptions.h"
#include "rule_items.h"
#include "rule_load.h"
#include "rule_load_rule.h"

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
	RK_CAPTURE,
	RK_CAPTURE_MS,
	RK_N
};

#define APP_REP (RULE_LOAD_APPEND | RULE_LOAD_REPLACE)

/* What `append: true` may add to is what an override may append to. */
static const struct rule_load_key rule_keys[RK_N + 1] = {
    [RK_RULE] = {"rule", 0},
    [RK_DESC] = {"desc", APP_REP},
    [RK_COND] = {"condition", APP_REP},
    [RK_OUTPUT] = {"output", APP_REP},
    [RK_PRIO] = {"priority", RULE_LOAD_REPLACE},
    [RK_ENABLED] = {"enabled", RULE_LOAD_REPLACE},
    [RK_TAGS] = {"tags", APP_REP},
    [RK_SOURCE] = {"source", 0},
    [RK_EXC] = {"exceptions", APP_REP},
    [RK_OVERRIDE] = {"override", 0},
    [RK_APPEND] = {"append", 0},
    [RK_WARN] = {"warn_evttypes", RULE_LOAD_REPLACE},
    [RK_SKIP] = {"skip-if-unknown-filter", RULE_LOAD_REPLACE},
    [RK_CAPTURE] = {"capture", RULE_LOAD_REPLACE},
    [RK_CAPTURE_MS] = {"capture_duration", RULE_LOAD_REPLACE},
};

_Static_assert(RK_N <= RULE_LOAD_KEYS_MAX, "rule keys fit the modes");

static const struct rule_load_kind rule_kind = {.what = "rule",
						.keys = rule_keys,
						.item = RULE_ITEM_RULE,
						.has_source = true};

static int load_text(const struct rule_doc *y, yaml_node_t *n, const char **dst,
		     struct srcpos *pos, bool append)
{
	const char *s = rule_node_scalar(y, n);
	struct srcpos p = rule_node_pos(y, n);
	size_t a, b;
	char *t;

	if (!s || rule_node_empty(n)) {
		diag_err(y->diags, &p, "expected %s",
			 s ? "a non-empty string" : "a string");
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
	t = rule_arena_alloc(y->arena, a + b + 2);
	if (!t)
		return -ENOMEM;
	memcpy(t, *dst, a);
	t[a] = ' ';
	memcpy(t + a + 1, s, b);
	*dst = t;
	return 0;
}

/* capture_duration: milliseconds, at most ten minutes. */
static int load_capture_ms(const struct rule_doc *y, yaml_node_t *n,
			   uint32_t *ms)
{
	const char *s = rule_node_scalar(y, n);
	struct srcpos pos = rule_node_pos(y, n);
	char *end;
	unsigned long v = s ? strtoul(s, &end, 10) : 0;

	if (!s || !*s || *end || *s == '-' || v > RULE_CAPTURE_MAX_MS) {
		diag_err(y->diags, &pos,
			 "invalid capture_duration '%s' (expected "
			 "milliseconds, at most %u)",
			 s ? s : "", RULE_CAPTURE_MAX_MS);
		return -EINVAL;
	}
	*ms = (uint32_t)v;
	return 0;
}

static int load_priority(const struct rule_doc *y, yaml_node_t *n,
			 enum priority *p)
{
	const char *s = rule_node_scalar(y, n);
	struct srcpos pos = rule_node_pos(y, n);

	if (!s) {
		diag_err(y->diags, &pos, "'priority' must be a string");
		return -EINVAL;
	}
	if (priority_parse(s, p) < 0) {
		diag_err(y->diags, &pos,
			 "invalid priority '%s' (expected one of EMERGENCY "
			 "ALERT CRITICAL ERROR WARNING NOTICE INFORMATIONAL "
			 "DEBUG)",
			 s);
		return -EINVAL;
	}
	return 0;
}

/* Applies the keys of `item` to `r`; modes[k] is RULE_LOAD_APPEND or RULE_LOAD_REPLACE
 * for each key to take. */
static int apply_keys(const struct rule_doc *y, yaml_node_t *item,
		      struct rule_def *r, const unsigned *modes)
{
	yaml_node_t *v[RK_N];
	int rc = 0, k;

	for (k = 0; k < RK_N; k++)
		v[k] =
		    modes[k] ? rule_node_get(y, item, rule_keys[k].name) : NULL;
	if (v[RK_DESC])
		rc |= load_text(y, v[RK_DESC], &r->desc, NULL,
				modes[RK_DESC] == RULE_LOAD_APPEND);
	if (v[RK_COND])
		rc |= rule_load_cond(y, &r->cond, v[RK_COND],
				     modes[RK_COND] == RULE_LOAD_APPEND);
	if (v[RK_OUTPUT])
		rc |= load_text(y, v[RK_OUTPUT], &r->output, &r->output_pos,
				modes[RK_OUTPUT] == RULE_LOAD_APPEND);
	if (v[RK_PRIO])
		rc |= load_priority(y, v[RK_PRIO], &r->priority);
	if (v[RK_ENABLED])
		rc |= rule_node_bool(y, v[RK_ENABLED], &r->enabled);
	if (v[RK_WARN])
		rc |= rule_node_bool(y, v[RK_WARN], &r->warn_evttypes);
	if (v[RK_SKIP])
		rc |= rule_node_bool(y, v[RK_SKIP], &r->skip_unknown);
	if (v[RK_CAPTURE])
		rc |= rule_node_bool(y, v[RK_CAPTURE], &r->capture);
	if (v[RK_CAPTURE_MS])
		rc |= load_capture_ms(y, v[RK_CAPTURE_MS], &r->capture_ms);
	if (v[RK_TAGS]) {
		if (modes[RK_TAGS] == RULE_LOAD_REPLACE)
			memset(&r->tags, 0, sizeof(r->tags));
		rc |= rule_node_strv(y, v[RK_TAGS], &r->tags, "tags");
	}
	if (v[RK_EXC]) {
		if (modes[RK_EXC] == RULE_LOAD_REPLACE)
			r->nexc = 0;
		rc |= rule_exceptions_load(y, r, v[RK_EXC],
					   modes[RK_EXC] == RULE_LOAD_APPEND);
	}
	return rc ? -EINVAL : 0;
}

static int load_new(const struct rule_doc *y, yaml_node_t *item,
		    const struct rule_load_head *h, struct rule *old)
{
	static const char *const req[] = {"condition", "output", "desc",
					  "priority"};
	unsigned modes[RK_N];
	struct rule *r;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		if (!rule_node_get(y, item, req[i])) {
			diag_err(y->diags, &h->pos, "rule '%s' has no '%s' key",
				 h->name, req[i]);
			rc = -EINVAL;
		}
	}
	if (!old && rule_items_rule(y->rs, h->name)) {
		diag_errc(y->diags, ERR_VALIDATE, &h->pos,
			  "rule '%s' is defined again with another source",
			  h->name);
		return -EINVAL;
	}
	if (rc)
		return rc;
	r = rule_items_new(y->rs, RULE_ITEM_RULE, h->name, &h->pos);
	if (!r)
		return -ENOMEM;
	r->d.enabled = true;
	r->d.warn_evttypes = true;
	r->d.source = h->source;
	for (i = 0; i < RK_N; i++)
		modes[i] = RULE_LOAD_REPLACE;
	if (apply_keys(y, item, &r->d, modes) < 0)
		return -EINVAL;
	return rule_items_keep(y->rs, RULE_ITEM_RULE, old, r);
}

/* append: true; condition/output/desc are appended after a space, tags and
 * exceptions added. Keys that can only be replaced are refused. */
static int load_append(const struct rule_doc *y, yaml_node_t *item,
		       struct rule *old)
{
	unsigned modes[RK_N];
	struct srcpos pos;
	yaml_node_t *v;
	int k;

	for (k = 0; k < RK_N; k++) {
		if (rule_keys[k].override != RULE_LOAD_REPLACE)
			continue;
		if ((v = rule_node_get(y, item, rule_keys[k].name))) {
			pos = rule_node_pos(y, v);
			diag_err(y->diags, &pos, "key '%s' cannot be appended",
				 rule_keys[k].name);
			return -EINVAL;
		}
	}
	for (k = 0; k < RK_N; k++)
		modes[k] = rule_keys[k].override & RULE_LOAD_APPEND;
	for (k = 0; k < RK_N; k++)
		if (modes[k] && rule_node_get(y, item, rule_keys[k].name))
			return apply_keys(y, item, &old->d, modes);
	pos = rule_node_pos(y, item);
	diag_errc(y->diags, ERR_VALIDATE, &pos,
		  "rule '%s' has 'append' but nothing to append (condition, "
		  "exceptions, output, desc or tags)",
		  old->d.name);
	return -EINVAL;
}

/* `- rule: r` with only `enabled:` turns an earlier rule on or off. */
static bool only_enabled(const struct rule_doc *y, yaml_node_t *item)
{
	return item->data.mapping.pairs.top - item->data.mapping.pairs.start ==
		   2 &&
	       rule_node_get(y, item, "enabled");
}

int rule_load_rule(const struct rule_doc *y, yaml_node_t *item)
{
	struct rule_load_head h;
	struct rule *old;
	int rc = rule_load_open(y, item, &rule_kind, &h);

	if (rc)
		return rc < 0 ? rc : 0;
	old = h.old;
	if (h.append)
		return load_append(y, item, old);
	if (h.override)
		return apply_keys(y, item, &old->d, h.modes);
	if (!only_enabled(y, item))
		return load_new(y, item, &h, old);
	diag_warn(y->diags, DEPRECATED_ITEM, &h.pos,
		  "a rule with only 'enabled' is deprecated: add "
		  "'override: {enabled: replace}'");
	if (!old) {
		diag_errc(y->diags, ERR_VALIDATE, &h.pos,
			  "rule '%s' has only 'enabled' but no rule by that "
			  "name exists",
			  h.name);
		return -EINVAL;
	}
	return rule_node_bool(y, rule_node_get(y, item, "enabled"),
			      &old->d.enabled);
}
