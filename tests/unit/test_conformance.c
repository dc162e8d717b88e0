/*
 * Conformance: every upstream Falco rule file under ../shared/conformance
 * (the current stable, incubating, sandbox, deprecated and application
 * sets at the top, older releases in subfolders) loads and compiles with
 * no error, alone and after the stable set of its folder
 * (falco_rules.yaml), and every rule in it compiles. The stable set's
 * index covers the event types its rules name. Skips (77) without them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "engine/rules/rule_files.h"
#include "engine/rules/rule_items.h"
#include "engine/rules/ruleset.h"

#ifndef LNR_CONFORMANCE
#define LNR_CONFORMANCE "../shared/conformance"
#endif

#define STABLE "falco_rules.yaml"

static char diag[1 << 20];
static size_t nchecked;

/* Loads the paths in order and compiles: no error, every rule compiled.
 * The set, for more checks, or NULL when it did not load. */
static struct ruleset *load(const char *first, const char *second)
{
	struct ruleset *rs = ruleset_new();
	const struct rule *r;
	size_t i;
	bool ok;

	CHECK(rs != NULL);
	if (!rs)
		return NULL;
	ok = rule_files_load(rs, first) == 0;
	if (second)
		ok = rule_files_load(rs, second) == 0 && ok;
	ok = ruleset_compile(rs) == 0 && ok;
	if (!ok || ruleset_error_count(rs)) {
		ruleset_diag_text(rs, diag, sizeof(diag));
		fprintf(stderr, "%s%s%s:\n%s", first, second ? " then " : "",
			second ? second : "", diag);
	}
	CHECK(ok && ruleset_error_count(rs) == 0);
	for (i = 0; i < ruleset_rule_total(rs); i++) {
		r = ruleset_rule_at(rs, i);
		if (!r->d.compiled)
			fprintf(stderr, "%s: rule not compiled: %s\n",
				second ? second : first, rule_name(r));
		CHECK(r->d.compiled);
	}
	printf("%s%s: %zu rules, %zu warnings\n", second ? "stable + " : "",
	       second ? second : first, ruleset_rule_total(rs),
	       ruleset_warning_count(rs));
	nchecked++;
	return rs;
}

static int yaml_file(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 5 && !strcmp(e->d_name + n - 5, ".yaml");
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every *.yaml of one folder, alone and after the folder's stable set;
 * `top`: its stable set was loaded alone already. */
static void check_folder(const char *dir, bool top)
{
	char stable[4096], path[4096];
	struct dirent **v;
	int n, i;

	snprintf(stable, sizeof(stable), "%s/%s", dir, STABLE);
	n = scandir(dir, &v, yaml_file, alphasort);
	CHECK(n > 0);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, v[i]->d_name);
		if (!top || strcmp(v[i]->d_name, STABLE) != 0)
			ruleset_free(load(path, NULL));
		if (strcmp(v[i]->d_name, STABLE) != 0 &&
		    access(stable, R_OK) == 0)
			ruleset_free(load(stable, path));
		free(v[i]);
	}
	free(v);
}

/* The current stable set: its well-known rule, and its index. */
static void check_stable(const char *dir)
{
	char path[4096];
	uint8_t types[LNR_EVT_COUNT];
	struct ruleset *rs;

	snprintf(path, sizeof(path), "%s/%s", dir, STABLE);
	rs = load(path, NULL);
	if (!rs)
		return;
	CHECK(ruleset_rule_total(rs) >= 25);
	CHECK(ruleset_rule_find(rs, "Terminal shell in container") != NULL);
	ruleset_evt_types(rs, types);
	CHECK(types[LNR_EVT_EXECVE]);
	/* Redirect STDOUT/STDIN to Network Connection in Container names
	 * the dup family; no rule names mprotect. */
	CHECK(types[LNR_EVT_DUP] && types[LNR_EVT_DUP2] && types[LNR_EVT_DUP3]);
	CHECK(!types[LNR_EVT_MPROTECT]);
	printf("%zu rules, %zu enabled, %zu warnings\n", ruleset_rule_total(rs),
	       ruleset_count(rs), ruleset_warning_count(rs));
	ruleset_free(rs);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("LNR_CONFORMANCE");
	char sub[4096];
	struct dirent **v;
	int n, i;

	if (argc > 1)
		dir = argv[1];
	if (!dir)
		dir = LNR_CONFORMANCE;
	if (!is_dir(dir)) {
		printf("SKIP: conformance rules not found at %s\n", dir);
		return 77;
	}
	check_stable(dir);
	check_folder(dir, true);
	n = scandir(dir, &v, NULL, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, v[i]->d_name);
		if (v[i]->d_name[0] != '.' && is_dir(sub))
			check_folder(sub, false);
		free(v[i]);
	}
	if (n > 0)
		free(v);
	printf("%zu rule sets checked\n", nchecked);
	return check_done();
}
