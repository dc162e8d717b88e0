/*
 * Rule selection: Falco's `rules:` enable/disable entries (by name glob or
 * tag) and the -D/-T/-t command line flags, applied in the order given on
 * top of each rule's own `enabled`.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "conf_keys.h"
#include "rule_items.h"
#include "rule_select.h"

static bool has_tag(const struct rule_def *r, const char *tag)
{
	size_t i;

	for (i = 0; i < r->tags.n; i++)
		if (!strcmp(r->tags.v[i], tag))
			return true;
	return false;
}

/* "rules.N.enable.rule" -> SEL_ENABLE_RULE; a list of names or tags
 * arrives as "rules.N.enable.rule.M". */
static int parse_rules_key(const char *key, enum select_kind *k)
{
	static const struct {
		const char *name;
		enum select_kind kind;
	} keys[] = {
	    {"disable.rule", SEL_DISABLE_RULE},
	    {"enable.rule", SEL_ENABLE_RULE},
	    {"disable.tag", SEL_DISABLE_TAG},
	    {"enable.tag", SEL_ENABLE_TAG},
	};
	const char *p = key + strlen(conf_keys[CONF_RULES].key) + 1;
	size_t i, n;
	char *end;

	strtoul(p, &end, 10);
	if (end == p || *end != '.')
		return -EINVAL;
	p = end + 1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		n = strlen(keys[i].name);
		if (strncmp(p, keys[i].name, n) != 0)
			continue;
		if (p[n] == '.' && p[n + 1]) {
			strtoul(p + n + 1, &end, 10);
			if (*end)
				continue;
		} else if (p[n]) {
			continue;
		}
		*k = keys[i].kind;
		return 0;
	}
	return -EINVAL;
}

int rule_select_config(struct ruleset *rs, const char *key, const char *value)
{
	const struct conf_key *ck = conf_key_of(key);
	enum select_kind k;

	if (ck == &conf_keys[CONF_RULES] && strchr(key, '.')) {
		if (parse_rules_key(key, &k) < 0)
			return 0;
	} else if (ck == &conf_keys[CONF_CLI_DISABLE_SUBSTR]) {
		k = SEL_DISABLE_SUBSTR;
	} else if (ck == &conf_keys[CONF_CLI_DISABLE_TAG]) {
		k = SEL_DISABLE_TAG;
	} else if (ck == &conf_keys[CONF_CLI_ENABLE_ONLY_TAG]) {
		k = SEL_ONLY_TAG;
	} else {
		return 0;
	}
	if (!value || !*value)
		return -EINVAL;
	if (rs->nsel >= RULESET_SELECT_MAX) {
		rs->sel_refused++;
		return -E2BIG;
	}
	rs->sel[rs->nsel].kind = k;
	rs->sel[rs->nsel].arg = rule_arena_strdup(&rs->arena, value);
	if (!rs->sel[rs->nsel].arg)
		return -ENOMEM;
	rs->nsel++;
	return 0;
}

static bool op_matches(const struct select_op *op, const struct rule_def *r)
{
	switch (op->kind) {
	case SEL_DISABLE_RULE:
	case SEL_ENABLE_RULE:
		return !fnmatch(op->arg, r->name, 0);
	case SEL_DISABLE_TAG:
	case SEL_ENABLE_TAG:
	case SEL_ONLY_TAG:
		return has_tag(r, op->arg);
	case SEL_DISABLE_SUBSTR:
		return strstr(r->name, op->arg) != NULL;
	}
	return false;
}

void rule_select_apply(struct ruleset *rs)
{
	const struct select_op *op;
	struct rule_def *r;
	bool only_seen = false;
	size_t i, j;

	for (i = 0; i < rs->nrules; i++)
		rs->rules[i]->d.selected = rs->rules[i]->d.enabled;
	for (j = 0; j < rs->nsel; j++) {
		op = &rs->sel[j];
		if (op->kind == SEL_ONLY_TAG && !only_seen) {
			for (i = 0; i < rs->nrules; i++)
				rs->rules[i]->d.selected = false;
			only_seen = true;
		}
		for (i = 0; i < rs->nrules; i++) {
			r = &rs->rules[i]->d;
			if (!op_matches(op, r))
				continue;
			r->selected = op->kind == SEL_ENABLE_RULE ||
				      op->kind == SEL_ENABLE_TAG ||
				      op->kind == SEL_ONLY_TAG;
		}
	}
}
