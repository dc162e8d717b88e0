/*
 * Fuzzes the name resolution messages (common/dnsinfo.c): the first
 * byte picks the body, the rest is it. The engine decodes lanner-resolve's
 * answers and keeps them in its table (engine/state/state_dns.c);
 * lanner-resolve decodes the engine's names. What decodes must hold
 * valid names and families, and every address of an answer must lead
 * back to its name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dnsinfo.h"
#include "state_dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void names(struct msg_in *in)
{
	static const char *got[DNSINFO_NAMES_MAX];
	struct dns_table t = {0};
	int n = dnsinfo_names_decode(in, got);

	for (int i = 0; i < n; i++)
		if (!dnsinfo_name_ok(got[i], strlen(got[i])))
			abort();
	if (n >= 0 && state_dns_want(&t, got, (size_t)n) < 0)
		abort();
	state_dns_free(&t);
}

static void addrs(struct msg_in *in)
{
	static struct dnsinfo d;
	struct dns_table t = {0};
	const char *found[4];

	if (dnsinfo_decode(in, &d) < 0)
		return;
	if (d.naddrs > DNSINFO_ADDRS_MAX ||
	    !dnsinfo_name_ok(d.name, strlen(d.name)) ||
	    state_dns_want(&t, &d.name, 1) < 0 || state_dns_set(&t, &d) < 0)
		abort();
	for (uint32_t i = 0; i < d.naddrs; i++) {
		const struct dnsinfo_addr *a = &d.addrs[i];

		if ((a->family != AF_INET && a->family != AF_INET6) ||
		    state_dns_names_of(&t, a->family, a->addr, found, 4) != 1 ||
		    strcmp(found[0], d.name) != 0)
			abort();
	}
	state_dns_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msg_in in;

	if (size < 1)
		return 0;
	memset(&in, 0, sizeof(in));
	in.p = data + 1;
	in.left = size - 1;
	if (data[0] & 1)
		addrs(&in);
	else
		names(&in);
	return 0;
}
