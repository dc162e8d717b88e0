/*
 * String sets for `in`, `intersects` and `pmatch`: an open-addressing
 * hash table built at compile time, looked up per event without
 * allocation. pmatch looks up each leading path of the value.
 */
#include <errno.h>
#include <string.h>

#include "cond.h"

struct strset_slot {
	const char *p;
	size_t len;
	uint64_t h;
};

struct strset {
	struct rule_arena *a;
	struct strset_slot *slot;
	size_t mask;
	size_t n;
	bool root; /* pmatch: "/" is a member */
};

static uint64_t hash(const char *p, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct strset *strset_new(struct rule_arena *a, size_t n)
{
	struct strset *s = rule_arena_alloc(a, sizeof(*s));
	size_t cap = 8;

	if (!s)
		return NULL;
	while (cap < n * 2)
		cap *= 2;
	s->slot = rule_arena_alloc(a, cap * sizeof(*s->slot));
	if (!s->slot)
		return NULL;
	s->a = a;
	s->mask = cap - 1;
	return s;
}

int strset_add(struct strset *s, const char *p, size_t len)
{
	uint64_t h = hash(p, len);
	size_t i = h & s->mask;

	if (s->n + 1 > (s->mask + 1) / 2)
		return -E2BIG; /* sized by strset_new for every member */
	if (len == 1 && p[0] == '/')
		s->root = true;
	for (; s->slot[i].p; i = (i + 1) & s->mask)
		if (s->slot[i].h == h && s->slot[i].len == len &&
		    !memcmp(s->slot[i].p, p, len))
			return 0;
	s->slot[i].p = p;
	s->slot[i].len = len;
	s->slot[i].h = h;
	s->n++;
	return 0;
}

bool strset_has(const struct strset *s, const char *p, size_t len)
{
	uint64_t h = hash(p, len);
	size_t i = h & s->mask;

	for (; s->slot[i].p; i = (i + 1) & s->mask)
		if (s->slot[i].h == h && s->slot[i].len == len &&
		    !memcmp(s->slot[i].p, p, len))
			return true;
	return false;
}

bool strset_has_prefix_of(const struct strset *s, const char *p, size_t len)
{
	size_t i;

	if (s->root && len && p[0] == '/')
		return true;
	for (i = 1; i <= len; i++)
		if ((i == len || p[i] == '/') && strset_has(s, p, i))
			return true;
	return false;
}
