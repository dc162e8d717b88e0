/*
 * Handing the rule tools over to lanner-engine:
 *   lanner-engine --validate FILE|DIR...
 *   lanner-engine --list-rules FILE|DIR...
 *   lanner-engine --describe RULE FILE|DIR...
 *   lanner-engine --list-fields [SOURCE]
 *   lanner-engine --list-filter FILE|DIR... (with the base_syscalls.*
 *                 overrides as --config-item)
 * each followed by --config-item cli.KEY=VALUE for -D/-T/-t,
 * --log-level LEVEL when given, and --json for -V with
 * -o json_output=true. The engine reads the files as root, then
 * drops privileges and enters its sandbox before it parses them.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "paths.h"
#include "tools.h"

#define TOOLS_MAX_ARGS (8 + 3 * CLI_MAX_LIST)

/* -o json_output=BOOL, the last one given, asks -V for JSON. */
static bool json_wanted(const struct cli *c)
{
	static const char key[] = "json_output=";
	bool json = false;
	int v;

	for (int i = 0; i < c->overrides.n; i++) {
		if (strncmp(c->overrides.v[i], key, sizeof(key) - 1) != 0)
			continue;
		v = conf_parse_bool(c->overrides.v[i] + sizeof(key) - 1);
		if (v < 0)
			fatal("-o %s: expected true or false",
			      c->overrides.v[i]);
		json = v;
	}
	return json;
}

static void add_rules(const char **argv, int *n, const struct cli_list *l)
{
	for (int i = 0; i < l->n; i++)
		argv[(*n)++] = l->v[i];
}

/* The rules lanner would run with: -r, else the default file. */
static void add_run_rules(const char **argv, int *n, const struct cli *c)
{
	if (c->rules.n)
		add_rules(argv, n, &c->rules);
	else
		argv[(*n)++] = paths_default_rules();
}

void tools_exec(const struct cli *c)
{
	const struct proc_def *engine = NULL;
	const char *argv[TOOLS_MAX_ARGS];
	char path[PATH_MAX];
	int n = 0;

	for (size_t i = 0; i < proc_count; i++)
		if (proc_table[i].role == ROLE_ENGINE)
			engine = &proc_table[i];
	if (!engine || paths_program(engine, path, sizeof(path)) < 0)
		fatal("cannot find lanner-engine");
	argv[n++] = engine->binary;
	switch (c->mode) {
	case CLI_VALIDATE:
		argv[n++] = "--validate";
		add_rules(argv, &n, &c->validate);
		if (json_wanted(c))
			argv[n++] = "--json";
		break;
	case CLI_LIST_FILTER:
		argv[n++] = "--list-filter";
		for (int i = 0; i < c->overrides.n; i++)
			if (!strncmp(c->overrides.v[i], "base_syscalls.", 14)) {
				argv[n++] = "--config-item";
				argv[n++] = c->overrides.v[i];
			}
		add_run_rules(argv, &n, c);
		break;
	case CLI_DESCRIBE:
		argv[n++] = "--describe";
		argv[n++] = c->describe;
		add_run_rules(argv, &n, c); /* -l reads the rules -L reads */
		break;
	case CLI_LIST_RULES:
		argv[n++] = "--list-rules";
		add_run_rules(argv, &n, c);
		break;
	case CLI_LIST_FIELDS:
		argv[n++] = "--list-fields";
		if (c->list_source)
			argv[n++] = c->list_source;
		break;
	case CLI_RUN:
		fatal("no rule tool was asked for");
	}
	for (int i = 0; i < c->cli_items.n; i++) {
		argv[n++] = "--config-item";
		argv[n++] = c->cli_items.v[i];
	}
	if (c->log_level) {
		argv[n++] = "--log-level";
		argv[n++] = c->log_level;
	}
	argv[n] = NULL;
	execv(path, (char *const *)argv);
	fatal("cannot execute %s: %s", path, strerror(errno));
}
