/*
 * Fuzzes the syscall_event_drops values: the input is NUL-separated
 * pieces, each "KEY=VALUE" with KEY below syscall_event_drops. A value
 * that is refused leaves the settings as they were; one that is taken
 * keeps every setting within the bounds the engine relies on.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/drops_conf.h"

#define KNOWN (DROPS_LOG | DROPS_ALERT | DROPS_EXIT | DROPS_IGNORE)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct drops_conf *c)
{
	if ((c->actions & ~(unsigned)KNOWN) || !isfinite(c->rate) ||
	    c->rate < 1e-9 || c->rate > 1e9 || !(c->max_burst >= 1) ||
	    c->max_burst > 1e9 || !(c->threshold >= 0) || c->threshold > 1 ||
	    (c->simulate != 0 && c->simulate != 1))
		abort();
}

static int same(const struct drops_conf *a, const struct drops_conf *b)
{
	return a->actions == b->actions &&
	       a->actions_given == b->actions_given && a->rate == b->rate &&
	       a->max_burst == b->max_burst && a->threshold == b->threshold &&
	       a->simulate == b->simulate;
}

static void item(struct drops_conf *c, char *kv)
{
	static const char prefix[] = "syscall_event_drops.";
	char key[96];
	char *eq = strchr(kv, '=');
	struct drops_conf before = *c;

	if (!eq || (size_t)(eq - kv) >= sizeof(key) - sizeof(prefix))
		return;
	memcpy(key, prefix, sizeof(prefix) - 1);
	memcpy(key + sizeof(prefix) - 1, kv, (size_t)(eq - kv));
	key[sizeof(prefix) - 1 + (size_t)(eq - kv)] = '\0';
	if (drops_conf_item(c, key, eq + 1) < 0 && !same(&before, c))
		abort();
	check(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct drops_conf c;
	char *text = malloc(size + 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	drops_conf_default(&c);
	check(&c);
	for (char *kv = text; kv < text + size; kv += strlen(kv) + 1)
		item(&c, kv);
	if (drops_conf_check(&c) == 0 && (c.actions & DROPS_IGNORE) &&
	    c.actions != DROPS_IGNORE)
		abort();
	free(text);
	return 0;
}
