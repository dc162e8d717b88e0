/*
 * The answer of --validate (-V): for each rule file a one-line summary
 * and its diagnostics, or, with json_output, one JSON object shaped like
 * Falco's validation results ({"falco_load_results": [...]}) so tools
 * that read Falco's answer read this one.
 */
#ifndef LNR_RULES_REPORT_H
#define LNR_RULES_REPORT_H

#include <stdio.h>

#include "ruleset.h"

void rules_report_text(const struct ruleset *rs, FILE *out);
void rules_report_json(const struct ruleset *rs, FILE *out);

#endif
