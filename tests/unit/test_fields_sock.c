/*
 * fd.* of bound sockets: bind records an IP socket's own end as its
 * server end and names it by the address, or a unix socket by its path;
 * listen, accept and a later connect see it. A failed bind changes
 * nothing. Datagram sockets: a send or receive with a new peer gives the
 * socket that peer and a new name (fd.name_changed), as libsinsp does.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "engine/rules/ruleset.h"
#include "test_fields_util.h"

#define TS 1700000300000000000ull
#define PID 950

static const struct tproc srv_p = {
    .exe = "/usr/bin/srv",
    .comm = "srv",
    .exepath = "/usr/bin/srv",
    .cwd = "/",
    .tid = PID,
    .pid = PID,
    .ptid = 1,
    .start_ts = 1000,
};

static const uint8_t lo[4] = {127, 0, 0, 1};

static int sock_evt(enum lnr_evt_type type, const struct lnr_pval *v)
{
	return tevt_build(rec, type, TS, PID, PID, v);
}

/* An AF_INET or AF_INET6 SOCKADDR, or a tuple when b is given. */
static size_t ip_bytes(uint8_t *out, uint8_t family, const uint8_t *a,
		       uint16_t ap, const uint8_t *b, uint16_t bp)
{
	size_t alen = family == LNR_AF_INET ? 4 : 16, n = 1 + alen + 2;

	out[0] = family;
	memcpy(out + 1, a, alen);
	memcpy(out + 1 + alen, &ap, 2);
	if (b) {
		memcpy(out + n, b, alen);
		memcpy(out + n + alen, &bp, 2);
		n += alen + 2;
	}
	return n;
}

static void socket_at(int fd, int domain, int type)
{
	const struct lnr_pval sk[LNR_NPARAMS_SOCKET] = {
	    [LNR_PI_SOCKET_fd] = LNR_PV_NUM(fd),
	    [LNR_PI_SOCKET_domain] = LNR_PV_NUM(domain),
	    [LNR_PI_SOCKET_type] = LNR_PV_NUM(type),
	};

	begin(sock_evt(LNR_EVT_SOCKET, sk));
	end();
}

/* bind(fd, addr) returning res, left current for the caller's checks. */
static void bind_begin(int fd, int64_t res, const void *addr, size_t len)
{
	const struct lnr_pval b[LNR_NPARAMS_BIND] = {
	    [LNR_PI_BIND_res] = LNR_PV_NUM((uint64_t)res),
	    [LNR_PI_BIND_addr] = LNR_PV_BYTES(addr, len),
	    [LNR_PI_BIND_fd] = LNR_PV_NUM(fd),
	};

	begin(sock_evt(LNR_EVT_BIND, b));
}

static void listen_begin(int fd)
{
	const struct lnr_pval l[LNR_NPARAMS_LISTEN] = {
	    [LNR_PI_LISTEN_res] = LNR_PV_NUM(0),
	    [LNR_PI_LISTEN_fd] = LNR_PV_NUM(fd),
	    [LNR_PI_LISTEN_backlog] = LNR_PV_NUM(128),
	};

	begin(sock_evt(LNR_EVT_LISTEN, l));
}

/* A send or receive on fd returning res, with the probe's tuple t (a
 * send's local end first, a receive's remote one; none when t is NULL),
 * left current. */
static void xfer_begin(enum lnr_evt_type type, int fd, int64_t res,
		       const uint8_t *t, size_t nt)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {0};

	v[lnr_evt_param_index(type, "res")] = LNR_PV_NUM((uint64_t)res);
	v[lnr_evt_param_index(type, "fd")] = LNR_PV_NUM(fd);
	v[lnr_evt_param_index(type, "size")] = LNR_PV_NUM(4);
	if (t)
		v[lnr_evt_param_index(type, "tuple")] = LNR_PV_BYTES(t, nt);
	begin(sock_evt(type, v));
}

