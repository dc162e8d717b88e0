/*
 * The rule set's items by kind and name: finding a list, macro or rule,
 * making a new one, and keeping it, either in place of the item it
 * redefines or after the others, within the bound on items.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "rule_items.h"
#include "suggest.h"

/* find() reads each item's name through a pointer to the item. */
_Static_assert(offsetof(struct list_def, name) == 0, "list name first");
_Static_assert(offsetof(struct macro_def, name) == 0, "macro name first");
_Static_assert(offsetof(struct rule, d.name) == 0, "rule name first");

/* The set's vector of one kind of item. */
struct vec {
	void ***v;
	size_t *n, *cap;
	size_t size; /* of one item */
};

static struct vec vec_of(struct ruleset *rs, enum rule_item_kind k)
{
	switch (k) {
	case RULE_ITEM_LIST:
		return (struct vec){(void ***)&rs->lists, &rs->nlists,
				    &rs->listcap, sizeof(struct list_def)};
	case RULE_ITEM_MACRO:
		return (struct vec){(void ***)&rs->macros, &rs->nmacros,
				    &rs->macrocap, sizeof(struct macro_def)};
	case RULE_ITEM_RULE:
		break;
	}
	return (struct vec){(void ***)&rs->rules, &rs->nrules, &rs->rulecap,
			    sizeof(struct rule)};
}

void *rule_items_find(const struct ruleset *rs, enum rule_item_kind k,
		      const char *name, const char *source)
{
	struct vec v = vec_of((struct ruleset *)rs, k); /* only read */
	const struct rule *r;
	size_t i;

	for (i = 0; i < *v.n; i++)
		if (!strcmp(*(const char *const *)(*v.v)[i], name))
			break;
	if (i == *v.n)
		return NULL;
	r = (*v.v)[i];
	if (k == RULE_ITEM_RULE && source && strcmp(r->d.source, source) != 0)
		return NULL;
	return (*v.v)[i];
}

const char *rule_items_nearest(const struct ruleset *rs, enum rule_item_kind k,
			       const char *name)
{
	struct vec v = vec_of((struct ruleset *)rs, k); /* only read */
	struct suggest s;
	size_t i;

	suggest_init(&s, name);
	for (i = 0; i < *v.n; i++)
		suggest_offer(&s, *(const char *const *)(*v.v)[i]);
	return suggest_best(&s);
}

struct list_def *rule_items_list(const struct ruleset *rs, const char *name)
{
	return rule_items_find(rs, RULE_ITEM_LIST, name, NULL);
}

struct macro_def *rule_items_macro(const struct ruleset *rs, const char *name)
{
	return rule_items_find(rs, RULE_ITEM_MACRO, name, NULL);
}

struct rule *rule_items_rule(const struct ruleset *rs, const char *name)
{
	return rule_items_find(rs, RULE_ITEM_RULE, name, NULL);
}

void *rule_items_new(struct ruleset *rs, enum rule_item_kind k,
		     const char *name, const struct srcpos *pos)
{
	void *p = rule_arena_alloc(&rs->arena, vec_of(rs, k).size);
	struct list_def *l = p;
	struct macro_def *m = p;
	struct rule *r = p;

	if (!p)
		return NULL;
	if (k == RULE_ITEM_LIST) {
		l->name = name;
		l->pos = *pos;
	} else if (k == RULE_ITEM_MACRO) {
		m->name = name;
		m->pos = *pos;
	} else {
		r->d.name = name;
		r->d.pos = *pos;
	}
	return p;
}

int rule_items_keep(struct ruleset *rs, enum rule_item_kind k, void *old,
		    void *item)
{
	struct vec v = vec_of(rs, k);

	if (old) {
		memcpy(old, item, v.size);
		return 0;
	}
	if (rs->nlists + rs->nmacros + rs->nrules >= RULESET_ITEMS_MAX) {
		rs->items_refused++;
		return -E2BIG;
	}
	return rule_arena_push(&rs->arena, v.v, v.n, v.cap, item);
}
