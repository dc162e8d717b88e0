/*
 * The opening every item loader shares. A list, a macro and a rule each
 * start the same way: only known keys, `append:` or `override:` (not
 * both), the item's name, for rules its source, for an override how each
 * key changes the earlier item, and that earlier item. Lists and macros
 * then differ only in their one value, so one loader serves both.
 */
#ifndef LNR_RULE_LOAD_H
#define LNR_RULE_LOAD_H

#include <stdbool.h>
#include <yaml.h>

#include "diag.h"
#include "rule_items.h"
#include "rule_node.h"
#include "srctext.h"

/* How `override:` may change a key, and how it does; RULE_LOAD_NEW: the
 * item is new or redefines the earlier one. */
enum { RULE_LOAD_APPEND = 1, RULE_LOAD_REPLACE = 2, RULE_LOAD_NEW = 4 };

#define RULE_LOAD_KEYS_MAX 16

struct rule_load_key {
	const char *name;
	unsigned override; /* RULE_LOAD_APPEND | RULE_LOAD_REPLACE allowed */
};

/* An item kind: `what` is the key that names an item ("list") and its
 * name in messages; `keys` every key it may have, ending with NULL. */
struct rule_load_kind {
	const char *what;
	const struct rule_load_key *keys;
	enum rule_item_kind item;
	bool has_source; /* a `source:` key, unknown sources skipped */
	/* Lists and macros: puts the value into the item, `how` being
	 * RULE_LOAD_APPEND, RULE_LOAD_REPLACE or RULE_LOAD_NEW. */
	int (*put)(const struct rule_doc *y, void *item, yaml_node_t *v,
		   unsigned how);
};

/* A list or macro kind: its name, its value (keys[RULE_LOAD_VALUE]),
 * append and override, and how its value is put into an item. */
#define RULE_LOAD_VALUE 1
#define RULE_LOAD_VALUE_KIND(what_, value_, item_, put_)                       \
	{                                                                      \
		.what = (what_),                                               \
		.keys =                                                        \
		    (const struct rule_load_key[]){                            \
			{(what_), 0},                                          \
			{(value_), RULE_LOAD_APPEND | RULE_LOAD_REPLACE},      \
			{"append", 0},                                         \
			{"override", 0},                                       \
			{NULL, 0}},                                            \
		.item = (item_), .put = (put_)                                 \
	}

/* What the opening found. */
struct rule_load_head {
	const char *name;
	struct srcpos pos;  /* the item's */
	const char *source; /* has_source: one of the known source names */
	bool append;
	bool override;
	/* with override: for keys[i], RULE_LOAD_APPEND or RULE_LOAD_REPLACE */
	unsigned modes[RULE_LOAD_KEYS_MAX];
	void *old; /* the earlier item of that name, or NULL */
};

/* Every key of the mapping is one of `keys`; errors at each other one,
 * with `what` naming the item. 0 or -EINVAL. */
int rule_load_keys(const struct rule_doc *y, yaml_node_t *item,
		   const struct rule_load_key *keys, const char *what);

/* Reads the opening of an item of kind `k` and finds the earlier item an
 * append or override changes: 0 to go on, 1 when the item is skipped (a
 * warning was given), -EINVAL after reporting errors. */
int rule_load_open(const struct rule_doc *y, yaml_node_t *item,
		   const struct rule_load_kind *k, struct rule_load_head *h);

/* Loads a list or macro: a new one, a redefinition, an append or an
 * override of its value. 0 or -errno after reporting what is wrong. */
int rule_load_value(const struct rule_doc *y, yaml_node_t *item,
		    const struct rule_load_kind *k);

/* Sets a condition from its scalar, or appends to it. */
int rule_load_cond(const struct rule_doc *y, struct srctext *t, yaml_node_t *c,
		   bool append);

#endif
