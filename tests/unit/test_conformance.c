/*
 * Conformance: the upstream stable Falco rules (../shared/conformance)
 * load and compile with no error, every rule compiles, and the rule
 * index covers the event types the rules name. Skips (77) without them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "engine/rules/rule_items.h"
#include "engine/rules/rule_files.h"
#include "engine/rules/ruleset.h"

#ifndef LNR_CONFORMANCE
#define LNR_CONFORMANCE "../shared/conformance/falco_rules.yaml"
#endif

static char diag[1 << 20];

int main(int argc, char **argv)
{
	const char *path = getenv("LNR_CONFORMANCE");
	uint8_t types[LNR_EVT_COUNT];
	struct ruleset *rs;
	size_t i;

	if (argc > 1)
		path = argv[1];
	if (!path)
		path = LNR_CONFORMANCE;
	if (access(path, R_OK) < 0) {
		printf("SKIP: conformance rules not found at %s\n", path);
		return 77;
	}
	rs = ruleset_new();
	CHECK(rs != NULL);
	CHECK(rule_files_load(rs, path) == 0);
	CHECK(ruleset_compile(rs) == 0);
	ruleset_diag_text(rs, diag, sizeof(diag));
	if (ruleset_error_count(rs))
		fputs(diag, stderr);
	CHECK(ruleset_error_count(rs) == 0);
	CHECK(ruleset_rule_total(rs) >= 25);
	for (i = 0; i < ruleset_rule_total(rs); i++) {
		const struct rule *r = ruleset_rule_at(rs, i);

		if (!r->d.compiled)
			fprintf(stderr, "rule not compiled: %s\n",
				rule_name(r));
		CHECK(r->d.compiled);
	}
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
	return check_done();
}
