/*
 * The configuration keys of conf_keys.def: which exist, their types and
 * defaults, which process reads each, and typed reads that take their
 * default from the table, so no key or default is spelled twice.
 */
#ifndef LNR_CONF_KEYS_H
#define LNR_CONF_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"

enum conf_type {
	CONF_T_STRING,
	CONF_T_BOOL,
	CONF_T_INT,	     /* a non-negative integer */
	CONF_T_BUF_PRESET,   /* a kernel buffer size preset, 1 to 10 */
	CONF_T_HOOKS,	     /* auto, raw or tracepoint */
	CONF_T_DURATION,     /* "500ms", "30s", "15m", "1h" */
	CONF_T_FRACTION,     /* a number from 0 to 1 */
	CONF_T_FRACTION_ANY, /* a non-negative number */
	CONF_T_PRIORITY,     /* a Falco priority name */
	CONF_T_LOGLEVEL,
	CONF_T_ACTIONS, /* syscall_event_drops.actions */
	CONF_T_LIST,	/* a value or a sequence below the key */
	CONF_T_TREE,	/* anything below the key */
};

/* Which processes read a key: the broker sends a child only its own. */
enum conf_reader {
	CONF_R_BROKER = 1u << 0,
	CONF_R_CAPTURE = 1u << 1,
	CONF_R_ENGINE = 1u << 2,
	CONF_R_OUTPUT = 1u << 3,
	CONF_R_CLI = 1u << 4, /* set from command line flags (-D, -T, -t) */
	CONF_R_WEB = 1u << 5,
	CONF_R_BROKER_WEB = CONF_R_BROKER | CONF_R_WEB,
	CONF_R_K8SAUDIT = 1u << 6,
	CONF_R_BROKER_ENGINE = CONF_R_BROKER | CONF_R_ENGINE,
	CONF_R_BROKER_CAPTURE = CONF_R_BROKER | CONF_R_CAPTURE,
	CONF_R_ENGINE_CLI = CONF_R_ENGINE | CONF_R_CLI,
	CONF_R_BROKER_OUTPUT = CONF_R_BROKER | CONF_R_OUTPUT,
};

enum conf_key_id {
#define CONF_KEY(id, key, type, def, readers, desc) CONF_##id,
#define CONF_FALCO_ONLY(key)
#include "conf_keys.def"
#undef CONF_KEY
#undef CONF_FALCO_ONLY
#define CHANNEL(name, enabled, owns_stdout, sink, curl)                        \
	CONF_OUTPUT_ENABLED_##name,
#include "channels.def"
#undef CHANNEL
	CONF_KEY_COUNT
};

struct conf_key {
	const char *key;
	enum conf_type type;
	const char *def;
	unsigned readers;
	const char *desc;
};

extern const struct conf_key conf_keys[CONF_KEY_COUNT];

/* The key an item belongs to ("rules_files.0" -> rules_files), or NULL. */
const struct conf_key *conf_key_of(const char *item);
/* Whether item is a Falco key that lanner does not act on yet. */
int conf_key_falco_only(const char *item);
/* The known key nearest to item, for "did you mean". */
const char *conf_key_nearest(const char *item);

/* Checks every item's value against its key's type: 0, or -EINVAL with
 * the key, value and what was expected in err. Unknown keys are logged,
 * with the nearest known one. */
int conf_keys_check(const struct conf *c, char *err, size_t errlen);

/* Typed reads; the table's default when the key is absent. */
const char *conf_str(const struct conf *c, enum conf_key_id id);
/* A LIST key's items, up to max; when it has none, its default's items
 * (the table writes them split by commas), copied into buf (len 0: no
 * default wanted). */
size_t conf_list(const struct conf *c, enum conf_key_id id, const char **out,
		 size_t max, char *buf, size_t len);
int conf_bool(const struct conf *c, enum conf_key_id id);
long conf_long(const struct conf *c, enum conf_key_id id);
/* Falco's buffer size presets: 1 is 1 MiB, each next one doubles it, up
 * to 10 (512 MiB); 0 for a value outside them. */
uint32_t conf_buf_preset_bytes(long preset);
/* engine.modern_ebpf.syscall_hooks: auto 0, raw 1, tracepoint 2 (the
 * order of capture's enum probe_hooks); -1 for anything else. */
int conf_parse_hooks(const char *v);
/* A duration as Falco writes them ("500ms", "30s", "15m", "1h", "1d") in
 * milliseconds; -1 for anything else. */
long long conf_parse_duration_ms(const char *v);

/* The reference: lanner.yaml (markdown = 0) or a Markdown table. */
enum conf_ref_format { CONF_REF_YAML, CONF_REF_MARKDOWN, CONF_REF_MAN };
void conf_keys_reference(FILE *f, enum conf_ref_format fmt);

#endif
