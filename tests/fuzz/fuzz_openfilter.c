/*
 * Fuzzes the open filter capture receives (common/openfilter.c): a blob
 * either is refused with a reason or decodes into entries the probe can
 * hold, which encode back to the same filter.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/openfilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entries(const struct openfilter *f)
{
	if (f->n > OPENFILTER_MAX || (f->all && f->n))
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct openfilter_entry *e = &f->e[i];

		if (e->kind > OPENFILTER_BASENAME || e->len == 0 ||
		    e->len + 2 > OPENFILTER_KEY_MAX || e->s[e->len] != 0 ||
		    strlen(e->s) != e->len || e->mode == 0 ||
		    e->mode > (OPENFILTER_ANY | OPENFILTER_WRITE))
			abort();
		(void)openfilter_map_mode(f, i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[OPENFILTER_BLOB_MAX];
	struct openfilter f, g;
	const char *why = NULL;
	size_t len;

	openfilter_init(&f);
	openfilter_init(&g);
	if (openfilter_decode(&f, data, size, &why) < 0) {
		if (!why || f.n || f.e)
			abort();
		return 0;
	}
	check_entries(&f);
	(void)openfilter_match(&f, "/etc/shadow", true);
	len = openfilter_encode(&f, buf, sizeof(buf));
	if (openfilter_decode(&g, buf, len, &why) < 0 || g.n != f.n ||
	    g.all != f.all || g.write_any != f.write_any)
		abort();
	openfilter_free(&f);
	openfilter_free(&g);
	return 0;
}
