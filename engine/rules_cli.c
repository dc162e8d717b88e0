/*
 * Rule command line modes: validate files, list rules, describe one rule,
 * list fields. The files are read first, while they can be opened; the
 * process then confines itself as the engine does and only then parses.
 * Output goes to stdout; the exit code says whether the rules were valid.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "engine.h"
#include "evtsel.h"
#include "fields.h"
#include "log.h"
#include "privdrop.h"
#include "rule_files.h"
#include "rule_items.h"
#include "rules_cli.h"
#include "rules_report.h"
#include "sandbox.h"

static const char *const modes[] = {"--validate", "--list-rules", "--describe",
				    "--list-fields", "--list-filter"};

/* The command line, taken apart before anything is read. */
struct cli_args {
	const char *mode, *rule, *source;
	char **items; /* KEY=VALUE, split in place */
	const char **paths;
	int nitems, npaths;
	bool json; /* --json: --validate answers in JSON */
};

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
		printf("%-34s (%s) %s%s\n", f->name, ftype_name(f->type),
		       f->desc ? f->desc : "",
		       f->flags & FIELD_NA ? " [always <NA>]" : "");
	}
	printf("\n");
}

static int usage(void)
{
	printf("usage: lanner-engine --validate FILE|DIR... | --list-rules "
	       "FILE... | --describe RULE FILE... | --list-fields [SOURCE]\n"
	       "       [--config-item KEY=VALUE]... [--log-level LEVEL] "
	       "[--json]\n");
	return 2;
}

static int set_level(const char *s)
{
	enum log_level lvl;

	if (log_level_parse(s, &lvl) < 0)
		return -1;
	log_set_level(lvl);
	return 0;
}

/* 0, or the exit code for a bad command line (said on stdout). */
static int parse_args(struct cli_args *a, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->mode = argc > 1 ? argv[1] : "";
	if (!rules_cli_is_mode(a->mode))
		return usage();
	a->items = calloc((size_t)argc, sizeof(*a->items));
	a->paths = calloc((size_t)argc, sizeof(*a->paths));
	if (!a->items || !a->paths)
		return 1;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--config-item") && i + 1 < argc) {
			a->items[a->nitems++] = argv[++i];
			if (!strchr(argv[i], '=')) {
				printf("bad --config-item '%s'\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--json")) {
			a->json = true;
		} else if (!strcmp(argv[i], "--log-level") && i + 1 < argc) {
			if (set_level(argv[++i]) < 0)
				return usage();
		} else if (!strcmp(a->mode, "--describe") && !a->rule) {
			a->rule = argv[i];
		} else if (!strcmp(a->mode, "--list-fields")) {
			if (!a->source)
				a->source = argv[i];
		} else {
			a->paths[a->npaths++] = argv[i];
		}
	}
	if (!a->npaths && strcmp(a->mode, "--list-fields") != 0)
		return usage();
	return 0;
}

/* As the invoking user: the lanner-engine user may not be able to read them. */
static void read_files(const struct cli_args *a, struct rule_files *files)
{
	for (int i = 0; i < a->npaths; i++)
		if (rule_files_read(files, a->paths[i]) == -ENOMEM)
			fatal("out of memory");
}

/* The lanner-engine user with no capabilities, limits, no_new_privs and a
 * seccomp filter that allows little more than writing the answer. */
static void confine(void)
{
	int r = child_become(LNR_USER_ENGINE);

	if (r == -ENOENT)
		fatal("no user %s to run as", LNR_USER_ENGINE);
	if (r < 0)
		fatal("cannot drop privileges: %s", strerror(-r));
	r = child_limits();
	if (r < 0)
		fatal("cannot set resource limits: %s", strerror(-r));
	r = allow_apply_cli(sandbox_debug_requested());
	if (r < 0)
		fatal("cannot install the sandbox: %s", strerror(-r));
}

static int select_items(struct ruleset *rs, const struct cli_args *a)
{
	char *item, *eq;

	for (int i = 0; i < a->nitems; i++) {
		item = a->items[i];
		eq = strchr(item, '='); /* parse_args saw one */
		*eq = '\0';
		if (ruleset_select_config(rs, item, eq + 1) < 0) {
			printf("bad --config-item '%s'\n", item);
			return 2;
		}
	}
	return 0;
}

/* The kernel filter these rules make, with the base_syscalls items. */
static int list_filter(const struct ruleset *rs, const struct cli_args *a)
{
	struct conf c;
	char err[256];
	int rc = 0;

	conf_init(&c);
	for (int i = 0; i < a->nitems && !rc; i++) {
		/* select_items split the item at its '='. */
		const char *key = a->items[i], *value = key + strlen(key) + 1;
		char kv[1024];

		snprintf(kv, sizeof(kv), "%s=%s", key, value);
		if (conf_override(&c, kv, err, sizeof(err)) < 0) {
			printf("%s\n", err);
			rc = 2;
		}
	}
	if (!rc) {
		evtsel_explain(rs, &c, stdout);
		evtsel_open_explain(rs, &c, stdout);
		evtsel_proc_explain(rs, &c, stdout);
	}
	conf_free(&c);
	return rc;
}

/* Parses the bytes read earlier, compiles, prints the answer. */
static int run_rules(const struct cli_args *a, const struct rule_files *files)
{
	struct ruleset *rs = ruleset_new();
	int rc;

	if (!rs)
		return 1;
	rc = select_items(rs, a);
	if (rc) {
		ruleset_free(rs);
		return rc;
	}
	child_report("parsing rules");
	rule_files_add(files, rs);
	rc = ruleset_compile(rs) < 0 ? 1 : 0;
	if (!strcmp(a->mode, "--validate") && a->json)
		rules_report_json(rs, stdout);
	else if (!strcmp(a->mode, "--validate"))
		rules_report_text(rs, stdout);
	else if (rc)
		print_diags(rs);
	if (!strcmp(a->mode, "--validate") && !a->json)
		printf("%s: %zu rules, %zu errors, %zu warnings\n",
		       rc ? "Invalid" : "Ok", ruleset_count(rs),
		       ruleset_error_count(rs), ruleset_warning_count(rs));
	else if (!rc && !strcmp(a->mode, "--list-rules"))
		list_rules(rs);
	else if (!rc && !strcmp(a->mode, "--list-filter"))
		rc = list_filter(rs, a);
	else if (!rc)
		rc = describe(rs, a->rule);
	ruleset_free(rs);
	return rc;
}

int rules_cli_main(int argc, char **argv)
{
	struct rule_files files = {0};
	struct cli_args a;
	int rc;

	log_init("lanner-engine", LOG_LVL_INFO);
	rc = parse_args(&a, argc, argv);
	if (rc == 0) {
		read_files(&a, &files);
		confine();
		if (!strcmp(a.mode, "--list-fields"))
			fields_foreach_class(list_class, (void *)a.source);
		else
			rc = run_rules(&a, &files);
	}
	rule_files_free(&files);
	free(a.items);
	free(a.paths);
	return rc;
}
