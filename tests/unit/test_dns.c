/*
 * Name resolution for fd.*ip.name, short of the resolver itself: which
 * names a rule set asks about (engine/dnsnames.c), the messages that
 * carry names and addresses (common/dnsinfo.c, malformed ones refused),
 * and the engine's table from address to names (state/state_dns.c).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "dnsinfo.h"
#include "dnsnames.h"
#include "ruleset.h"
#include "state_dns.h"

static struct ruleset *compile(const char *rules)
{
	struct ruleset *rs = ruleset_new();

	CHECK(rs != NULL);
	ruleset_add_file(rs, "t.yaml", rules, strlen(rules));
	CHECK(ruleset_compile(rs) == 0);
	return rs;
}

static void test_collect(void)
{
	static const char rules[] =
	    "- list: miners\n  items: [pool.example, \"bad name\", "
	    "c2.example]\n"
	    "- rule: a\n  desc: d\n  condition: evt.type=connect and "
	    "fd.sip.name in (miners)\n  output: o\n  priority: NOTICE\n"
	    "- rule: b\n  desc: d\n  condition: evt.type=connect and "
	    "(fd.rip.name=c2.example or fd.cip.name != in.example or "
	    "fd.lip.name intersects (lo.example))\n  output: o\n"
	    "  priority: NOTICE\n"
	    /* Not names lanner can resolve: a transformer, a prefix. */
	    "- rule: c\n  desc: d\n  condition: evt.type=connect and "
	    "(tolower(fd.sip.name)=up.example or fd.sip.name startswith "
	    "pre.example)\n  output: o\n  priority: NOTICE\n"
	    "- rule: off\n  desc: d\n  condition: evt.type=connect and "
	    "fd.sip.name=off.example\n  output: o\n  priority: NOTICE\n"
	    "  enabled: false\n";
	static const char *const want[] = {"pool.example", "c2.example",
					   "in.example", "lo.example"};
	struct ruleset *rs = compile(rules);
	const char *names[8];
	size_t n = dnsnames_collect(rs, names, 8);

	CHECK(n == 4);
	for (size_t i = 0; i < 4 && i < n; i++)
		CHECK(strcmp(names[i], want[i]) == 0);
	/* Past max: counted, not stored. */
	CHECK(dnsnames_collect(rs, names, 2) == 4);
	ruleset_free(rs);
}

static void test_name_ok(void)
{
	static const char *const good[] = {"a", "kubernetes.default.svc",
					   "x_y.example-1.org", "1.2.3.4"};
	static const char *const bad[] = {"",		"a..b", ".a",  "a.",
					  "-a.b",	"a-.b", "a b", "a/b",
					  "\xc3\xa9.b", "a\tb"};
	char longest[DNSINFO_NAME_MAX + 2];

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		CHECK(dnsinfo_name_ok(good[i], strlen(good[i])));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		CHECK(!dnsinfo_name_ok(bad[i], strlen(bad[i])));
	/* 63-byte labels are the longest. */
	memset(longest, 'a', 64);
	CHECK(dnsinfo_name_ok(longest, 63));
	CHECK(!dnsinfo_name_ok(longest, 64));
	for (size_t i = 0; i <= DNSINFO_NAME_MAX; i++)
		longest[i] = i % 2 ? '.' : 'a';
	CHECK(dnsinfo_name_ok(longest, DNSINFO_NAME_MAX));
	CHECK(!dnsinfo_name_ok(longest, DNSINFO_NAME_MAX + 2));
}

static struct dnsinfo_addr v4(const char *s)
{
	struct dnsinfo_addr a = {.family = AF_INET};

	CHECK(inet_pton(AF_INET, s, a.addr) == 1);
	return a;
}

static struct dnsinfo_addr v6(const char *s)
{
	struct dnsinfo_addr a = {.family = AF_INET6};

	CHECK(inet_pton(AF_INET6, s, a.addr) == 1);
	return a;
}

/* Encodes d, opens the message, decodes it into out: 0 or -EPROTO. */
static int round_trip(const struct dnsinfo *d, struct dnsinfo *out,
		      uint8_t *buf, size_t cap)
{
	struct msg_out m;
	struct msg_in in;
	const char *why;
	int len;

	msg_begin(&m, buf, cap, MSG_DNS_ADDRS, 0);
	dnsinfo_encode(&m, d);
	len = msg_finish(&m);
	CHECK(len > 0);
	CHECK(msg_open(&in, buf, (size_t)len, &why) == 0);
	return dnsinfo_decode(&in, out);
}

