/*
 * Macro items: a new macro, one that replaces an earlier macro of the
 * same name, or a condition appended to or replacing an earlier one's.
 */
#include "rule_load.h"
#include "rule_load_macro.h"

static int put_condition(const struct rule_doc *y, void *item, yaml_node_t *v,
			 unsigned how)
{
	struct macro_def *m = item;

	return rule_load_cond(y, &m->cond, v, how == RULE_LOAD_APPEND);
}

static const struct rule_load_kind macro_kind =
    RULE_LOAD_VALUE_KIND("macro", "condition", RULE_ITEM_MACRO, put_condition);

int rule_load_macro(const struct rule_doc *y, yaml_node_t *item)
{
	return rule_load_value(y, item, &macro_kind);
}
