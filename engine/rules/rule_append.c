/*
 * append_output: see rule_append.h. The configuration arrives flattened:
 * "append_output.0.match.source", "append_output.0.match.tags.1",
 * "append_output.0.extra_output", "append_output.0.extra_fields.2".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_keys.h"
#include "output_fmt.h"
#include "rule_append.h"
#include "rule_items.h"

/* Where a value goes: the item's member named by rest. */
static int record(struct ruleset *rs, struct append_item *it, const char *rest,
		  const char *v)
{
	const char *s = rule_arena_strdup(&rs->arena, v);
	char *end;

	if (!s)
		return -ENOMEM;
	if (!strcmp(rest, "match.source"))
		it->source = s;
	else if (!strcmp(rest, "match.rule"))
		it->rule = s;
	else if (!strcmp(rest, "extra_output"))
		it->extra_output = s;
	else if (!strncmp(rest, "match.tags", 10) &&
		 (!rest[10] || rest[10] == '.') && it->ntags < APPEND_TAGS_MAX)
		it->tags[it->ntags++] = s;
	else if (!strncmp(rest, "extra_fields.", 13) &&
		 (strtoul(rest + 13, &end, 10), *end == '\0') &&
		 end != rest + 13 && it->nfields < APPEND_FIELDS_MAX)
		it->fields[it->nfields++] = s;
	else
		return -EINVAL;
	return 0;
}

int rule_append_config(struct ruleset *rs, const char *key, const char *value)
{
	const struct conf_key *ck = conf_key_of(key);
	size_t klen = strlen(conf_keys[CONF_APPEND_OUTPUT].key);
	unsigned long n;
	char *end;
	int r;

	if (ck != &conf_keys[CONF_APPEND_OUTPUT] || key[klen] != '.')
		return 0;
	n = strtoul(key + klen + 1, &end, 10);
	if (end == key + klen + 1 || *end != '.' || n >= APPEND_MAX) {
		diag_err(&rs->diags, NULL,
			 "%s: not an append_output item (at most %d)", key,
			 APPEND_MAX);
		return -EINVAL;
	}
	if (n >= rs->nappend)
		rs->nappend = n + 1;
	r = record(rs, &rs->append[n], end + 1, value ? value : "");
	if (r == -EINVAL)
		diag_err(&rs->diags, NULL,
			 "%s: lanner takes match.source, match.tags, "
			 "match.rule, extra_output and extra_fields as field "
			 "names",
			 key);
	return r;
}

static int has_tag(const struct rule_def *r, const char *tag)
{
	for (size_t i = 0; i < r->tags.n; i++)
		if (!strcmp(r->tags.v[i], tag))
			return 1;
	return 0;
}

static int matches(const struct append_item *it, const struct rule_def *r)
{
	if (it->source && strcmp(it->source, r->source) != 0)
		return 0;
	if (it->rule && strcmp(it->rule, r->name) != 0)
		return 0;
	for (size_t i = 0; i < it->ntags; i++)
		if (!has_tag(r, it->tags[i]))
			return 0;
	return 1;
}

const char *rule_append_output(struct ruleset *rs, const struct rule_def *r)
{
	const char *text = r->output;

	for (size_t i = 0; i < rs->nappend; i++) {
		const struct append_item *it = &rs->append[i];
		size_t a, b;
		char *s;

		if (!it->extra_output || !matches(it, r))
			continue;
		a = strlen(text);
		b = strlen(it->extra_output);
		s = rule_arena_alloc(&rs->arena, a + b + 2);
		if (!s)
			return NULL;
		memcpy(s, text, a);
		s[a] = ' ';
		memcpy(s + a + 1, it->extra_output, b + 1);
		text = s;
	}
	return text;
}

int rule_append_fields(struct ruleset *rs, const struct rule_def *r,
		       struct output_fmt *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < rs->nappend; i++) {
		const struct append_item *it = &rs->append[i];

		if (!matches(it, r))
			continue;
		for (size_t k = 0; k < it->nfields; k++)
			if (output_fmt_add_field(&rs->arena, o, r->source,
						 it->fields[k], err,
						 errlen) < 0)
				return -1;
	}
	return 0;
}