static void test_codec(void)
{
	static uint8_t buf[4096];
	static const char *const names[] = {"a.example", "b.example"};
	static struct dnsinfo d, out;
	const char *got[DNSINFO_NAMES_MAX];
	struct msg_out m;
	struct msg_in in;
	const char *why;
	int len;

	d.name = "a.example";
	d.naddrs = 2;
	d.addrs[0] = v4("192.0.2.7");
	d.addrs[1] = v6("2001:db8::7");
	CHECK(round_trip(&d, &out, buf, sizeof(buf)) == 0);
	CHECK(strcmp(out.name, "a.example") == 0 && out.naddrs == 2);
	CHECK(memcmp(out.addrs, d.addrs, 2 * sizeof(*d.addrs)) == 0);
	/* Refused: a family other than IPv4 and IPv6, too many addresses,
	 * a name that is none. */
	d.addrs[1].family = AF_UNIX;
	CHECK(round_trip(&d, &out, buf, sizeof(buf)) < 0);
	d.addrs[1].family = AF_INET6;
	msg_begin(&m, buf, sizeof(buf), MSG_DNS_ADDRS, 0);
	msg_add_str(&m, "a.example");
	msg_add_u32(&m, DNSINFO_ADDRS_MAX + 1);
	len = msg_finish(&m);
	CHECK(msg_open(&in, buf, (size_t)len, &why) == 0);
	CHECK(dnsinfo_decode(&in, &out) < 0);
	d.naddrs = 1;
	d.name = "not a name";
	CHECK(round_trip(&d, &out, buf, sizeof(buf)) < 0);

	msg_begin(&m, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	dnsinfo_names_encode(&m, names, 2);
	len = msg_finish(&m);
	CHECK(msg_open(&in, buf, (size_t)len, &why) == 0);
	CHECK(dnsinfo_names_decode(&in, got) == 2);
	CHECK(strcmp(got[1], "b.example") == 0);
	/* A count past the bound, and a message cut short. */
	msg_begin(&m, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	msg_add_u32(&m, DNSINFO_NAMES_MAX + 1);
	len = msg_finish(&m);
	CHECK(msg_open(&in, buf, (size_t)len, &why) == 0);
	CHECK(dnsinfo_names_decode(&in, got) < 0);
	msg_begin(&m, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	msg_add_u32(&m, 2);
	msg_add_str(&m, "a.example");
	len = msg_finish(&m);
	CHECK(msg_open(&in, buf, (size_t)len, &why) == 0);
	CHECK(dnsinfo_names_decode(&in, got) < 0);
}

/* The names of address a, joined with ','. */
static const char *names_of(struct dns_table *t, struct dnsinfo_addr a)
{
	static char out[256];
	const char *n[8];
	int k = state_dns_names_of(t, a.family, a.addr, n, 8);

	out[0] = '\0';
	for (int i = 0; i < k; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? "," : "", n[i]);
	return out;
}

static void set(struct dns_table *t, const char *name, int n,
		const struct dnsinfo_addr *a)
{
	static struct dnsinfo d;

	d.name = name;
	d.naddrs = (uint32_t)n;
	memcpy(d.addrs, a, (size_t)n * sizeof(*a));
	CHECK(state_dns_set(t, &d) == 0);
}

static void test_table(void)
{
	static const char *const want[] = {"a.example", "b.example",
					   "c.example"};
	static const char *const later[] = {"c.example", "d.example"};
	struct dns_table t = {0};
	struct dnsinfo_addr a[3] = {v4("192.0.2.1"), v6("2001:db8::1"),
				    v4("192.0.2.1")};
	struct dnsinfo d = {.name = "x.example"};

	CHECK(state_dns_want(&t, want, 3) == 0);
	CHECK(*names_of(&t, a[0]) == '\0');
	set(&t, "a.example", 2, a);
	set(&t, "c.example", 1, &a[2]);
	set(&t, "b.example", 1, (struct dnsinfo_addr[]){v4("192.0.2.2")});
	CHECK(strcmp(names_of(&t, a[0]), "a.example,c.example") == 0);
	CHECK(strcmp(names_of(&t, a[1]), "a.example") == 0);
	CHECK(strcmp(names_of(&t, v4("192.0.2.2")), "b.example") == 0);
	/* The same bytes under the other family are another address. */
	CHECK(*names_of(&t, v6("c000:201::")) == '\0');
	CHECK(*names_of(&t, v4("192.0.2.3")) == '\0');
	/* A name no rule asks about is refused and counted. */
	CHECK(state_dns_set(&t, &d) < 0 && t.unwanted == 1);
	/* New rules: c keeps its address, a and b go, d has none yet. */
	CHECK(state_dns_want(&t, later, 2) == 0);
	CHECK(strcmp(names_of(&t, a[0]), "c.example") == 0);
	CHECK(*names_of(&t, a[1]) == '\0');
	/* A name that stopped existing has no addresses left. */
	set(&t, "c.example", 0, a);
	CHECK(*names_of(&t, a[0]) == '\0');
	state_dns_free(&t);
}

int main(void)
{
	test_collect();
	test_name_ok();
	test_codec();
	test_table();
	return check_done();
}
