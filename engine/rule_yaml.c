/*
 * Rule files as YAML: parses each document with libyaml, checks the
 * top-level shape and hands each item to its loader. YAML syntax errors
 * become diagnostics at the problem's line and column.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rule_items.h"

struct srcpos yaml_pos(const struct yaml_ctx *y, const yaml_node_t *n)
{
	struct srcpos p = {y->file, (unsigned)n->start_mark.line + 1,
			   (unsigned)n->start_mark.column + 1};
	return p;
}

const char *yaml_src(const struct yaml_ctx *y, const yaml_node_t *n)
{
	size_t line = n->start_mark.line, off;

	if (line >= y->nlines)
		return NULL;
	off = y->lines[line] + n->start_mark.column;
	return off <= y->file->len ? y->file->buf + off : NULL;
}

bool yaml_exact(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       n->start_mark.line == n->end_mark.line;
}

const char *yaml_scalar(const struct yaml_ctx *y, const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return rule_arena_strndup(
	    &y->rs->arena, (const char *)n->data.scalar.value,
	    strnlen((const char *)n->data.scalar.value, n->data.scalar.length));
}

yaml_node_t *yaml_get(const struct yaml_ctx *y, yaml_node_t *map,
		      const char *key)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(y->doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key))
			return yaml_document_get_node(y->doc, p->value);
	}
	return NULL;
}

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

static int load_engine_version(struct yaml_ctx *y, yaml_node_t *v)
{
	unsigned want[3], have[3];
	struct srcpos pos = yaml_pos(y, v);
	const char *s = yaml_scalar(y, v);
	int n;

	if (!s || (n = version_parse(s, want)) < 0) {
		diag_err(&y->rs->diags, &pos,
			 "required_engine_version must be a version number");
		return -EINVAL;
	}
	if (n == 0) { /* a bare integer: the engine's old version scheme */
		want[1] = want[0];
		want[0] = 0;
	}
	version_parse(RULESET_ENGINE_VERSION, have);
	if (want[0] > have[0] || (want[0] == have[0] &&
				  (want[1] > have[1] || (want[1] == have[1] &&
							 want[2] > have[2])))) {
		diag_err(&y->rs->diags, &pos,
			 "rules require engine version %s, this engine is "
			 "compatible with %s",
			 s, RULESET_ENGINE_VERSION);
		return -EINVAL;
	}
	return 0;
}

static int load_plugin_versions(struct yaml_ctx *y, yaml_node_t *v)
{
	struct srcpos pos = yaml_pos(y, v);
	yaml_node_item_t *it;
	yaml_node_t *p;
	const char *name;
	int rc = 0;

	if (v->type != YAML_SEQUENCE_NODE) {
		diag_err(&y->rs->diags, &pos,
			 "required_plugin_versions must be a list");
		return -EINVAL;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		p = yaml_document_get_node(y->doc, *it);
		pos = yaml_pos(y, p);
		name = yaml_scalar(y, yaml_get(y, p, "name"));
		if (!name) {
			diag_err(&y->rs->diags, &pos,
				 "plugin requirement without a name");
			rc = -EINVAL;
		} else if (!strcmp(name, "container")) {
			log_debug("%s:%u: plugin requirement 'container' is "
				  "met: lanner provides the container fields",
				  y->file->path, pos.line);
		} else {
			diag_err(&y->rs->diags, &pos,
				 "required plugin '%s' is not available", name);
			rc = -EINVAL;
		}
	}
	return rc;
}

static int load_item(struct yaml_ctx *y, yaml_node_t *item)
{
	struct srcpos pos = yaml_pos(y, item);
	yaml_node_t *v;

	if (item->type != YAML_MAPPING_NODE) {
		diag_err(&y->rs->diags, &pos,
			 "rule file items must be mappings");
		return -EINVAL;
	}
	if (yaml_get(y, item, "rule"))
		return rule_load_rule(y, item);
	if (yaml_get(y, item, "macro"))
		return rule_load_macro(y, item);
	if (yaml_get(y, item, "list"))
		return rule_load_list(y, item);
	if ((v = yaml_get(y, item, "required_engine_version")))
		return load_engine_version(y, v);
	if ((v = yaml_get(y, item, "required_plugin_versions")))
		return load_plugin_versions(y, v);
	diag_err(&y->rs->diags, &pos,
		 "unknown top-level item (expected rule, macro, list, "
		 "required_engine_version or required_plugin_versions)");
	return -EINVAL;
}

static int load_document(struct yaml_ctx *y)
{
	yaml_node_t *root = yaml_document_get_root_node(y->doc);
	yaml_node_item_t *it;
	struct srcpos pos;
	int rc = 0;

	if (!root)
		return 1; /* end of stream */
	if (root->type == YAML_SCALAR_NODE && !root->data.scalar.length)
		return 0;
	if (root->type != YAML_SEQUENCE_NODE) {
		pos = yaml_pos(y, root);
		diag_err(&y->rs->diags, &pos,
			 "a rule file must be a list of items");
		return -EINVAL;
	}
	for (it = root->data.sequence.items.start;
	     it < root->data.sequence.items.top; it++)
		if (load_item(y, yaml_document_get_node(y->doc, *it)) < 0)
			rc = -EINVAL;
	return rc;
}

static size_t *line_table(const struct srcfile *f, size_t *n)
{
	size_t cap = 1, i, k = 0;
	size_t *v;

	for (i = 0; i < f->len; i++)
		cap += f->buf[i] == '\n';
	v = malloc(cap * sizeof(*v));
	if (!v)
		return NULL;
	v[k++] = 0;
	for (i = 0; i < f->len; i++)
		if (f->buf[i] == '\n')
			v[k++] = i + 1;
	*n = k;
	return v;
}

int rule_yaml_load(struct ruleset *rs, struct srcfile *f)
{
	struct yaml_ctx y = {.rs = rs, .file = f};
	yaml_parser_t parser;
	yaml_document_t doc;
	size_t *lines;
	struct srcpos pos;
	int rc = 0, r;

	lines = line_table(f, &y.nlines);
	if (!lines)
		return -ENOMEM;
	y.lines = lines;
	if (!yaml_parser_initialize(&parser)) {
		free(lines);
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)f->buf,
				     f->len);
	for (;;) {
		if (!yaml_parser_load(&parser, &doc)) {
			pos.file = f;
			pos.line = (unsigned)parser.problem_mark.line + 1;
			pos.col = (unsigned)parser.problem_mark.column + 1;
			diag_err(&rs->diags, &pos, "YAML syntax error: %s%s%s",
				 parser.problem ? parser.problem : "invalid",
				 parser.context ? " " : "",
				 parser.context ? parser.context : "");
			rc = -EINVAL;
			break;
		}
		y.doc = &doc;
		r = load_document(&y);
		yaml_document_delete(&doc);
		if (r == 1)
			break;
		if (r < 0)
			rc = r;
	}
	yaml_parser_delete(&parser);
	free(lines);
	return rc;
}