#define BOUND_8080()                                                           \
	EXPECT({"fd.num", "3"}, {"fd.name", "127.0.0.1:8080"},                 \
	       {"fd.type", "ipv4"}, {"fd.l4proto", "tcp"},                     \
	       {"fd.sip", "127.0.0.1"}, {"fd.sport", "8080"},                  \
	       {"fd.lip", "127.0.0.1"}, {"fd.lport", "8080"},                  \
	       {"fd.snet", "127.0.0.1/32"}, {"fd.is_server", "true"},          \
	       {"fd.cip", "<NA>"}, {"fd.cport", "<NA>"}, {"fd.rip", "<NA>"},   \
	       {"fd.rport", "<NA>"}, {"fd.port", "8080"},                      \
	       {"fd.ip", "127.0.0.1"}, {"fd.connected", "false"})

/* bind and listen on 127.0.0.1:8080; a failed bind after them; accept. */
static void test_ipv4_listener(void)
{
	uint8_t a[32], other[32], t[64];
	size_t na = ip_bytes(a, LNR_AF_INET, lo, 8080, NULL, 0);
	size_t no = ip_bytes(other, LNR_AF_INET, lo, 9090, NULL, 0);
	size_t nt = ip_bytes(t, LNR_AF_INET, lo, 50000, lo, 8080);
	const struct lnr_pval ac[LNR_NPARAMS_ACCEPT4] = {
	    [LNR_PI_ACCEPT4_fd] = LNR_PV_NUM(4),
	    [LNR_PI_ACCEPT4_tuple] = LNR_PV_BYTES(t, nt),
	};

	socket_at(3, AF_INET, SOCK_STREAM);
	bind_begin(3, 0, a, na);
	EXPECT({"evt.type", "bind"}, {"evt.arg.addr", "127.0.0.1:8080"},
	       {"fd.name_changed", "true"});
	BOUND_8080();
	end();
	listen_begin(3);
	EXPECT({"evt.type", "listen"}, {"fd.name_changed", "false"});
	BOUND_8080();
	end();
	/* A second bind fails and leaves the first one's end and name. */
	bind_begin(3, -EINVAL, other, no);
	EXPECT({"fd.name_changed", "false"});
	BOUND_8080();
	end();
	begin(sock_evt(LNR_EVT_ACCEPT4, ac));
	EXPECT({"fd.name_changed", "true"});
	EXPECT({"fd.num", "4"}, {"fd.name", "127.0.0.1:50000->127.0.0.1:8080"},
	       {"fd.is_server", "true"}, {"fd.connected", "true"},
	       {"fd.lport", "8080"}, {"fd.rport", "50000"},
	       {"fd.cport", "50000"}, {"fd.sport", "8080"});
	end();
	listen_begin(3);
	BOUND_8080();
	end();
}

/* IPv6 as Falco writes it, the any address, and an IPv4-mapped one,
 * which Falco makes an IPv4 server socket but names as it was given. */
static void test_ipv6_listener(void)
{
	static const uint8_t lo6[16] = {[15] = 1}, any6[16] = {0};
	static const uint8_t mapped[16] = {0, 0, 0,    0,    0,	  0, 0, 0,
					   0, 0, 0xff, 0xff, 127, 0, 0, 1};
	uint8_t a[32];

	socket_at(5, AF_INET6, SOCK_STREAM);
	bind_begin(5, 0, a, ip_bytes(a, LNR_AF_INET6, lo6, 8443, NULL, 0));
	end();
	listen_begin(5);
	EXPECT({"fd.name", "::1:8443"}, {"fd.type", "ipv6"},
	       {"fd.typechar", "6"}, {"fd.sip", "::1"}, {"fd.lip", "::1"},
	       {"fd.sport", "8443"}, {"fd.lport", "8443"},
	       {"fd.is_server", "true"}, {"fd.cip", "<NA>"});
	end();
	socket_at(6, AF_INET6, SOCK_STREAM);
	bind_begin(6, 0, a, ip_bytes(a, LNR_AF_INET6, any6, 80, NULL, 0));
	EXPECT({"fd.name", ":::80"}, {"fd.sip", "::"}, {"fd.lport", "80"});
	end();
	socket_at(7, AF_INET6, SOCK_DGRAM);
	bind_begin(7, 0, a, ip_bytes(a, LNR_AF_INET6, mapped, 9000, NULL, 0));
	EXPECT({"fd.name", "::ffff:127.0.0.1:9000"}, {"fd.type", "ipv4"},
	       {"fd.sip", "127.0.0.1"}, {"fd.sport", "9000"},
	       {"fd.l4proto", "udp"}, {"fd.is_server", "true"});
	end();
}

