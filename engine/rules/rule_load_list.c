/*
 * List items: a new list, one that replaces an earlier list of the same
 * name, or items appended to or replacing an earlier list's.
 */
#include <string.h>

#include "rule_load.h"
#include "rule_load_list.h"

static int put_items(const struct rule_doc *y, void *item, yaml_node_t *v,
		     unsigned how)
{
	struct list_def *l = item;

	if (how == RULE_LOAD_REPLACE)
		memset(&l->items, 0, sizeof(l->items));
	return rule_node_strv(y, v, &l->items, "items");
}

static const struct rule_load_kind list_kind =
    RULE_LOAD_VALUE_KIND("list", "items", RULE_ITEM_LIST, put_items);

int rule_load_list(const struct rule_doc *y, yaml_node_t *item)
{
	return rule_load_value(y, item, &list_kind);
}
