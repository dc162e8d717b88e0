/*
 * A bump allocator for everything a rule set builds while loading and
 * compiling: items, ASTs, compiled trees. Freed all at once with the set.
 */
#ifndef LNR_RULE_ARENA_H
#define LNR_RULE_ARENA_H

#include <stddef.h>

struct rule_arena {
	struct rule_arena_chunk *head;
	size_t total;	/* bytes handed out */
	size_t limit;	/* refuse beyond this */
	size_t refused; /* allocations refused */
};

void rule_arena_init(struct rule_arena *a, size_t limit);
void rule_arena_free(struct rule_arena *a);
/* Zeroed memory, or NULL past the limit. */
void *rule_arena_alloc(struct rule_arena *a, size_t size);
char *rule_arena_strndup(struct rule_arena *a, const char *s, size_t n);
char *rule_arena_strdup(struct rule_arena *a, const char *s);
/* Grows an array of `esize` elements to hold at least `need`; *cap is
 * updated. Old storage stays in the arena. NULL past the limit. */
void *rule_arena_grow(struct rule_arena *a, void *old, size_t esize, size_t n,
		      size_t need, size_t *cap);
/* Appends `p` to the vector of pointers *v of *n (room for *cap), grown
 * as rule_arena_grow does. 0 or -ENOMEM. */
int rule_arena_push(struct rule_arena *a, void ***v, size_t *n, size_t *cap,
		    void *p);

#endif