/* Port 0: the kernel's choice is not in the event, so no end is known;
 * the name is the address as given, as Falco's is. */
static void test_port_zero(void)
{
	static const uint8_t any[4] = {0};
	uint8_t a[32];

	socket_at(8, AF_INET, SOCK_STREAM);
	bind_begin(8, 0, a, ip_bytes(a, LNR_AF_INET, any, 0, NULL, 0));
	EXPECT({"fd.name", "0.0.0.0:0"}, {"fd.sip", "<NA>"},
	       {"fd.sport", "<NA>"}, {"fd.lport", "<NA>"},
	       {"fd.is_server", "<NA>"});
	end();
	listen_begin(8);
	EXPECT({"fd.name", "0.0.0.0:0"}, {"fd.is_server", "true"},
	       {"fd.sport", "<NA>"}, {"fd.lport", "<NA>"});
	end();
}

/* Unix sockets are named by their path, abstract ones with '@'. */
static void test_unix_bind(void)
{
	static const char path[] = "\001/run/app.sock", abs_name[] = "\001@ctl";

	socket_at(9, AF_UNIX, SOCK_STREAM);
	bind_begin(9, 0, path, sizeof(path));
	EXPECT({"fd.name", "/run/app.sock"}, {"fd.type", "unix"},
	       {"fd.sockfamily", "unix"}, {"fd.sip", "<NA>"},
	       {"fd.lport", "<NA>"});
	end();
	listen_begin(9);
	EXPECT({"fd.name", "/run/app.sock"}, {"fd.is_server", "true"});
	end();
	socket_at(10, AF_UNIX, SOCK_DGRAM);
	bind_begin(10, 0, abs_name, sizeof(abs_name));
	EXPECT({"fd.name", "@ctl"});
	end();
}

/* A failed bind leaves the entry as socket made it, byte for byte. */
static void test_failed_bind(void)
{
	static const char path[] = "\001/run/busy.sock";
	uint8_t a[32];
	struct sfd before, *f;

	socket_at(11, AF_INET, SOCK_STREAM);
	f = state_fd_find(&st.fds, PID, 11);
	CHECK(f != NULL);
	if (!f)
		return;
	before = *f;
	bind_begin(11, -EADDRINUSE, a,
		   ip_bytes(a, LNR_AF_INET, lo, 8080, NULL, 0));
	EXPECT({"evt.res", "EADDRINUSE"}, {"fd.num", "11"}, {"fd.name", ""},
	       {"fd.sport", "<NA>"}, {"fd.lport", "<NA>"},
	       {"fd.is_server", "<NA>"});
	end();
	CHECK(memcmp(&before, f, sizeof(before)) == 0);
	socket_at(12, AF_UNIX, SOCK_STREAM);
	f = state_fd_find(&st.fds, PID, 12);
	CHECK(f != NULL);
	if (!f)
		return;
	before = *f;
	bind_begin(12, -EACCES, path, sizeof(path));
	EXPECT({"fd.name", ""});
	end();
	CHECK(memcmp(&before, f, sizeof(before)) == 0);
}

