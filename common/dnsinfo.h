/*
 * Domain names the rules compare fd.cip.name, fd.sip.name, fd.lip.name
 * and fd.rip.name with, and what they resolve to. The engine names them
 * (MSG_DNS_NAMES), lanner-resolve resolves them and answers one name at
 * a time (MSG_DNS_ADDRS); the broker relays both unread. Decoders are
 * strict: names as dnsinfo_name_ok says, bounded counts, families
 * AF_INET and AF_INET6 only, nothing left over. Strings point into the
 * message.
 */
#ifndef LNR_DNSINFO_H
#define LNR_DNSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

#define DNSINFO_NAME_MAX 253  /* bytes of a name, as DNS bounds them */
#define DNSINFO_NAMES_MAX 512 /* names resolved at once */
#define DNSINFO_ADDRS_MAX 32  /* addresses kept per name */

struct dnsinfo_addr {
	uint32_t family;  /* AF_INET or AF_INET6 */
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
};

/* One name's addresses; naddrs 0 when the name does not exist. */
struct dnsinfo {
	const char *name;
	uint32_t naddrs;
	struct dnsinfo_addr addrs[DNSINFO_ADDRS_MAX];
};

/* The bytes of a MSG_DNS_NAMES message at its largest. */
#define DNSINFO_NAMES_MSG_MAX (DNSINFO_NAMES_MAX * (DNSINFO_NAME_MAX + 9) + 64)

/* The order of addresses: by family, then bytes. */
int dnsinfo_addr_cmp(const struct dnsinfo_addr *a,
		     const struct dnsinfo_addr *b);

/* A host name lanner asks about: labels of letters, digits, '-' and '_'
 * of 1 to 63 bytes joined by dots, at most DNSINFO_NAME_MAX bytes, no
 * label starting or ending with '-'. */
bool dnsinfo_name_ok(const char *s, size_t len);

/* MSG_DNS_NAMES: u32 count, then count names. */
void dnsinfo_names_encode(struct msg_out *m, const char *const *names,
			  size_t n);
/* Fills names[] (pointing into m) with up to DNSINFO_NAMES_MAX names.
 * The count, or -EPROTO. */
int dnsinfo_names_decode(struct msg_in *m, const char **names);

/* MSG_DNS_ADDRS: str name, u32 count, then count (u32 family, 16
 * bytes). */
void dnsinfo_encode(struct msg_out *m, const struct dnsinfo *d);
int dnsinfo_decode(struct msg_in *m, struct dnsinfo *d);

#endif
