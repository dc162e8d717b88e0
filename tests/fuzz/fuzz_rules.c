/*
 * Fuzzes the rule file loader and compiler: YAML items, append/override,
 * exceptions, conditions, outputs and the diagnostics rendering.
 */
#include <stddef.h>
#include <stdint.h>

#include "engine/rules/ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char diag[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs = ruleset_new();
	uint8_t types[LNR_EVT_COUNT];

	if (!rs)
		return 0;
	ruleset_select_config(rs, "rules.0.disable.tag", "network");
	ruleset_add_file(rs, "fuzz.yaml", (const char *)data, size);
	ruleset_compile(rs);
	ruleset_diag_text(rs, diag, sizeof(diag));
	ruleset_evt_types(rs, types);
	ruleset_free(rs);
	return 0;
}
