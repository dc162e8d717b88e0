/*
 * Rule selection: the enable/disable operations collected from the
 * configuration and the command line, applied after compiling.
 */
#ifndef LNR_RULE_SELECT_H
#define LNR_RULE_SELECT_H

struct ruleset;

/* Sets each rule's `selected` from its `enabled` and the operations in
 * order. */
void rule_select_apply(struct ruleset *rs);

#endif
