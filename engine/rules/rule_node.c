/*
 * libyaml nodes read as the values of rule files: strings copied into the
 * rule arena, positions for diagnostics, booleans and string lists with an
 * error at the node when the value has the wrong shape.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "rule_node.h"

struct srcpos rule_node_pos(const struct rule_doc *y, const yaml_node_t *n)
{
	struct srcpos p = {y->file, (unsigned)n->start_mark.line + 1,
			   (unsigned)n->start_mark.column + 1};
	return p;
}

const char *rule_node_src(const struct rule_doc *y, const yaml_node_t *n)
{
	size_t line = n->start_mark.line, off;

	if (line >= y->nlines)
		return NULL;
	off = y->lines[line] + n->start_mark.column;
	return off <= y->file->len ? y->file->buf + off : NULL;
}

const char *rule_node_scalar(const struct rule_doc *y, const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return rule_arena_strndup(
	    y->arena, (const char *)n->data.scalar.value,
	    strnlen((const char *)n->data.scalar.value, n->data.scalar.length));
}

yaml_node_t *rule_node_get(const struct rule_doc *y, yaml_node_t *map,
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

int rule_node_bool(const struct rule_doc *y, yaml_node_t *n, bool *out)
{
	static const char *const t[] = {"true", "yes", "on", NULL};
	static const char *const f[] = {"false", "no", "off", NULL};
	const char *s = rule_node_scalar(y, n);
	struct srcpos pos = rule_node_pos(y, n);
	int i;

	for (i = 0; s && t[i]; i++) {
		if (!strcasecmp(s, t[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, f[i])) {
			*out = false;
			return 0;
		}
	}
	diag_err(y->diags, &pos, "expected true or false");
	return -EINVAL;
}

bool rule_node_empty(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;

	if (n->type != YAML_SCALAR_NODE)
		return false;
	if (!len)
		return true;
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return (len == 1 && s[0] == '~') ||
	       (len == 4 && (!strncmp(s, "null", 4) || !strncmp(s, "Null", 4) ||
			     !strncmp(s, "NULL", 4)));
}

const char *rule_node_need(const struct rule_doc *y, yaml_node_t *item,
			   const char *key, const char *what)
{
	yaml_node_t *v = rule_node_get(y, item, key);
	struct srcpos pos = rule_node_pos(y, v ? v : item);
	const char *s = rule_node_scalar(y, v);

	if (!v) {
		diag_err(y->diags, &pos, "%s has no '%s' key", what, key);
	} else if (!s) {
		diag_err(y->diags, &pos, "'%s' must be a string", key);
	} else if (rule_node_empty(v)) {
		diag_err(y->diags, &pos, "'%s' of %s is empty", key, what);
		return NULL;
	}
	return s;
}

int rule_node_strv(const struct rule_doc *y, yaml_node_t *seq, struct strv *v,
		   const char *key)
{
	struct srcpos pos = rule_node_pos(y, seq);
	yaml_node_item_t *it;
	yaml_node_t *n;
	const char *s;

	if (seq->type != YAML_SEQUENCE_NODE) {
		diag_err(y->diags, &pos, "'%s' must be a list", key);
		return -EINVAL;
	}
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		n = yaml_document_get_node(y->doc, *it);
		pos = rule_node_pos(y, n);
		s = rule_node_scalar(y, n);
		if (!s) {
			diag_err(y->diags, &pos, "'%s' entries must be strings",
				 key);
			return -EINVAL;
		}
		if (strv_push(y->arena, v, s, &pos) < 0)
			return -ENOMEM;
	}
	return 0;
}
