/*
 * The names table of state_dns.h: entries in the order the rules name
 * them, and a sorted index from address to entry rebuilt on the first
 * lookup after a change (answers come seconds apart, lookups per event).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state_dns.h"

static int cmp_row(const void *x, const void *y)
{
	const struct dns_index_row *a = x, *b = y;
	int c = dnsinfo_addr_cmp(&a->a, &b->a);

	if (c)
		return c;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

static struct dns_entry *find(const struct dns_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->e[i].name, name) == 0)
			return &t->e[i];
	return NULL;
}

static void free_entries(struct dns_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

int state_dns_want(struct dns_table *t, const char *const *names, size_t n)
{
	struct dns_entry *e = calloc(n ? n : 1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct dns_entry *old = find(t, names[i]);

		if (old)
			e[i] = *old;
		e[i].name = strdup(names[i]);
		if (!e[i].name) {
			free_entries(e, i);
			return -ENOMEM;
		}
	}
	free_entries(t->e, t->n);
	t->e = e;
	t->n = n;
	t->stale = true;
	return 0;
}

int state_dns_set(struct dns_table *t, const struct dnsinfo *d)
{
	struct dns_entry *e = find(t, d->name);

	if (!e) {
		t->unwanted++;
		return -ENOENT;
	}
	t->answers++;
	if (e->naddrs == d->naddrs &&
	    !memcmp(e->addrs, d->addrs, d->naddrs * sizeof(*d->addrs)))
		return 0; /* as before: the index stands */
	e->naddrs = d->naddrs;
	memcpy(e->addrs, d->addrs, d->naddrs * sizeof(*d->addrs));
	t->stale = true;
	return 0;
}

static int rebuild(struct dns_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->e[i].naddrs;
	free(t->ix);
	t->nix = 0;
	t->ix = malloc((n ? n : 1) * sizeof(*t->ix));
	if (!t->ix)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		for (uint32_t j = 0; j < t->e[i].naddrs; j++)
			t->ix[t->nix++] = (struct dns_index_row){
			    .a = t->e[i].addrs[j], .entry = (uint32_t)i};
	qsort(t->ix, t->nix, sizeof(*t->ix), cmp_row);
	t->stale = false;
	return 0;
}

int state_dns_names_of(struct dns_table *t, uint32_t family,
		       const uint8_t addr[16], const char **out, int max)
{
	struct dnsinfo_addr key = {.family = family};
	size_t lo = 0, hi;
	int n = 0;

	if (t->stale && rebuild(t) < 0)
		return 0;
	memcpy(key.addr, addr, sizeof(key.addr));
	hi = t->nix;
	while (lo < hi) { /* the first row not below key */
		size_t mid = lo + (hi - lo) / 2;

		if (dnsinfo_addr_cmp(&t->ix[mid].a, &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->nix && n < max && !dnsinfo_addr_cmp(&t->ix[lo].a, &key);
	     lo++)
		if (n == 0 || out[n - 1] != t->e[t->ix[lo].entry].name)
			out[n++] = t->e[t->ix[lo].entry].name;
	return n;
}

void state_dns_free(struct dns_table *t)
{
	free_entries(t->e, t->n);
	free(t->ix);
	memset(t, 0, sizeof(*t));
}
