/*
 * Conformance: every upstream Falco rule file under ../shared/conformance
 * (the current stable, incubating, sandbox, deprecated and application
 * sets at the top, older releases in subfolders) loads and compiles with
 * no error, alone and after the stable set of its folder
 * (falco_rules.yaml), and every rule in it compiles. The stable set's
 * index covers the event types its rules name. No field the stable,
 * incubating and sandbox rules read, in a condition or an output, is
 * one lanner has no values for. Skips (77) without them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "engine/rules/cond.h"
#include "engine/rules/output_fmt.h"
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

/* A field with no source of values; reports it, with where. */
static bool no_values(const struct field_def *f, const struct rule *r)
{
	if (!f || !(f->flags & FIELD_NA))
		return false;
	fprintf(stderr, "%s reads %s, which lanner has no values for\n",
		rule_name(r), f->name);
	return true;
}

static size_t na_in_cond(const struct cnode *n, const struct rule *r)
{
	size_t bad = 0;

	if (!n)
		return 0;
	if (n->kind == CN_CHECK)
		bad += no_values(n->chk->lhs.f, r) +
		       (n->chk->rhs_field && no_values(n->chk->rhs.f, r));
	for (unsigned i = 0; i < n->nkids; i++)
		bad += na_in_cond(n->kids[i], r);
	return bad;
}

static size_t na_in_output(const struct rule *r)
{
	char err[256];
	size_t bad = 0, used;
	struct field_arg arg;

	for (size_t i = 0; r->d.out && i < output_fmt_nfields(r->d.out); i++)
		bad +=
		    no_values(fields_lookup(rule_source(r),
					    output_fmt_field_name(r->d.out, i),
					    &used, &arg, err, sizeof(err)),
			      r);
	return bad;
}

/* Every field the stable set and the one after it (or NULL) read has a
 * source of values. */
static void check_fields(const char *dir, const char *then)
{
	char path[4096], path2[4096];
	struct ruleset *rs;
	size_t bad = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, STABLE);
	snprintf(path2, sizeof(path2), "%s/%s", dir, then ? then : "");
	rs = load(path, then ? path2 : NULL);
	if (!rs)
		return;
	for (size_t i = 0; i < ruleset_rule_total(rs); i++) {
		const struct rule *r = ruleset_rule_at(rs, i);

		bad += na_in_cond(rule_cond(r), r) + na_in_output(r);
	}
	CHECK(bad == 0);
	ruleset_free(rs);
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
	check_fields(dir, NULL);
	check_fields(dir, "falco-incubating_rules.yaml");
	check_fields(dir, "falco-sandbox_rules.yaml");
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
