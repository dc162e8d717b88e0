/*
 * Loading list and macro items, and the helpers every item loader shares:
 * key checks, required keys, and the three ways an item changes an earlier
 * one (redefinition, append, override with per-key append/replace).
 */
#include <errno.h>
#include <strings.h>
#include <string.h>

#include "rule_items.h"

static const struct keydef list_keys[] = {{"list", 0},
					  {"items", K_APPEND | K_REPLACE},
					  {"append", 0},
					  {"override", 0},
					  {NULL, 0}};
static const struct keydef macro_keys[] = {{"macro", 0},
					   {"condition", K_APPEND | K_REPLACE},
					   {"append", 0},
					   {"override", 0},
					   {NULL, 0}};

static const struct keydef *key_find(const struct keydef *t, const char *k)
{
	for (; t->name; t++)
		if (!strcmp(t->name, k))
			return t;
	return NULL;
}

/* Every key of the item is known; errors at each unknown one. */
int rule_load_check_keys(struct yaml_ctx *y, yaml_node_t *item,
			 const struct keydef *keys, const char *what)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;
	struct srcpos pos;
	int rc = 0;

	for (p = item->data.mapping.pairs.start;
	     p < item->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(y->doc, p->key);
		pos = yaml_pos(y, k);
		if (k->type != YAML_SCALAR_NODE) {
			diag_err(&y->rs->diags, &pos, "%s keys must be strings",
				 what);
			rc = -EINVAL;
		} else if (!key_find(keys,
				     (const char *)k->data.scalar.value)) {
			diag_err(&y->rs->diags, &pos, "unknown key '%s' in %s",
				 (const char *)k->data.scalar.value, what);
			rc = -EINVAL;
		}
	}
	return rc;
}

