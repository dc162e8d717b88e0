/*
 * Requirement items of a rule file: `required_engine_version` and
 * `required_plugin_versions`.
 */
#ifndef LNR_RULE_REQUIRE_H
#define LNR_RULE_REQUIRE_H

#include <yaml.h>

#include "rule_node.h"

/* The Falco rule engine version lanner is compatible with. */
#define RULE_REQUIRE_ENGINE_VERSION "0.57.0"

/* The item's engine version is one lanner is compatible with; else an
 * error and -EINVAL. */
int rule_require_engine(const struct rule_doc *y, yaml_node_t *item);
/* Each plugin the item names is provided; else an error and -EINVAL. */
int rule_require_plugins(const struct rule_doc *y, yaml_node_t *item);

#endif
