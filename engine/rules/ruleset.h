/*
 * Rule sets: Falco rule files (lists, macros, rules) loaded, compiled
 * once, indexed by event type and evaluated per event without allocation.
 * The engine feeds events; the CLI modes (-V, -L, -l) read the same set.
 */
#ifndef LNR_RULESET_H
#define LNR_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "event.h"

struct evt_ctx;
struct ruleset;
struct rule;
struct cnode;

struct ruleset *ruleset_new(void);
void ruleset_free(struct ruleset *rs);

/* Parses one rule file and collects its items; errors and warnings go to
 * the diagnostics. `buf` need not be NUL-terminated. 0 or -EINVAL. */
int ruleset_add_file(struct ruleset *rs, const char *path, const char *buf,
		     size_t len);

/*
 * Applies one configuration item before compiling, in order:
 *   rules.N.disable.rule=GLOB  rules.N.enable.rule=GLOB
 *   rules.N.disable.tag=TAG    rules.N.enable.tag=TAG
 *   cli.disable_substr=SUBSTR (-D)   cli.disable_tag=TAG (-T)
 *   cli.enable_only_tag=TAG (-t, repeatable)
 * Unknown keys are ignored (0); a bad value is -EINVAL.
 */
int ruleset_select_config(struct ruleset *rs, const char *key,
			  const char *value);

/* Resolves macros and lists, compiles conditions and outputs, builds the
 * event type index. 0, or -EINVAL when any error was reported. */
int ruleset_compile(struct ruleset *rs);

/* Enabled rules (after compile). */
size_t ruleset_count(const struct ruleset *rs);
size_t ruleset_error_count(const struct ruleset *rs);
size_t ruleset_warning_count(const struct ruleset *rs);

/* Every error and warning, rendered with file:line:col and a caret. */
void ruleset_diag_text(const struct ruleset *rs, char *buf, size_t len);

typedef void (*ruleset_match_fn)(void *arg, const struct rule *r,
				 struct evt_ctx *ctx);

/* Calls fn for each enabled rule of `source` ("syscall") matching the
 * event, in load order. No allocation. */
void ruleset_eval(const struct ruleset *rs, const char *source,
		  unsigned evt_type, struct evt_ctx *ctx, ruleset_match_fn fn,
		  void *arg);

/* Fills an alert for a match: rule, priority, source, tags, rendered
 * output and output_fields (each %field of the output, name and value).
 * Strings live in `scratch`. 0, or -ENOSPC when scratch was too small
 * (the alert is still usable, values truncated). */
int rule_fill_alert(const struct rule *r, struct evt_ctx *ctx, struct alert *a,
		    char *scratch, size_t len);

/* Marks the event types any enabled rule may match (for in-kernel
 * filtering). */
void ruleset_evt_types(const struct ruleset *rs, uint8_t set[LNR_EVT_COUNT]);

/* Rule accessors (CLI modes, the engine's stats). */
const char *rule_name(const struct rule *r);
const char *rule_desc(const struct rule *r);
const char *rule_source(const struct rule *r);
enum priority rule_priority(const struct rule *r);
bool rule_enabled(const struct rule *r);
/* Whether the rule can match events of this type. */
bool rule_has_type(const struct rule *r, unsigned type);
/* The compiled condition, exceptions included. */
const struct cnode *rule_cond(const struct rule *r);

/* Every loaded rule in order, enabled or not. */
size_t ruleset_rule_total(const struct ruleset *rs);
const struct rule *ruleset_rule_at(const struct ruleset *rs, size_t i);
const struct rule *ruleset_rule_find(const struct ruleset *rs,
				     const char *name);

#endif
