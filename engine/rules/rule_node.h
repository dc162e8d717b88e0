/*
 * Reading libyaml nodes of a rule file: a node's position in the file,
 * its text as a string, a key of a mapping, a boolean, a list of strings.
 * Each reader reports what is wrong at the node's line and column.
 */
#ifndef LNR_RULE_NODE_H
#define LNR_RULE_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"
#include "rule_arena.h"
#include "strv.h"

struct ruleset;

/* One YAML document of a rule file being loaded. */
struct rule_doc {
	struct ruleset *rs;	  /* where its items go */
	struct rule_arena *arena; /* strings read from nodes */
	struct diags *diags;	  /* what is wrong with them */
	struct srcfile *file;
	const size_t *lines; /* offset of each line start */
	size_t nlines;
	yaml_document_t *doc;
};

/* Where the node starts in the file. */
struct srcpos rule_node_pos(const struct rule_doc *y, const yaml_node_t *n);
/* The node's first byte in the file, or NULL. */
const char *rule_node_src(const struct rule_doc *y, const yaml_node_t *n);
/* A scalar's value copied into the arena; NULL for other nodes. */
const char *rule_node_scalar(const struct rule_doc *y, const yaml_node_t *n);
/* The value of `key` in a mapping, or NULL. */
yaml_node_t *rule_node_get(const struct rule_doc *y, yaml_node_t *map,
			   const char *key);
/* true/yes/on or false/no/off, any case. */
int rule_node_bool(const struct rule_doc *y, yaml_node_t *n, bool *out);
/* Whether a scalar is YAML's null or empty: `key:`, `key: ~`, `key: ''`. */
bool rule_node_empty(const yaml_node_t *n);
/* The string value of `key`, which must be there and not empty; `what`
 * names the item in the error. */
const char *rule_node_need(const struct rule_doc *y, yaml_node_t *item,
			   const char *key, const char *what);
/* Appends a list of strings (or nothing for an empty value) to `v`;
 * `key` names it in errors. */
int rule_node_strv(const struct rule_doc *y, yaml_node_t *seq, struct strv *v,
		   const char *key);

#endif
