/*
 * The opening of every rule file item: key checks, append or override,
 * the name, the source of a rule, the per-key modes of an override, and
 * the earlier item an append or override changes. The loaders of lists,
 * macros and rules start here, then do their own.
 */
#include <errno.h>
#include <string.h>

#include "rule_load.h"

static const struct rule_load_key *key_find(const struct rule_load_key *t,
					    const char *k)
{
	for (; t->name; t++)
		if (!strcmp(t->name, k))
			return t;
	return NULL;
}

int rule_load_keys(const struct rule_doc *y, yaml_node_t *item,
		   const struct rule_load_key *keys, const char *what)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;
	struct srcpos pos;
	int rc = 0;

	for (p = item->data.mapping.pairs.start;
	     p < item->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(y->doc, p->key);
		pos = rule_node_pos(y, k);
		if (k->type != YAML_SCALAR_NODE) {
			diag_err(y->diags, &pos, "%s keys must be strings",
				 what);
			rc = -EINVAL;
		} else if (!key_find(keys,
				     (const char *)k->data.scalar.value)) {
			diag_warn(y->diags, UNKNOWN_KEY, &pos,
				  "unknown key '%s' in %s, ignored",
				  (const char *)k->data.scalar.value, what);
		}
	}
	return rc;
}

/* Reads append:, and errors when both append and override are given. */
static int read_mode(const struct rule_doc *y, yaml_node_t *item,
		     struct rule_load_head *h)
{
	yaml_node_t *a = rule_node_get(y, item, "append");
	struct srcpos pos;

	h->override = rule_node_get(y, item, "override") != NULL;
	if (a && rule_node_bool(y, a, &h->append) < 0)
		return -EINVAL;
	if (h->append) {
		pos = rule_node_pos(y, a);
		diag_warn(y->diags, DEPRECATED_ITEM, &pos,
			  "'append' is deprecated: name the key under "
			  "'override' instead (e.g. 'condition: append')");
	}
	if (h->append && h->override) {
		pos = rule_node_pos(y, a);
		diag_err(y->diags, &pos,
			 "'append' and 'override' cannot be used together");
		return -EINVAL;
	}
	return 0;
}

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

/* `source:`, "syscall" when absent; 1 when the source is unknown. */
static int read_source(const struct rule_doc *y, yaml_node_t *item,
		       const struct rule_load_kind *k, struct rule_load_head *h)
{
	yaml_node_t *v = rule_node_get(y, item, "source");
	const char *s = "syscall";
	struct srcpos pos;

	if (v && !(s = rule_node_need(y, item, "source", k->what)))
		return -EINVAL;
	h->source = source_known(s);
	if (h->source)
		return 0;
	pos = rule_node_pos(y, v);
	diag_warn(y->diags, UNKNOWN_SOURCE, &pos,
		  "%s '%s' skipped: unknown source '%s'", k->what, h->name, s);
	return 1;
}

/* One `key: append|replace` of override:; 0 or -EINVAL, reported. */
static int read_override_key(const struct rule_doc *y, yaml_node_t *item,
			     const struct rule_load_key *keys,
			     const yaml_node_pair_t *p,
			     struct rule_load_head *h)
{
	yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
	yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
	struct srcpos pos = rule_node_pos(y, k);
	const char *ks = rule_node_scalar(y, k), *vs = rule_node_scalar(y, v);
	const struct rule_load_key *kd = ks ? key_find(keys, ks) : NULL;
	unsigned how;

	if (!kd || !kd->override) {
		diag_err(y->diags, &pos, "key '%s' cannot be overridden",
			 ks ? ks : "?");
		return -EINVAL;
	}
	if (!vs || (strcmp(vs, "append") != 0 && strcmp(vs, "replace") != 0)) {
		pos = rule_node_pos(y, v);
		diag_err(y->diags, &pos,
			 "override of '%s' must be append or replace", ks);
		return -EINVAL;
	}
	how = vs[0] == 'a' ? RULE_LOAD_APPEND : RULE_LOAD_REPLACE;
	if (!(kd->override & how)) {
		diag_err(y->diags, &pos,
			 "key '%s' cannot be overridden with %s", ks, vs);
		return -EINVAL;
	}
	if (!rule_node_get(y, item, ks)) {
		diag_err(y->diags, &pos,
			 "override of '%s' but the item has no '%s'", ks, ks);
		return -EINVAL;
	}
	h->modes[kd - keys] = how;
	return 0;
}

/* Reads `override:` into h->modes; every other value the item gives must
 * be listed there. */
static int read_override(const struct rule_doc *y, yaml_node_t *item,
			 const struct rule_load_key *keys,
			 struct rule_load_head *h)
{
	yaml_node_t *ov = rule_node_get(y, item, "override"), *k;
	struct srcpos pos = rule_node_pos(y, ov);
	const struct rule_load_key *kd;
	yaml_node_pair_t *p;
	int rc = 0;

