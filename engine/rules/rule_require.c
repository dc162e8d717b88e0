/*
 * The requirement items of a rule file: the rule engine version the rules
 * need, which must not be newer than the one lanner is compatible with,
 * and the plugins they need, of which lanner provides only "container".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rule_require.h"

/* "0.57.0" or a bare integer (old engine versions). */
static int version_parse(const char *s, unsigned v[3])
{
	char *end;
	int i;

	v[0] = v[1] = v[2] = 0;
	for (i = 0; i < 3; i++) {
		v[i] = (unsigned)strtoul(s, &end, 10);
		if (end == s)
			return -EINVAL;
		if (!*end)
			break;
		if (*end != '.')
			return -EINVAL;
		s = end + 1;
	}
	return *end ? -EINVAL : i;
}

int rule_require_engine(const struct rule_doc *y, yaml_node_t *item)
{
	yaml_node_t *v = rule_node_get(y, item, "required_engine_version");
	unsigned want[3], have[3];
	struct srcpos pos = rule_node_pos(y, v);
	const char *s = rule_node_scalar(y, v);
	int n;

	if (!s || (n = version_parse(s, want)) < 0) {
		diag_err(y->diags, &pos,
			 "required_engine_version must be a version number");
		return -EINVAL;
	}
	if (n == 0) { /* a bare integer: the engine's old version scheme */
		want[1] = want[0];
		want[0] = 0;
	}
	version_parse(RULE_REQUIRE_ENGINE_VERSION, have);
	if (want[0] > have[0] || (want[0] == have[0] &&
				  (want[1] > have[1] || (want[1] == have[1] &&
							 want[2] > have[2])))) {
		diag_errc(y->diags, ERR_VALIDATE, &pos,
			  "rules require engine version %s, this engine is "
			  "compatible with %s",
			  s, RULE_REQUIRE_ENGINE_VERSION);
		return -EINVAL;
	}
	return 0;
}

int rule_require_plugins(const struct rule_doc *y, yaml_node_t *item)
{
	yaml_node_t *v = rule_node_get(y, item, "required_plugin_versions");
	struct srcpos pos = rule_node_pos(y, v);
	yaml_node_item_t *it;
	yaml_node_t *p;
	const char *name;
	int rc = 0;

	if (v->type != YAML_SEQUENCE_NODE) {
		diag_err(y->diags, &pos,
			 "required_plugin_versions must be a list");
		return -EINVAL;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		p = yaml_document_get_node(y->doc, *it);
		pos = rule_node_pos(y, p);
		name = rule_node_scalar(y, rule_node_get(y, p, "name"));
		if (!name) {
			diag_err(y->diags, &pos,
				 "plugin requirement without a name");
			rc = -EINVAL;
		} else if (!strcmp(name, "container")) {
			log_debug("%s:%u: plugin requirement 'container' is "
				  "met: lanner provides the container fields",
				  y->file->path, pos.line);
		} else {
			diag_errc(y->diags, ERR_VALIDATE, &pos,
				  "required plugin '%s' is not available",
				  name);
			rc = -EINVAL;
		}
	}
	return rc;
}
