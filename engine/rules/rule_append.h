/*
 * Falco's append_output: items of the configuration that add text to the
 * output of the rules they match (by source, tags and rule name) and
 * fields to their output_fields. Collected before compiling, applied to
 * each rule's output as it is compiled.
 */
#ifndef LNR_RULE_APPEND_H
#define LNR_RULE_APPEND_H

#include <stddef.h>

#define APPEND_MAX 16	     /* append_output items */
#define APPEND_TAGS_MAX 16   /* match.tags of one item */
#define APPEND_FIELDS_MAX 32 /* extra_fields of one item */

struct append_item {
	const char *source;		   /* match.source, or NULL for any */
	const char *rule;		   /* match.rule, or NULL for any */
	const char *tags[APPEND_TAGS_MAX]; /* the rule must have them all */
	size_t ntags;
	const char *extra_output; /* or NULL */
	const char *fields[APPEND_FIELDS_MAX];
	size_t nfields;
};

struct ruleset;
struct rule_def;
struct output_fmt;

/* Records one "append_output.N...." item; other keys are ignored (0). A
 * bad one is -EINVAL with the reason in the ruleset's diagnostics. */
int rule_append_config(struct ruleset *rs, const char *key, const char *value);

/* r's output with every matching extra_output appended after a space
 * (in the ruleset's arena), or r's own output; NULL when out of memory. */
const char *rule_append_output(struct ruleset *rs, const struct rule_def *r);

/* Adds the extra_fields of every item matching r to o. 0, or -1 with the
 * reason in err. */
int rule_append_fields(struct ruleset *rs, const struct rule_def *r,
		       struct output_fmt *o, char *err, size_t errlen);

#endif