int rule_load_bool(struct yaml_ctx *y, yaml_node_t *n, bool *out)
{
	static const char *const t[] = {"true", "yes", "on", NULL};
	static const char *const f[] = {"false", "no", "off", NULL};
	const char *s = yaml_scalar(y, n);
	struct srcpos pos = yaml_pos(y, n);
	int i;

	for (i = 0; s && t[i]; i++) {
		if (!strcasecmp(s, t[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, f[i])) {
			*out = false;
			return 0;
		}
	}
	diag_err(&y->rs->diags, &pos, "expected true or false");
	return -EINVAL;
}

/* A scalar that must be there, or an error naming the key. */
const char *rule_load_need(struct yaml_ctx *y, yaml_node_t *item,
			   const char *key, const char *what)
{
	yaml_node_t *v = yaml_get(y, item, key);
	struct srcpos pos = yaml_pos(y, v ? v : item);
	const char *s = yaml_scalar(y, v);

	if (!v)
		diag_err(&y->rs->diags, &pos, "%s has no '%s' key", what, key);
	else if (!s)
		diag_err(&y->rs->diags, &pos, "'%s' must be a string", key);
	return s;
}

int rule_load_strv(struct yaml_ctx *y, yaml_node_t *seq, struct strv *v,
		   const char *key)
{
	struct srcpos pos = yaml_pos(y, seq);
	yaml_node_item_t *it;
	yaml_node_t *n;
	const char *s;

	if (seq->type == YAML_SCALAR_NODE && !seq->data.scalar.length)
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE) {
		diag_err(&y->rs->diags, &pos, "'%s' must be a list", key);
		return -EINVAL;
	}
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		n = yaml_document_get_node(y->doc, *it);
		pos = yaml_pos(y, n);
		s = yaml_scalar(y, n);
		if (!s) {
			diag_err(&y->rs->diags, &pos,
				 "'%s' entries must be strings", key);
			return -EINVAL;
		}
		if (strv_push(&y->rs->arena, v, s, &pos) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Reads `override:`; modes[i] for keys[i]. */
int rule_load_override(struct yaml_ctx *y, yaml_node_t *item,
		       const struct keydef *keys, unsigned *modes)
{
	yaml_node_t *ov = yaml_get(y, item, "override"), *k, *v;
	struct srcpos pos = yaml_pos(y, ov);
	yaml_node_pair_t *p;
	const struct keydef *kd;
	const char *ks, *vs;
	int rc = 0;

	if (ov->type != YAML_MAPPING_NODE) {
		diag_err(&y->rs->diags, &pos, "'override' must be a mapping");
		return -EINVAL;
	}
	for (p = ov->data.mapping.pairs.start; p < ov->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(y->doc, p->key);
		v = yaml_document_get_node(y->doc, p->value);
		pos = yaml_pos(y, k);
		ks = yaml_scalar(y, k);
		vs = yaml_scalar(y, v);
		kd = ks ? key_find(keys, ks) : NULL;
		if (!kd || !kd->override) {
			diag_err(&y->rs->diags, &pos,
				 "key '%s' cannot be overridden",
				 ks ? ks : "?");
			rc = -EINVAL;
			continue;
		}
		if (!vs ||
		    (strcmp(vs, "append") != 0 && strcmp(vs, "replace") != 0)) {
			pos = yaml_pos(y, v);
			diag_err(&y->rs->diags, &pos,
				 "override of '%s' must be append or replace",
				 ks);
			rc = -EINVAL;
			continue;
		}
		if (!(kd->override & (vs[0] == 'a' ? K_APPEND : K_REPLACE))) {
			diag_err(&y->rs->diags, &pos,
				 "key '%s' cannot be overridden with %s", ks,
				 vs);
			rc = -EINVAL;
			continue;
		}
		if (!yaml_get(y, item, ks)) {
			diag_err(&y->rs->diags, &pos,
				 "override of '%s' but the item has no '%s'",
				 ks, ks);
			rc = -EINVAL;
			continue;
		}
		modes[kd - keys] = vs[0] == 'a' ? K_APPEND : K_REPLACE;
	}
	/* every other value given must be listed in override */
	for (kd = keys; kd->name; kd++) {
		if (!kd->override || modes[kd - keys])
			continue;
		if ((k = yaml_get(y, item, kd->name))) {
			pos = yaml_pos(y, k);
			diag_err(&y->rs->diags, &pos,
				 "key '%s' is given but not listed in "
				 "override",
				 kd->name);
			rc = -EINVAL;
		}
	}
	return rc;
}

/* Reads append:, and errors when both append and override are given. */
int rule_load_mode(struct yaml_ctx *y, yaml_node_t *item, bool *append,
		   bool *override)
{
	yaml_node_t *a = yaml_get(y, item, "append");
	struct srcpos pos;

	*append = false;
	*override = yaml_get(y, item, "override") != NULL;
	if (a && rule_load_bool(y, a, append) < 0)
		return -EINVAL;
	if (*append && *override) {
		pos = yaml_pos(y, a);
		diag_err(&y->rs->diags, &pos,
			 "'append' and 'override' cannot be used together");
		return -EINVAL;
	}
	return 0;
}

int rule_load_add(struct ruleset *rs, void ***v, size_t *n, size_t *cap,
		  void *p)
{
	void **nv;

	if (rs->nlists + rs->nmacros + rs->nrules >= RULESET_ITEMS_MAX) {
		rs->items_refused++;
		return -E2BIG;
	}
	nv = rule_arena_grow(&rs->arena, *v, sizeof(*nv), *n, *n + 1, cap);
	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = p;
	*v = nv;
	return 0;
}

int rule_load_list(struct yaml_ctx *y, yaml_node_t *item)
{
	struct ruleset *rs = y->rs;
	unsigned modes[8] = {0};
	struct srcpos pos = yaml_pos(y, item);
	struct list_def *l, *old;
	yaml_node_t *items;
	bool append, override;
	const char *name;

	if (rule_load_check_keys(y, item, list_keys, "list") < 0 ||
	    rule_load_mode(y, item, &append, &override) < 0)
		return -EINVAL;
	if (!(name = rule_load_need(y, item, "list", "list")))
		return -EINVAL;
	if (override && rule_load_override(y, item, list_keys, modes) < 0)
		return -EINVAL;
	old = ruleset_list_find(rs, name);
	items = yaml_get(y, item, "items");
	if ((append || override) && !old) {
		diag_err(&rs->diags, &pos,
			 "list '%s' has '%s' but no list by that name exists",
			 name, append ? "append" : "override");
		return -EINVAL;
	}
	if (append || modes[1] == K_APPEND)
		return items ? rule_load_strv(y, items, &old->items, "items")
			     : 0;
	if (!items) {
		diag_err(&rs->diags, &pos, "list has no 'items' key");
		return -EINVAL;
	}
	if (override) {
		memset(&old->items, 0, sizeof(old->items));
		return rule_load_strv(y, items, &old->items, "items");
	}
	l = rule_arena_alloc(&rs->arena, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->name = name;
	l->pos = pos;
	if (rule_load_strv(y, items, &l->items, "items") < 0)
		return -EINVAL;
	if (old) {
		*old = *l;
		return 0;
	}
	return rule_load_add(rs, (void ***)&rs->lists, &rs->nlists,
			     &rs->listcap, l);
}

int rule_load_cond(struct yaml_ctx *y, struct srctext *t, yaml_node_t *c,
		   bool append)
{
	struct srcpos pos = yaml_pos(y, c);
	const char *s = yaml_scalar(y, c);

	if (!s) {
		diag_err(&y->rs->diags, &pos, "'condition' must be a string");
		return -EINVAL;
	}
	if (append)
		return srctext_append(&y->rs->arena, t, s, &pos, yaml_src(y, c),
				      false);
	return srctext_set(&y->rs->arena, t, s, &pos, yaml_src(y, c), false);
}

int rule_load_macro(struct yaml_ctx *y, yaml_node_t *item)
{
	struct ruleset *rs = y->rs;
	unsigned modes[8] = {0};
	struct srcpos pos = yaml_pos(y, item);
	struct macro_def *m, *old;
	yaml_node_t *cond;
	bool append, override;
	const char *name;

	if (rule_load_check_keys(y, item, macro_keys, "macro") < 0 ||
	    rule_load_mode(y, item, &append, &override) < 0)
		return -EINVAL;
	if (!(name = rule_load_need(y, item, "macro", "macro")))
		return -EINVAL;
	if (override && rule_load_override(y, item, macro_keys, modes) < 0)
		return -EINVAL;
	old = ruleset_macro_find(rs, name);
	cond = yaml_get(y, item, "condition");
	if ((append || override) && !old) {
		diag_err(&rs->diags, &pos,
			 "macro '%s' has '%s' but no macro by that name "
			 "exists",
			 name, append ? "append" : "override");
		return -EINVAL;
	}
	if (!cond) {
		if (append)
			return 0;
		diag_err(&rs->diags, &pos, "macro has no 'condition' key");
		return -EINVAL;
	}
	if (append || override)
		return rule_load_cond(y, &old->cond, cond,
				      append || modes[1] == K_APPEND);
	m = rule_arena_alloc(&rs->arena, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->name = name;
	m->pos = pos;
	if (rule_load_cond(y, &m->cond, cond, false) < 0)
		return -EINVAL;
	if (old) {
		*old = *m;
		return 0;
	}
	return rule_load_add(rs, (void ***)&rs->macros, &rs->nmacros,
			     &rs->macrocap, m);
}
