/*
 * The engine's side of name resolution: after each rule load it names
 * the domains its rules compare fd.*ip.name with (MSG_DNS_NAMES) and
 * keeps only those in its table; lanner-resolve's answers
 * (MSG_DNS_ADDRS) come whenever they come, each decoded here, since the
 * engine trusts no other process. No event waits for one.
 */
#include <errno.h>

#include "dnsinfo.h"
#include "dnsnames.h"
#include "engine.h"
#include "log.h"
#include "ruleset.h"
#include "state.h"

int dns_send_names(struct engine *e)
{
	static const char *names[DNSINFO_NAMES_MAX];
	static uint8_t buf[DNSINFO_NAMES_MSG_MAX];
	size_t n = dnsnames_collect(e->rs, names, DNSINFO_NAMES_MAX);
	struct msg_out m;
	int r;

	if (n > DNSINFO_NAMES_MAX) {
		log_warn("the rules compare fd.*ip.name with %zu names; only "
			 "the first %u are resolved",
			 n, DNSINFO_NAMES_MAX);
		n = DNSINFO_NAMES_MAX;
	}
	r = state_dns_want(&e->st->dns, names, n);
	if (r < 0)
		return r;
	msg_begin(&m, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	dnsinfo_names_encode(&m, names, n);
	return child_send(&e->child, &m, 0);
}

int dns_on_addrs(void *self, struct msg_in *m)
{
	struct engine *e = self;
	static struct dnsinfo d;

	if (dnsinfo_decode(m, &d) < 0) {
		e->dns_bad++;
		log_warn("a malformed answer from the name resolver");
		return 0;
	}
	if (state_dns_set(&e->st->dns, &d) == 0)
		log_debug("%s: %u addresses", d.name, d.naddrs);
	return 0;
}
