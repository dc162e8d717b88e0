/*
 * The domain names the rules compare fd.cip.name, fd.sip.name,
 * fd.lip.name and fd.rip.name with, and the addresses lanner-resolve
 * found for them. As in Falco, an address has a name only through the
 * rules: fd.sip.name yields the names, among those, whose addresses
 * include the server's address (several when names share an address).
 */
#ifndef LNR_STATE_DNS_H
#define LNR_STATE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dnsinfo.h"

struct dns_entry {
	char *name;
	uint32_t naddrs; /* 0 until answered, or when it does not exist */
	struct dnsinfo_addr addrs[DNSINFO_ADDRS_MAX];
};

/* An address and the entry it belongs to, sorted by address. */
struct dns_index_row {
	struct dnsinfo_addr a;
	uint32_t entry;
};

struct dns_table {
	struct dns_entry *e;
	size_t n;
	struct dns_index_row *ix;
	size_t nix;
	bool stale; /* ix to be rebuilt before the next lookup */
	uint64_t answers, unwanted;
};

/* The names wanted now: an entry still wanted keeps its addresses, the
 * others go. 0 or -ENOMEM (the old table stays). */
int state_dns_want(struct dns_table *t, const char *const *names, size_t n);
/* A name's addresses; -ENOENT (counted) when the name is not wanted. */
int state_dns_set(struct dns_table *t, const struct dnsinfo *d);
/* The wanted names address a (of family) belongs to, up to max. */
int state_dns_names_of(struct dns_table *t, uint32_t family,
		       const uint8_t addr[16], const char **out, int max);
void state_dns_free(struct dns_table *t);

#endif