/* A client that binds its source end, then connects: the full tuple. */
static void test_bound_client(void)
{
	static const uint8_t me[4] = {10, 0, 0, 5}, dns[4] = {10, 0, 0, 53};
	uint8_t a[32], t[64];
	size_t nt = ip_bytes(t, LNR_AF_INET, me, 5353, dns, 53);
	const struct lnr_pval co[LNR_NPARAMS_CONNECT] = {
	    [LNR_PI_CONNECT_res] = LNR_PV_NUM(0),
	    [LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(t, nt),
	    [LNR_PI_CONNECT_fd] = LNR_PV_NUM(13),
	    [LNR_PI_CONNECT_addr] = LNR_PV_BYTES(a, 7),
	};

	socket_at(13, AF_INET, SOCK_DGRAM);
	bind_begin(13, 0, a, ip_bytes(a, LNR_AF_INET, me, 5353, NULL, 0));
	EXPECT({"fd.name", "10.0.0.5:5353"}, {"fd.is_server", "true"});
	end();
	ip_bytes(a, LNR_AF_INET, dns, 53, NULL, 0);
	begin(sock_evt(LNR_EVT_CONNECT, co));
	EXPECT({"fd.name", "10.0.0.5:5353->10.0.0.53:53"},
	       {"fd.is_server", "false"}, {"fd.connected", "true"},
	       {"fd.cip", "10.0.0.5"}, {"fd.cport", "5353"},
	       {"fd.lport", "5353"}, {"fd.sip", "10.0.0.53"},
	       {"fd.rport", "53"}, {"fd.port", "5353,53"},
	       {"fd.l4proto", "udp"}, {"fd.sproto", "53"},
	       {"fd.cproto", "5353"}, {"fd.lproto", "5353"},
	       {"fd.rproto", "53"}, {"fd.proto", "5353,53"});
	end();
}

static void hit(void *arg, const struct rule *r, struct evt_ctx *c)
{
	char *got = arg;

	(void)c;
	strcat(got, rule_name(r));
}

/* Which of these rules match the current event, their names joined. */
static const char *matching(void)
{
	static const char rules[] =
	    "- rule: a\n  desc: d\n  condition: evt.type=connect and "
	    "fd.sip.name != dns.example\n  output: o\n  priority: NOTICE\n"
	    "- rule: b\n  desc: d\n  condition: evt.type=connect and "
	    "fd.sip.name != nowhere.example\n  output: o\n"
	    "  priority: NOTICE\n"
	    "- rule: c\n  desc: d\n  condition: evt.type=connect and "
	    "fd.cip.name != dns.example\n  output: o\n  priority: NOTICE\n"
	    "- rule: d\n  desc: d\n  condition: evt.type=connect and "
	    "fd.sip.name = alias.example\n  output: o\n  priority: NOTICE\n"
	    "- rule: e\n  desc: d\n  condition: evt.type=connect and "
	    "fd.sip.name in (nowhere.example, alias.example)\n  output: o\n"
	    "  priority: NOTICE\n";
	static char got[16];
	struct ruleset *rs = ruleset_new();

	got[0] = '\0';
	ruleset_add_file(rs, "t.yaml", rules, sizeof(rules) - 1);
	CHECK(ruleset_compile(rs) == 0);
	ruleset_eval(rs, "syscall", LNR_EVT_CONNECT, ctx, hit, got);
	ruleset_free(rs);
	return got;
}

/* fd.*ip.name: the names the rules asked about whose addresses hold the
 * end's address; the client end has none here. As in Falco, != holds
 * when the address is not the name's, also when it has no name. */
static void test_ip_names(void)
{
	static const char *const names[] = {"dns.example", "alias.example",
					    "other.example"};
	static const uint8_t me[4] = {10, 0, 0, 6}, dns[4] = {10, 0, 0, 53};
	static struct dnsinfo d;
	uint8_t t[64], a[32];
	size_t nt = ip_bytes(t, LNR_AF_INET, me, 4000, dns, 53);
	const struct lnr_pval co[LNR_NPARAMS_CONNECT] = {
	    [LNR_PI_CONNECT_res] = LNR_PV_NUM(0),
	    [LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(t, nt),
	    [LNR_PI_CONNECT_fd] = LNR_PV_NUM(14),
	    [LNR_PI_CONNECT_addr] = LNR_PV_BYTES(a, 7),
	};

	CHECK(state_dns_want(&st.dns, names, 3) == 0);
	d.naddrs = 1;
	d.addrs[0].family = AF_INET;
	memcpy(d.addrs[0].addr, dns, 4);
	for (int i = 0; i < 2; i++) {
		d.name = names[i];
		CHECK(state_dns_set(&st.dns, &d) == 0);
	}
	d.name = "other.example";
	d.addrs[0].addr[3] = 54;
	CHECK(state_dns_set(&st.dns, &d) == 0);
	socket_at(14, AF_INET, SOCK_STREAM);
	ip_bytes(a, LNR_AF_INET, dns, 53, NULL, 0);
	begin(sock_evt(LNR_EVT_CONNECT, co));
	EXPECT({"fd.sip.name", "dns.example,alias.example"},
	       {"fd.rip.name", "dns.example,alias.example"},
	       {"fd.cip.name", "<NA>"}, {"fd.lip.name", "<NA>"});
	CHECK(strcmp(matching(), "bcde") == 0);
	end();
	state_dns_free(&st.dns);
}

static const uint8_t any[4], me[4] = {10, 0, 0, 5}, dns_a[4] = {10, 0, 0, 53},
			     dns_b[4] = {10, 0, 0, 54},
			     peer[4] = {192, 168, 1, 1};

/* An unconnected UDP socket: each send or receive with a new peer
 * renames it, the same peer again does not, and it stays unconnected
 * (what Falco's outbound macro looks for). The local end is the
 * kernel's: the any address and the port the first send bound. */
static void test_udp_peers(void)
{
	uint8_t t[64];

	socket_at(14, AF_INET, SOCK_DGRAM);
	xfer_begin(LNR_EVT_SENDTO, 14, 4, t,
		   ip_bytes(t, LNR_AF_INET, any, 40000, dns_a, 53));
	EXPECT({"fd.name", "0.0.0.0:40000->10.0.0.53:53"},
	       {"fd.name_changed", "true"}, {"fd.rip", "10.0.0.53"},
	       {"fd.rport", "53"}, {"fd.lport", "40000"},
	       {"fd.connected", "false"}, {"fd.l4proto", "udp"},
	       {"fd.is_server", "false"}, {"fd.type", "ipv4"});
	end();
	xfer_begin(LNR_EVT_SENDTO, 14, 4, t,
		   ip_bytes(t, LNR_AF_INET, any, 40000, dns_a, 53));
	EXPECT({"fd.name", "0.0.0.0:40000->10.0.0.53:53"},
	       {"fd.name_changed", "false"}, {"fd.rip", "10.0.0.53"});
	end();
	/* The answer: the peer sent it, so its end comes first. */
	xfer_begin(LNR_EVT_RECVFROM, 14, 4, t,
		   ip_bytes(t, LNR_AF_INET, dns_a, 53, any, 40000));
	EXPECT({"fd.name_changed", "false"}, {"fd.rip", "10.0.0.53"});
	end();
	xfer_begin(LNR_EVT_SENDMSG, 14, 4, t,
		   ip_bytes(t, LNR_AF_INET, any, 40000, dns_b, 53));
	EXPECT({"fd.name", "0.0.0.0:40000->10.0.0.54:53"},
	       {"fd.name_changed", "true"}, {"fd.rip", "10.0.0.54"},
	       {"fd.connected", "false"});
	end();
	xfer_begin(LNR_EVT_RECVMSG, 14, 4, t,
		   ip_bytes(t, LNR_AF_INET, peer, 5353, any, 40000));
	EXPECT({"fd.name", "0.0.0.0:40000->192.168.1.1:5353"},
	       {"fd.name_changed", "true"}, {"fd.rip", "192.168.1.1"},
	       {"fd.rport", "5353"}, {"fd.lport", "40000"});
	end();
	/* A failed send has no tuple and changes nothing. */
	xfer_begin(LNR_EVT_SENDTO, 14, -ENETUNREACH, NULL, 0);
	EXPECT({"fd.name", "0.0.0.0:40000->192.168.1.1:5353"},
	       {"fd.name_changed", "false"});
	end();
}

/* A connected UDP socket: connect names it; its sends and receives carry
 * the same tuple and change nothing. */
static void test_udp_connected(void)
{
	uint8_t a[32], t[64];
	size_t nt = ip_bytes(t, LNR_AF_INET, me, 41000, dns_a, 53);
	const struct lnr_pval co[LNR_NPARAMS_CONNECT] = {
	    [LNR_PI_CONNECT_res] = LNR_PV_NUM(0),
	    [LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(t, nt),
	    [LNR_PI_CONNECT_fd] = LNR_PV_NUM(15),
	    [LNR_PI_CONNECT_addr] = LNR_PV_BYTES(a, 7),
	};

	socket_at(15, AF_INET, SOCK_DGRAM);
	ip_bytes(a, LNR_AF_INET, dns_a, 53, NULL, 0);
	begin(sock_evt(LNR_EVT_CONNECT, co));
	EXPECT({"fd.name", "10.0.0.5:41000->10.0.0.53:53"},
	       {"fd.name_changed", "true"}, {"fd.connected", "true"});
	end();
	xfer_begin(LNR_EVT_SENDTO, 15, 4, t, nt);
	EXPECT({"fd.name", "10.0.0.5:41000->10.0.0.53:53"},
	       {"fd.name_changed", "false"}, {"fd.connected", "true"},
	       {"fd.l4proto", "udp"});
	end();
	xfer_begin(LNR_EVT_RECVFROM, 15, 4, t,
		   ip_bytes(t, LNR_AF_INET, dns_a, 53, me, 41000));
	EXPECT({"fd.name_changed", "false"}, {"fd.rip", "10.0.0.53"},
	       {"fd.lport", "41000"});
	end();
}

/* A bound UDP server: the peer of each request is its client end. */
static void test_udp_server(void)
{
	uint8_t a[32], t[64];

	socket_at(16, AF_INET, SOCK_DGRAM);
	bind_begin(16, 0, a, ip_bytes(a, LNR_AF_INET, me, 53, NULL, 0));
	EXPECT({"fd.name", "10.0.0.5:53"}, {"fd.name_changed", "true"});
	end();
	xfer_begin(LNR_EVT_RECVFROM, 16, 4, t,
		   ip_bytes(t, LNR_AF_INET, peer, 5353, me, 53));
	EXPECT({"fd.name", "192.168.1.1:5353->10.0.0.5:53"},
	       {"fd.name_changed", "true"}, {"fd.is_server", "true"},
	       {"fd.cip", "192.168.1.1"}, {"fd.rip", "192.168.1.1"},
	       {"fd.lport", "53"}, {"fd.sport", "53"},
	       {"fd.connected", "false"});
	end();
	xfer_begin(LNR_EVT_SENDTO, 16, 4, t,
		   ip_bytes(t, LNR_AF_INET, me, 53, peer, 5353));
	EXPECT({"fd.name", "192.168.1.1:5353->10.0.0.5:53"},
	       {"fd.name_changed", "false"});
	end();
	xfer_begin(LNR_EVT_RECVMSG, 16, 4, t,
		   ip_bytes(t, LNR_AF_INET, dns_b, 6000, me, 53));
	EXPECT({"fd.name", "10.0.0.54:6000->10.0.0.5:53"},
	       {"fd.name_changed", "true"}, {"fd.rport", "6000"});
	end();
}

/* Fds lanner never saw made: one that sends is taken for a UDP socket,
 * one that receives stays unknown. */
static void test_unseen_fds(void)
{
	static const uint8_t lo6[16] = {[15] = 1};
	uint8_t t[64];

	xfer_begin(LNR_EVT_SENDTO, 17, 4, t,
		   ip_bytes(t, LNR_AF_INET6, lo6, 40001, lo6, 514));
	EXPECT({"fd.name", "::1:40001->::1:514"}, {"fd.name_changed", "true"},
	       {"fd.type", "ipv6"}, {"fd.l4proto", "udp"},
	       {"fd.connected", "false"}, {"fd.rport", "514"});
	end();
	xfer_begin(LNR_EVT_RECVFROM, 18, 4, t,
		   ip_bytes(t, LNR_AF_INET, peer, 5353, me, 53));
	EXPECT({"fd.name", "<NA>"}, {"fd.name_changed", "<NA>"});
	end();
}

void test_sock_fields(void)
{
	begin(tevt_snapshot(rec, TS, &srv_p));
	end();
	test_ipv4_listener();
	test_ipv6_listener();
	test_port_zero();
	test_unix_bind();
	test_failed_bind();
	test_bound_client();
	test_ip_names();
	test_udp_peers();
	test_udp_connected();
	test_udp_server();
	test_unseen_fds();
}