	if (ov->type != YAML_MAPPING_NODE) {
		diag_err(y->diags, &pos, "'override' must be a mapping");
		return -EINVAL;
	}
	for (p = ov->data.mapping.pairs.start; p < ov->data.mapping.pairs.top;
	     p++)
		if (read_override_key(y, item, keys, p, h) < 0)
			rc = -EINVAL;
	for (kd = keys; kd->name; kd++) {
		if (!kd->override || h->modes[kd - keys])
			continue;
		if ((k = rule_node_get(y, item, kd->name))) {
			pos = rule_node_pos(y, k);
			diag_err(y->diags, &pos,
				 "key '%s' is given but not listed in "
				 "override",
				 kd->name);
			rc = -EINVAL;
		}
	}
	return rc;
}

/* An append or override needs the earlier item: reported when there is
 * none. */
static int check_found(const struct rule_doc *y, const struct rule_load_kind *k,
		       const struct rule_load_head *h)
{
	const char *near;

	if (h->old || !(h->append || h->override))
		return 0;
	near = rule_items_nearest(y->rs, k->item, h->name);
	diag_errc(y->diags, ERR_VALIDATE, &h->pos,
		  "%s '%s' has '%s' but no %s by that name exists%s%s%s",
		  k->what, h->name, h->append ? "append" : "override", k->what,
		  near ? " (did you mean '" : "", near ? near : "",
		  near ? "'?)" : "");
	return -EINVAL;
}

int rule_load_open(const struct rule_doc *y, yaml_node_t *item,
		   const struct rule_load_kind *k, struct rule_load_head *h)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->pos = rule_node_pos(y, item);
	if (rule_load_keys(y, item, k->keys, k->what) < 0 ||
	    read_mode(y, item, h) < 0)
		return -EINVAL;
	h->name = rule_node_need(y, item, k->what, k->what);
	if (!h->name)
		return -EINVAL;
	if (k->has_source && (rc = read_source(y, item, k, h)) != 0)
		return rc;
	if (h->override && read_override(y, item, k->keys, h) < 0)
		return -EINVAL;
	h->old = rule_items_find(y->rs, k->item, h->name, h->source);
	return check_found(y, k, h);
}

/* The opening of a list or macro, and how its value *v changes it:
 * RULE_LOAD_APPEND, RULE_LOAD_REPLACE, RULE_LOAD_NEW, 0 when there is
 * nothing to do, -EINVAL after reporting errors. */
static int value_how(const struct rule_doc *y, yaml_node_t *item,
		     const struct rule_load_kind *k, struct rule_load_head *h,
		     yaml_node_t **v)
{
	const char *key = k->keys[RULE_LOAD_VALUE].name;

	if (rule_load_open(y, item, k, h) != 0)
		return -EINVAL;
	*v = rule_node_get(y, item, key);
	if (!*v && h->append)
		return 0;
	if (!*v) {
		diag_err(y->diags, &h->pos, "%s has no '%s' key", k->what, key);
		return -EINVAL;
	}
	if (h->append || h->modes[RULE_LOAD_VALUE] == RULE_LOAD_APPEND)
		return RULE_LOAD_APPEND;
	return h->override ? RULE_LOAD_REPLACE : RULE_LOAD_NEW;
}

int rule_load_value(const struct rule_doc *y, yaml_node_t *item,
		    const struct rule_load_kind *k)
{
	struct rule_load_head h;
	yaml_node_t *v;
	void *it;
	int how = value_how(y, item, k, &h, &v);

	if (how <= 0)
		return how;
	it = h.old;
	if (how == RULE_LOAD_NEW)
		it = rule_items_new(y->rs, k->item, h.name, &h.pos);
	if (!it)
		return -ENOMEM;
	if (k->put(y, it, v, (unsigned)how) < 0)
		return -EINVAL;
	return how == RULE_LOAD_NEW ? rule_items_keep(y->rs, k->item, h.old, it)
				    : 0;
}

int rule_load_cond(const struct rule_doc *y, struct srctext *t, yaml_node_t *c,
		   bool append)
{
	struct srcpos pos = rule_node_pos(y, c);
	const char *s = rule_node_scalar(y, c);

	if (!s || rule_node_empty(c)) {
		diag_err(y->diags, &pos, "'condition' must be %s",
			 s ? "a non-empty condition" : "a string");
		return -EINVAL;
	}
	if (append)
		return srctext_append(y->arena, t, s, &pos, rule_node_src(y, c),
				      false);
	return srctext_set(y->arena, t, s, &pos, rule_node_src(y, c), false);
}
