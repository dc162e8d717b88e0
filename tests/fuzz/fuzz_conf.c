/*
 * Fuzzes the configuration loader: the YAML file flattened into dotted
 * keys, then -o key=value overrides. The input is the YAML text, then
 * after a NUL byte the overrides, one per NUL-terminated piece. Whatever
 * the input, every key is unique and none is the dotted prefix of
 * another (a scalar and a subtree cannot both hold the same path).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_prefix(const char *a, const char *b)
{
	size_t n = strlen(a);

	return strncmp(a, b, n) == 0 && b[n] == '.';
}

static void check(const struct conf *c)
{
	if (c->n > CONF_MAX_ITEMS || c->n > c->cap)
		abort();
	for (size_t i = 0; i < c->n; i++) {
		const char *k = c->items[i].key;

		if (strlen(k) >= CONF_MAX_KEY)
			abort();
		if (conf_get(c, k, NULL) != c->items[i].value)
			abort();
		(void)conf_get_bool(c, k, 0);
		if (conf_get_long(c, k, -1) < -1)
			abort();
		for (size_t j = i + 1; j < c->n; j++) {
			const char *o = c->items[j].key;

			if (strcmp(k, o) == 0 || is_prefix(k, o) ||
			    is_prefix(o, k))
				abort();
		}
	}
}

/* An override that was taken reads back (keys with [i] are rewritten,
 * so they are left out). */
static void override(struct conf *c, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char err[256], key[CONF_MAX_KEY];

	if (conf_override(c, kv, err, sizeof(err)) < 0)
		return;
	if (!eq)
		abort();
	if (strcspn(kv, "[]") < (size_t)(eq - kv))
		return;
	if ((size_t)(eq - kv) >= sizeof(key))
		abort();
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	/* A YAML flow value becomes the items below the key, not a value of
	 * its own. */
	if (eq[1] == '[' || eq[1] == '{') {
		if (conf_get(c, key, NULL) != NULL)
			abort();
		return;
	}
	if (strcmp(conf_get(c, key, "\x01"), eq + 1) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t ylen = nul ? (size_t)(nul - data) : size;
	char err[256];
	struct conf c;
	char *ovr;

	conf_init(&c);
	if (conf_load_string(&c, (const char *)data, ylen, "fuzz.yaml", err,
			     sizeof(err)) == 0)
		check(&c);
	if (nul && ylen + 1 < size) {
		size_t n = size - ylen - 1;

		ovr = malloc(n + 1);
		if (!ovr)
			abort();
		memcpy(ovr, nul + 1, n);
		ovr[n] = '\0';
		for (char *kv = ovr; kv < ovr + n; kv += strlen(kv) + 1)
			override(&c, kv);
		check(&c);
		free(ovr);
	}
	conf_free(&c);
	return 0;
}
