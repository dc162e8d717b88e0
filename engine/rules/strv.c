/*
 * String vectors: grown in the rule arena, the strings and their
 * positions side by side.
 */
#include <errno.h>
#include <string.h>

#include "strv.h"

int strv_push(struct rule_arena *a, struct strv *v, const char *s,
	      const struct srcpos *pos)
{
	size_t pcap = v->cap;
	const char **nv;
	struct srcpos *np;

	nv = rule_arena_grow(a, v->v, sizeof(*nv), v->n, v->n + 1, &v->cap);
	if (!nv)
		return -ENOMEM;
	np = rule_arena_grow(a, v->pos, sizeof(*np), v->n, v->n + 1, &pcap);
	if (!np)
		return -ENOMEM;
	v->v = nv;
	v->pos = np;
	nv[v->n] = s;
	memset(&np[v->n], 0, sizeof(np[v->n]));
	if (pos)
		np[v->n] = *pos;
	v->n++;
	return 0;
}
