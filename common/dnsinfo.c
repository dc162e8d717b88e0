/*
 * The codecs of dnsinfo.h, on the msg.h codec's typed calls.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "dnsinfo.h"

static bool label_ok(const char *s, size_t len)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

	if (len < 1 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!s[i] || !memchr(ok, s[i], sizeof(ok) - 1))
			return false;
	return true;
}

bool dnsinfo_name_ok(const char *s, size_t len)
{
	size_t start = 0;

	if (len < 1 || len > DNSINFO_NAME_MAX)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!label_ok(s + start, i - start))
			return false;
		start = i + 1;
	}
	return true;
}

int dnsinfo_addr_cmp(const struct dnsinfo_addr *a, const struct dnsinfo_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

void dnsinfo_names_encode(struct msg_out *m, const char *const *names, size_t n)
{
	msg_add_u32(m, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		msg_add_str(m, names[i]);
}

int dnsinfo_names_decode(struct msg_in *m, const char **names)
{
	uint32_t n = msg_get_u32(m);

	if (m->error || n > DNSINFO_NAMES_MAX)
		return -EPROTO;
	for (uint32_t i = 0; i < n; i++) {
		names[i] = msg_get_str(m);
		if (m->error || !dnsinfo_name_ok(names[i], strlen(names[i])))
			return -EPROTO;
	}
	return msg_end(m) < 0 ? -EPROTO : (int)n;
}

void dnsinfo_encode(struct msg_out *m, const struct dnsinfo *d)
{
	msg_add_str(m, d->name);
	msg_add_u32(m, d->naddrs);
	for (uint32_t i = 0; i < d->naddrs; i++) {
		msg_add_u32(m, d->addrs[i].family);
		msg_add_bytes(m, d->addrs[i].addr, sizeof(d->addrs[i].addr));
	}
}

int dnsinfo_decode(struct msg_in *m, struct dnsinfo *d)
{
	memset(d, 0, sizeof(*d));
	d->name = msg_get_str(m);
	d->naddrs = msg_get_u32(m);
	if (m->error || !dnsinfo_name_ok(d->name, strlen(d->name)) ||
	    d->naddrs > DNSINFO_ADDRS_MAX)
		return -EPROTO;
	for (uint32_t i = 0; i < d->naddrs; i++) {
		struct dnsinfo_addr *a = &d->addrs[i];
		const void *p;
		size_t len;

		a->family = msg_get_u32(m);
		p = msg_get_bytes(m, &len);
		if (m->error || len != sizeof(a->addr) ||
		    (a->family != AF_INET && a->family != AF_INET6))
			return -EPROTO;
		memcpy(a->addr, p, len);
	}
	return msg_end(m) < 0 ? -EPROTO : 0;
}
