/*
 * Typed values in conditions: the text after an operator, checked and
 * converted for the field's type at compile time (numbers, booleans,
 * IPv4/IPv6 addresses and networks, ports and port ranges).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cond.h"

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

static int parse_s64(const char *s, int64_t *v)
{
	char *end;

	if (!*s || *s == ' ')
		return -EINVAL;
	errno = 0;
	*v = strtoll(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

static int parse_ip(const char *text, struct ipval *ip, bool net)
{
	char buf[64], *slash;
	uint64_t prefix;
	int max;

	if (strlen(text) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, text);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, buf, ip->addr) == 1) {
		ip->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, ip->addr) == 1) {
		ip->family = AF_INET6;
		max = 128;
	} else {
		return -EINVAL;
	}
	ip->prefix = (uint8_t)max;
	if (slash) {
		if (parse_u64(slash, &prefix) < 0 || prefix > (uint64_t)max)
			return -EINVAL;
		ip->prefix = (uint8_t)prefix;
	} else if (net) {
		ip->prefix = (uint8_t)max;
	}
	return 0;
}

static int parse_port(const char *text, struct cvalue *out)
{
	char buf[32], *sep;
	uint64_t lo, hi;

	if (strlen(text) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, text);
	sep = strpbrk(buf, "-:");
	if (sep)
		*sep++ = '\0';
	if (parse_u64(buf, &lo) < 0 || lo > 65535)
		return -EINVAL;
	hi = lo;
	if (sep && (parse_u64(sep, &hi) < 0 || hi > 65535 || hi < lo))
		return -EINVAL;
	out->v.u = lo;
	out->hi = hi;
	return 0;
}

int value_parse(enum ftype t, const char *text, struct cvalue *out,
		struct rule_arena *a)
{
	memset(out, 0, sizeof(*out));
	out->v.type = t;
	switch (t) {
	case FT_INT64:
		return parse_s64(text, &out->v.i);
	case FT_UINT64:
	case FT_RELTIME:
	case FT_ABSTIME:
		return parse_u64(text, &out->v.u);
	case FT_PORT:
		return parse_port(text, out);
	case FT_BOOL:
		if (!strcasecmp(text, "true") || !strcmp(text, "1"))
			out->v.b = true;
		else if (strcasecmp(text, "false") != 0 &&
			 strcmp(text, "0") != 0)
			return -EINVAL;
		return 0;
	case FT_IPADDR:
	case FT_IPNET:
		return parse_ip(text, &out->v.ip, t == FT_IPNET);
	default:
		out->v.s.p = rule_arena_strdup(a, text);
		out->v.s.len = strlen(text);
		return out->v.s.p ? 0 : -ENOMEM;
	}
}
