/*
 * Configuration as a flat, ordered list of key=value items. A falco.yaml
 * style file flattens into dotted keys with sequence indices
 * ("rules.0.disable.rule", "stdout_output.enabled"); -o overrides replace
 * or add items. The broker loads it and pushes the items to every child,
 * which rebuilds the same list from CONF_ITEM messages.
 */
#ifndef LNR_CONF_H
#define LNR_CONF_H

#include <stddef.h>

#define CONF_MAX_ITEMS 4096
#define CONF_MAX_KEY 256
#define CONF_MAX_DEPTH 16
#define CONF_MAX_BYTES (4u << 20)

struct conf_item {
	char *key;
	char *value;
};

struct conf {
	struct conf_item *items;
	size_t n;
	size_t cap;
	size_t refused; /* items beyond CONF_MAX_ITEMS */
};

void conf_init(struct conf *c);
void conf_free(struct conf *c);

/*
 * Flattens YAML into c. On a syntax or structure error returns -EINVAL
 * with "NAME:LINE:COLUMN: problem" in err; -errno if the file cannot be
 * read or fails the checks of safefile.h (a symlink, a FIFO, writable by
 * others...), with the reason in err.
 */
int conf_load_file(struct conf *c, const char *path, char *err, size_t errlen);
int conf_load_string(struct conf *c, const char *text, size_t len,
		     const char *name, char *err, size_t errlen);

/* Sets key to value, replacing it and any "key.*" items. 0 or -errno. */
int conf_set(struct conf *c, const char *key, const char *value);
/* Adds key=value after the other items, even when key is already there:
 * the list as the broker sent it. 0, -ENOSPC (counted in refused) or
 * -ENOMEM. */
int conf_add(struct conf *c, const char *key, const char *value);
/* Applies "key=value" as given to -o. 0 or -EINVAL with err filled. */
int conf_override(struct conf *c, const char *kv, char *err, size_t errlen);

/* The value, or def when the key is absent. */
const char *conf_get(const struct conf *c, const char *key, const char *def);
/* true/false, yes/no, on/off, 1/0 as 1 or 0; -1 for anything else. */
int conf_parse_bool(const char *v);
/* A non-negative decimal integer; -1 for anything else. */
long conf_parse_long(const char *v);

/* true/false, yes/no, on/off, 1/0; def when absent or unreadable. */
int conf_get_bool(const struct conf *c, const char *key, int def);
/* A non-negative integer; def when absent or unreadable. */
long conf_get_long(const struct conf *c, const char *key, long def);
/* The values of a list key, in order, up to max: "key" itself (one
 * value) and "key.N" items. Returns how many. */
size_t conf_get_list(const struct conf *c, const char *key, const char **out,
		     size_t max);

#endif
