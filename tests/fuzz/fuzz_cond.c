/*
 * Fuzzes the condition lexer, parser and compiler, and the output format
 * compiler, with the input as the text, against a few lists and macros.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rules/cond_compile.h"
#include "engine/rules/output_fmt.h"
#include "engine/rules/ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char prelude[] =
    "- list: shells\n  items: [bash, sh, zsh]\n"
    "- list: more\n  items: [shells, fish]\n"
    "- macro: spawned\n  condition: evt.type in (execve, execveat)\n"
    "- macro: shell\n  condition: spawned and proc.name in (more)\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs = ruleset_new();
	struct srcpos pos = {NULL, 0, 0};
	struct rule_def r = {.name = "f", .source = "syscall"};
	char *text, err[160];
	size_t off;
	bool skipped;

	if (!rs)
		return 0;
	text = malloc(size + 1);
	if (!text) {
		ruleset_free(rs);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	ruleset_add_file(rs, "prelude.yaml", prelude, sizeof(prelude) - 1);
	cond_parse_macros(rs);
	if (srctext_set(&rs->arena, &r.cond, text, &pos, NULL, false) == 0)
		cond_compile_rule(rs, &r, &skipped);
	output_fmt_compile(&rs->arena, "syscall", text, err, sizeof(err), &off);
	free(text);
	ruleset_free(rs);
	return 0;
}
