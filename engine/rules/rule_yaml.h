/*
 * Rule files as YAML: the walker over a file's documents and items.
 */
#ifndef LNR_RULE_YAML_H
#define LNR_RULE_YAML_H

#include "diag.h"

struct ruleset;

/* Loads one file's items into the set; errors go to its diagnostics.
 * 0, -EINVAL when any item was bad, -ENOMEM. */
int rule_yaml_load(struct ruleset *rs, struct srcfile *f);

#endif
