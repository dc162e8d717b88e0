/*
 * Compiling the conditions of a rule set: macros parsed once and checked
 * on their own, each rule's condition parsed and compiled with macros
 * expanded in place (with cycle detection) and constants folded.
 */
#ifndef LNR_COND_COMPILE_H
#define LNR_COND_COMPILE_H

#include <stdbool.h>

#include "cond.h"
#include "rule_items.h"

/* Parses and compiles a rule's condition; NULL after reporting errors,
 * or with *skipped when skip-if-unknown-filter dropped the rule. */
struct cnode *cond_compile_rule(struct ruleset *rs, struct rule_def *r,
				bool *skipped);
/* Parses every macro's condition once; errors reported. */
void cond_parse_macros(struct ruleset *rs);
/* Compiles each macro on its own (fields of any source), so errors in
 * unused macros are reported too, once. */
void cond_compile_macros(struct ruleset *rs);

#endif
