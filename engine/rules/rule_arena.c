/*
 * Bump allocator behind rule loading and compilation: chunks chained in a
 * list, all released by rule_arena_free.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rule_arena.h"

#define CHUNK_MIN ((size_t)64 * 1024)

struct rule_arena_chunk {
	struct rule_arena_chunk *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char mem[];
};

void rule_arena_init(struct rule_arena *a, size_t limit)
{
	memset(a, 0, sizeof(*a));
	a->limit = limit;
}

void rule_arena_free(struct rule_arena *a)
{
	struct rule_arena_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

void *rule_arena_alloc(struct rule_arena *a, size_t size)
{
	struct rule_arena_chunk *c = a->head;
	size_t csize;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		size = 16;
	if (a->total + size > a->limit || size > a->limit) {
		a->refused++;
		return NULL;
	}
	if (!c || c->size - c->used < size) {
		csize = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = malloc(sizeof(*c) + csize);
		if (!c) {
			a->refused++;
			return NULL;
		}
		c->size = csize;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->mem + c->used;
	c->used += size;
	a->total += size;
	memset(p, 0, size);
	return p;
}

char *rule_arena_strndup(struct rule_arena *a, const char *s, size_t n)
{
	char *p = rule_arena_alloc(a, n + 1);

	if (p && n)
		memcpy(p, s, n);
	return p;
}

char *rule_arena_strdup(struct rule_arena *a, const char *s)
{
	return rule_arena_strndup(a, s, strlen(s));
}

void *rule_arena_grow(struct rule_arena *a, void *old, size_t esize, size_t n,
		      size_t need, size_t *cap)
{
	size_t ncap = *cap ? *cap : 4;
	void *p;

	if (need <= *cap)
		return old;
	while (ncap < need)
		ncap *= 2;
	p = rule_arena_alloc(a, ncap * esize);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, old, n * esize);
	*cap = ncap;
	return p;
}

int rule_arena_push(struct rule_arena *a, void ***v, size_t *n, size_t *cap,
		    void *p)
{
	void **nv = rule_arena_grow(a, *v, sizeof(*nv), *n, *n + 1, cap);

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = p;
	*v = nv;
	return 0;
}
