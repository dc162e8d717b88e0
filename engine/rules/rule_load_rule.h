/*
 * Loading a `- rule:` item of a rule file into the rule set.
 */
#ifndef LNR_RULE_LOAD_RULE_H
#define LNR_RULE_LOAD_RULE_H

#include <yaml.h>

#include "rule_node.h"

/* A new rule, a redefinition, an enabled-only toggle, an append or an
 * override. 0 or -errno after reporting what is wrong. */
int rule_load_rule(const struct rule_doc *y, yaml_node_t *item);

#endif
