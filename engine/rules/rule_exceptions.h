/*
 * Rule exceptions: read from a rule's `exceptions:` and rendered into its
 * condition as "and not (...)" before it is compiled.
 */
#ifndef LNR_RULE_EXCEPTIONS_H
#define LNR_RULE_EXCEPTIONS_H

#include <stdbool.h>
#include <yaml.h>

#include "rule_node.h"

struct rule_def;
struct ruleset;

/* Adds the exceptions of the list `seq` to the rule; with `append`, values
 * given for an exception it has go to that exception. 0 or -EINVAL. */
int rule_exceptions_load(const struct rule_doc *y, struct rule_def *r,
			 yaml_node_t *seq, bool append);
/* Appends " and not (...)" for each exception to the rule's condition. */
int rule_exceptions_render(struct ruleset *rs, struct rule_def *r);

#endif
