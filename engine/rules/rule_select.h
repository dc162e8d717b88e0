/*
 * Rule selection: the enable/disable operations collected from the
 * configuration and the command line, applied after compiling.
 */
#ifndef LNR_RULE_SELECT_H
#define LNR_RULE_SELECT_H

struct ruleset;

/* Records one selection item of the configuration or command line
 * (ruleset_select_config in ruleset.h says which). */
int rule_select_config(struct ruleset *rs, const char *key, const char *value);

/* Sets each rule's `selected` from its `enabled` and the operations in
 * order. */
void rule_select_apply(struct ruleset *rs);

#endif
