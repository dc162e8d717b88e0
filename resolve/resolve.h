/*
 * lanner-resolve, the host name resolver: the engine names the domains
 * its rules compare fd.*ip.name with (MSG_DNS_NAMES, through the broker);
 * this process resolves each through the host's resolver configuration
 * (/etc/hosts, then the servers of /etc/resolv.conf, with c-ares), answers
 * with its addresses (MSG_DNS_ADDRS, after each lookup, changed or not)
 * and resolves it again later: after
 * DNS_REFRESH_MIN_S, doubling while the answer stays the same up to
 * DNS_REFRESH_MAX_S, back to the minimum when it changed. It parses the
 * untrusted DNS replies, so it runs as its own user, with no capabilities
 * and a seccomp table of its own (allow.c).
 */
#ifndef LNR_RESOLVE_H
#define LNR_RESOLVE_H

#include <ares.h>
#include <stdint.h>

#include "child.h"
#include "dnsinfo.h"

#define DNS_REFRESH_MIN_S 10
#define DNS_REFRESH_MAX_S 320
#define DNS_INFLIGHT_MAX 16 /* lookups running at once */

/* One name and what it resolved to last. */
struct dns_name {
	char name[DNSINFO_NAME_MAX + 1];
	uint64_t due_ns;    /* when to resolve it next */
	uint32_t every_s;   /* the current refresh interval */
	int inflight;	    /* a lookup is running */
	int known;	    /* an answer was sent */
	int resend;	    /* send it again: the engine has new rules */
	struct dnsinfo ans; /* the last answer sent (name unset) */
};

struct resolver {
	struct child_proc child;
	ares_channel ch;
	struct dns_name names[DNSINFO_NAMES_MAX];
	size_t n;
	unsigned inflight;
	uint64_t conf_stamp, conf_checked; /* resolv.conf, as last read */
	uint8_t *out; /* MSG_MAX_SIZE: one message being built */
	uint64_t lookups, answers, failures;
	struct child_stats stats;
};

/* resolve.c: c-ares and buffers, while files may be read; fatal when
 * that fails. */
void resolve_setup(struct resolver *r);
/* Takes the engine's list of names (see main.c). */
void resolve_set_names(struct resolver *r, const char *const *names, size_t n);
/* Serves the broker's names until SHUTDOWN (0) or a failure (-errno). */
int resolve_run(struct resolver *r);
/* How a name's next interval follows from its last (pure: unit-tested). */
uint32_t resolve_next_interval(uint32_t every_s, int changed);

/* allow.c */
extern const struct sc_rule resolve_allow[];
extern const size_t resolve_allow_len;

#endif
