/*
 * List flattening for conditions: a list's items with nested lists
 * expanded in place and surrounding quotes removed, computed once per
 * list; a list that includes itself is an error.
 */
#include <string.h>

#include "cond_list.h"
#include "rule_items.h"

const struct strv *cond_list_items(struct cond_ctx *cc, struct list_def *l,
				   size_t off)
{
	struct list_def *sub;
	const struct strv *sv;
	const char *s;
	size_t i, j, n;

	if (l->state == 2)
		return &l->flat;
	if (l->state == 1) {
		cond_ctx_error(cc, off, "list '%s' includes itself (cycle)",
			       l->name);
		return NULL;
	}
	l->state = 1;
	memset(&l->flat, 0, sizeof(l->flat));
	for (i = 0; i < l->items.n; i++) {
		s = l->items.v[i];
		sub = rule_items_list(cc->rs, s);
		if (sub) {
			sv = cond_list_items(cc, sub, off);
			if (!sv) {
				l->state = 0;
				return NULL;
			}
			for (j = 0; j < sv->n; j++)
				strv_push(cc->a, &l->flat, sv->v[j], NULL);
			continue;
		}
		n = strlen(s);
		if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
			s = rule_arena_strndup(cc->a, s + 1, n - 2);
		if (s)
			strv_push(cc->a, &l->flat, s, &l->items.pos[i]);
	}
	l->state = 2;
	return &l->flat;
}
