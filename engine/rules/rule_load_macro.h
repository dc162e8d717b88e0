/*
 * Loading a `- macro:` item of a rule file into the rule set.
 */
#ifndef LNR_RULE_LOAD_MACRO_H
#define LNR_RULE_LOAD_MACRO_H

#include <yaml.h>

#include "rule_node.h"

/* A new macro, a redefinition, an append or an override. 0 or -errno after
 * reporting what is wrong. */
int rule_load_macro(const struct rule_doc *y, yaml_node_t *item);

#endif
