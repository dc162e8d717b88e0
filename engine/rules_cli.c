/*
 * Rule command line modes: validate files, list rules, describe one rule,
 * list fields. Output goes to stdout; the exit code says whether the
 * rules were valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "rule_files.h"
#include "rule_items.h"
#include "rules_cli.h"

static const char *const modes[] = {"--validate", "--list-rules", "--describe",
				    "--list-fields"};

bool rules_cli_is_mode(const char *arg)
{
	size_t i;

	for (i = 0; arg && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(arg, modes[i]))
			return true;
	return false;
}

static void print_diags(const struct ruleset *rs)
{
	size_t len = 1u << 20;
	char *buf = malloc(len);

	if (!buf)
		return;
	ruleset_diag_text(rs, buf, len);
	fputs(buf, stdout);
	free(buf);
}

/* Collapses runs of white space, for one-line descriptions. */
static void print_oneline(const char *s)
{
	bool space = false;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			space = true;
			continue;
		}
		if (space)
			putchar(' ');
		space = false;
		putchar(*s);
	}
}

static void list_rules(const struct ruleset *rs)
{
	const struct rule *r;
	size_t i;

	printf("%-50s %s\n%-50s %s\n", "Rule", "Description", "----",
	       "-----------");
	for (i = 0; i < ruleset_rule_total(rs); i++) {
		r = ruleset_rule_at(rs, i);
		if (!rule_enabled(r))
			continue;
		printf("%-50s ", rule_name(r));
		print_oneline(rule_desc(r));
		putchar('\n');
	}
}

static int describe(const struct ruleset *rs, const char *name)
{
	const struct rule *r = ruleset_rule_find(rs, name);
	size_t i;

	if (!r) {
		printf("no rule named '%s'\n", name);
		return 1;
	}
	printf("Rule: %s\nDescription: ", rule_name(r));
	print_oneline(rule_desc(r));
	printf("\nCondition: ");
	print_oneline(r->d.cond.s ? r->d.cond.s : "");
	printf("\nOutput: ");
	print_oneline(r->d.output ? r->d.output : "");
	printf("\nPriority: %s\nSource: %s\nEnabled: %s\nTags:",
	       priority_name(rule_priority(r)), rule_source(r),
	       rule_enabled(r) ? "true" : "false");
	for (i = 0; i < r->d.tags.n; i++)
		printf(" %s", r->d.tags.v[i]);
	putchar('\n');
	return 0;
}

static void list_class(const struct field_class *c, void *arg)
{
	const char *source = arg;
	const struct field_def *f;
	size_t i;

	if (source && strcmp(source, c->source) != 0)
		return;
	printf("Field class: %s (source %s)\n", c->name, c->source);
	if (c->desc)
		printf("%s\n", c->desc);
	printf("\n");
	for (i = 0; i < c->nfields; i++) {
		f = &c->fields[i];
		if (f->flags & FIELD_HIDDEN)
			continue;
		printf("%-34s (%s) %s\n", f->name, ftype_name(f->type),
		       f->desc ? f->desc : "");
	}
	printf("\n");
}

static int usage(void)
{
	printf("usage: lanner-engine --validate FILE|DIR... | --list-rules "
	       "FILE... | --describe RULE FILE... | --list-fields [SOURCE]\n"
	       "       [--config-item KEY=VALUE]...\n");
	return 2;
}

int rules_cli_main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "", *rule = NULL;
	struct ruleset *rs;
	char *eq;
	int i, rc, files = 0;

	if (!strcmp(mode, "--list-fields")) {
		fields_foreach_class(list_class, argc > 2 ? argv[2] : NULL);
		return 0;
	}
	if (!rules_cli_is_mode(mode))
		return usage();
	rs = ruleset_new();
	if (!rs)
		return 1;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--config-item") && i + 1 < argc) {
			eq = strchr(argv[++i], '=');
			if (!eq || (*eq = '\0', ruleset_select_config(
						    rs, argv[i], eq + 1) < 0)) {
				printf("bad --config-item '%s'\n", argv[i]);
				ruleset_free(rs);
				return 2;
			}
		} else if (!strcmp(mode, "--describe") && !rule) {
			rule = argv[i];
		} else {
			rule_files_load(rs, argv[i]);
			files++;
		}
	}
	if (!files) {
		ruleset_free(rs);
		return usage();
	}
	rc = ruleset_compile(rs) < 0 ? 1 : 0;
	if (rc || !strcmp(mode, "--validate"))
		print_diags(rs);
	if (!strcmp(mode, "--validate"))
		printf("%s: %zu rules, %zu errors, %zu warnings\n",
		       rc ? "Invalid" : "Ok", ruleset_count(rs),
		       ruleset_error_count(rs), ruleset_warning_count(rs));
	else if (!rc && !strcmp(mode, "--list-rules"))
		list_rules(rs);
	else if (!rc)
		rc = describe(rs, rule);
	ruleset_free(rs);
	return rc;
}
