/*
 * Domain names through the broker: the engine's list of the names its
 * rules compare fd.*ip.name with goes to lanner-resolve, the resolver's
 * answers go to the engine as the same opaque bytes (common/dnsinfo.h;
 * the broker parses no DNS data). The list is checked first
 * (dnscheck.c). The last list is kept for a resolver that restarts.
 * lanner-resolve runs only once a list names a domain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "dnscheck.h"
#include "log.h"

int dnsrelay_handshake(struct child *c)
{
	struct broker *b = c->b;

	if (!b->dns_names || !c->pid || !c->hello)
		return 0;
	return chan_relay(c, MSG_DNS_NAMES, b->dns_names, b->dns_names_len);
}

int dnsrelay_names(struct child *c, struct msg_in *m)
{
	struct broker *b = c->b;
	struct child *resolver = chan_peer(b, ROLE_RESOLVE);
	uint8_t *copy;
	size_t len;
	int kept;

	copy = dnscheck_names(&b->rules, m, &len, &kept);
	if (!copy)
		return -EPROTO;
	free(b->dns_names);
	b->dns_names = copy;
	b->dns_names_len = len;
	/* The resolver starts with the first name; it gets them on its
	 * handshake. */
	if (kept > 0)
		supervise_demand(b, ROLE_RESOLVE);
	if (resolver && dnsrelay_handshake(resolver) < 0)
		log_warn("cannot send the names to resolve to %s",
			 resolver->def->binary);
	return 0;
}

/* The resolver's answers go unread: they are the engine's to judge. */
int dnsrelay_addrs(struct child *c, struct msg_in *m)
{
	if (m->left == 0)
		return -EPROTO;
	if (chan_relay(chan_peer(c->b, ROLE_ENGINE), MSG_DNS_ADDRS, m->p,
		       m->left) < 0)
		c->b->dns_answers_dropped++;
	return 0;
}
