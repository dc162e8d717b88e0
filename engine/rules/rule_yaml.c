/*
 * Rule files as YAML: parses each document with libyaml, checks the
 * top-level shape and hands each item to the loader of its kind. YAML
 * syntax errors become diagnostics at the problem's line and column.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "rule_items.h"
#include "rule_load_list.h"
#include "rule_load_macro.h"
#include "rule_load_rule.h"
#include "rule_require.h"
#include "rule_yaml.h"

/* Each kind of top-level item: the key that marks it, and its loader. */
static const struct {
	const char *key;
	const char *what; /* as Falco's results name the item's kind */
	bool named;	  /* the key's value is the item's name */
	int (*load)(const struct rule_doc *y, yaml_node_t *item);
} kinds[] = {
    {"rule", "rule", true, rule_load_rule},
    {"macro", "macro", true, rule_load_macro},
    {"list", "list", true, rule_load_list},
    {"required_engine_version", "required_engine_version", false,
     rule_require_engine},
    {"required_plugin_versions", "required plugin versions", false,
     rule_require_plugins},
};

static int load_item(const struct rule_doc *y, yaml_node_t *item)
{
	struct srcpos pos = rule_node_pos(y, item);
	yaml_node_t *v;
	size_t i;
	int rc;

	diag_item(y->diags, "rules content item", NULL);
	if (item->type != YAML_MAPPING_NODE) {
		diag_err(y->diags, &pos, "rule file items must be mappings");
		return -EINVAL;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		v = rule_node_get(y, item, kinds[i].key);
		if (!v)
			continue;
		diag_item(y->diags, kinds[i].what,
			  kinds[i].named ? rule_node_scalar(y, v) : NULL);
		rc = kinds[i].load(y, item);
		diag_item(y->diags, NULL, NULL);
		return rc;
	}
	diag_warn(y->diags, UNKNOWN_ITEM, &pos,
		  "unknown top-level item, ignored (expected rule, macro, "
		  "list, required_engine_version or "
		  "required_plugin_versions)");
	return 0;
}

static int load_document(const struct rule_doc *y)
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
		pos = rule_node_pos(y, root);
		diag_err(y->diags, &pos, "a rule file must be a list of items");
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
	struct rule_doc y = {
	    .rs = rs, .arena = &rs->arena, .diags = &rs->diags, .file = f};
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
			diag_errc(&rs->diags, ERR_YAML_PARSE, &pos,
				  "YAML syntax error: %s%s%s",
				  parser.problem ? parser.problem : "invalid",
				  parser.context ? " " : "",
				  parser.context ? parser.context : "");
			rc = -EINVAL;
			break;
		}
		y.doc = &doc;
		diag_item(&rs->diags, NULL, NULL);
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
