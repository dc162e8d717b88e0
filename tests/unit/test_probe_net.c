/*
 * Network calls over loopback IPv4, IPv6 (when ::1 is there) and unix
 * sockets: each call is made for real, in a working and a failing form,
 * and every parameter of its record is checked; addresses against what
 * getsockname and fstat say, so the ends read in the kernel are checked
 * against the ones user space sees.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"
#include "test_probe_util.h"

struct addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* The next record of type about socket fd made since t0 (fd numbers
 * come back: older ones are skipped), its header checked. */
static const struct lnr_evt *rec_fd(enum lnr_evt_type type, int fd, uint64_t t0)
{
	const struct lnr_evt *e;

	while ((e = tp_wait_num(type, "fd", fd)) && e->hdr->ts < t0)
		;
	CHECK(e != NULL);
	if (e)
		tp_check_header(e, getpid(), getpid(), t0);
	return e;
}

static uint64_t ino_of(int fd)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	return st.st_ino;
}

static struct addr local_of(int fd)
{
	struct addr a = {.len = sizeof(a.ss)};

	CHECK(getsockname(fd, (struct sockaddr *)&a.ss, &a.len) == 0);
	return a;
}

static struct addr peer_of(int fd)
{
	struct addr a = {.len = sizeof(a.ss)};

	CHECK(getpeername(fd, (struct sockaddr *)&a.ss, &a.len) == 0);
	return a;
}

/* One end in the record's layout. */
static void end_of(const struct addr *a, struct lnr_sockend *e)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)&a->ss;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&a->ss;

	memset(e, 0, sizeof(*e));
	if (a->ss.ss_family == AF_INET) {
		memcpy(e->addr, &in->sin_addr, 4);
		e->port = ntohs(in->sin_port);
	} else {
		memcpy(e->addr, &in6->sin6_addr, 16);
		e->port = ntohs(in6->sin6_port);
	}
}

static int end_is(const struct lnr_sockend *got, const struct addr *want)
{
	struct lnr_sockend w;

	end_of(want, &w);
	return memcmp(got->addr, w.addr, 16) == 0 && got->port == w.port;
}

/* The record's path of a unix address: "@name" for abstract names. */
static void unix_path_of(const struct addr *a, char *out, size_t len)
{
	const struct sockaddr_un *un = (const struct sockaddr_un *)&a->ss;
	size_t n = a->len > offsetof(struct sockaddr_un, sun_path)
		       ? a->len - offsetof(struct sockaddr_un, sun_path)
		       : 0;

	if (n > 0 && un->sun_path[0] == '\0')
		snprintf(out, len, "@%.*s", (int)n - 1, un->sun_path + 1);
	else
		snprintf(out, len, "%.*s", (int)strnlen(un->sun_path, n),
			 un->sun_path);
}

/* The address param name of e; without one, na is empty, so that the
 * checks of it fail rather than read what was never set. */
static int netaddr(const struct lnr_evt *e, const char *name,
		   struct lnr_netaddr *na)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, name) : -1;

	memset(na, 0, sizeof(*na));
	return i >= 0 && lnr_evt_get_netaddr(e, (unsigned)i, na) == 0;
}

/* An IP tuple src->dst, or a unix one by inodes and path. */
static void check_tuple(const struct lnr_evt *e, const struct addr *src,
			const struct addr *dst)
{
	struct lnr_netaddr na;

	CHECK(netaddr(e, "tuple", &na));
	CHECK(na.family == src->ss.ss_family && na.nends == 2);
	CHECK(end_is(&na.end[0], src));
	CHECK(end_is(&na.end[1], dst));
}

static void check_unix_tuple(const struct lnr_evt *e, uint64_t src,
			     uint64_t dst, const char *path)
{
	struct lnr_netaddr na;

	CHECK(netaddr(e, "tuple", &na));
	CHECK(na.family == AF_UNIX && na.nends == 2);
	CHECK(na.end[0].ino == src);
	CHECK(na.end[1].ino == dst);
	if (na.path && strcmp(na.path, path) != 0)
		fprintf(stderr, "  tuple path \"%s\", want \"%s\"\n", na.path,
			path);
	CHECK(na.path && strcmp(na.path, path) == 0);
}

static void check_addr(const struct lnr_evt *e, const char *name,
		       const struct addr *want)
{
	struct lnr_netaddr na;
	char path[128];

	CHECK(netaddr(e, name, &na));
	CHECK(na.family == want->ss.ss_family);
	if (want->ss.ss_family != AF_UNIX) {
		CHECK(na.nends == 1 && end_is(&na.end[0], want));
		return;
	}
	unix_path_of(want, path, sizeof(path));
	CHECK(na.path && strcmp(na.path, path) == 0);
}

/* One family the stream and datagram cases run over. */
struct fam {
	const char *name;
	int af;
	struct addr any; /* where a server binds */
};

static struct fam fam_v4(void)
{
	struct fam f = {.name = "IPv4", .af = AF_INET};
	struct sockaddr_in *in = (struct sockaddr_in *)&f.any.ss;

	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f.any.len = sizeof(*in);
	return f;
}

static struct fam fam_v6(void)
{
	struct fam f = {.name = "IPv6", .af = AF_INET6};
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&f.any.ss;

	in6->sin6_family = AF_INET6;
	in6->sin6_addr = in6addr_loopback;
	f.any.len = sizeof(*in6);
	return f;
}

/* A pathname socket in the test's folder, or an abstract one. */
static struct fam fam_unix(const char *name, int abstract)
{
	struct fam f = {.name = abstract ? "unix abstract" : "unix",
			.af = AF_UNIX};
	struct sockaddr_un *un = (struct sockaddr_un *)&f.any.ss;
	char p[128];

	un->sun_family = AF_UNIX;
	if (abstract) {
		int n = snprintf(un->sun_path + 1, sizeof(un->sun_path) - 1,
				 "lnr-test-%d-%s", getpid(), name);

		f.any.len = offsetof(struct sockaddr_un, sun_path) + 1 + n;
	} else {
		snprintf(un->sun_path, sizeof(un->sun_path), "%s",
			 tp_in_dir(p, name));
		unlink(un->sun_path);
		f.any.len = sizeof(*un);
	}
	return f;
}

static int ipv6_usable(void)
{
	struct fam f = fam_v6();
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int ok =
	    fd >= 0 && bind(fd, (struct sockaddr *)&f.any.ss, f.any.len) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

static void test_socket(void)
{
	uint64_t t0 = tp_boot_ns();
	int type = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
	int fd = (int)tp_res(socket(AF_INET, type, IPPROTO_TCP));
	const struct lnr_evt *e = rec_fd(LNR_EVT_SOCKET, fd, t0);

	CHECK(fd >= 0);
	CHECK(e && tp_s64(e, "domain") == AF_INET);
	CHECK(e && tp_s64(e, "type") == type);
	CHECK(e && tp_s64(e, "proto") == IPPROTO_TCP);
	CHECK(e && tp_s64(e, "flags") == (SOCK_NONBLOCK | SOCK_CLOEXEC));
	close(fd);

	/* No such family. */
	fd = (int)tp_res(syscall(SYS_socket, 9999, SOCK_DGRAM, 0));
	CHECK(fd == -EAFNOSUPPORT);
	e = rec_fd(LNR_EVT_SOCKET, fd, t0);
	CHECK(e && tp_s64(e, "domain") == 9999);
	CHECK(e && tp_s64(e, "type") == SOCK_DGRAM);
	CHECK(e && tp_s64(e, "proto") == 0);
	CHECK(e && tp_s64(e, "flags") == 0);
}

static void test_socketpair(void)
{
	uint64_t t0 = tp_boot_ns();
	int sv[2] = {-1, -1};
	const struct lnr_evt *e;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	e = tp_wait_num(LNR_EVT_SOCKETPAIR, "fd1", sv[0]);
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "fd2") == sv[1]);
		CHECK((uint64_t)tp_s64(e, "source") == ino_of(sv[0]));
		CHECK((uint64_t)tp_s64(e, "peer") == ino_of(sv[1]));
		CHECK(tp_s64(e, "domain") == AF_UNIX);
		CHECK(tp_s64(e, "type") == (SOCK_STREAM | SOCK_CLOEXEC));
		CHECK(tp_s64(e, "proto") == 0);
	}
	close(sv[0]);
	close(sv[1]);

	/* Only unix sockets come in pairs. */
	CHECK(tp_res(syscall(SYS_socketpair, AF_INET, SOCK_STREAM, 0, sv)) ==
	      -EOPNOTSUPP);
	e = tp_wait_num(LNR_EVT_SOCKETPAIR, "domain", AF_INET);
	if (tp_res_is(e, -EOPNOTSUPP, t0)) {
		CHECK(tp_empty(e, "fd1") && tp_empty(e, "fd2"));
		CHECK(tp_empty(e, "source") && tp_empty(e, "peer"));
		CHECK(tp_s64(e, "type") == SOCK_STREAM);
		CHECK(tp_s64(e, "proto") == 0);
	}
}

/* Both sides of one stream connection, and the server's listener. */
struct conn {
	int srv, cli, acc;
	struct addr srv_addr; /* the listener's address */
	char path[128];	      /* unix: the record's form of it */
};

static int sock(const struct fam *f, int type)
{
	return socket(f->af, type | SOCK_CLOEXEC, 0);
}

/* bind and listen on the server side, each record checked. */
static void conn_listen(const struct fam *f, struct conn *c, uint64_t t0)
{
	const struct lnr_evt *e;

	c->srv = sock(f, SOCK_STREAM);
	CHECK(bind(c->srv, (const struct sockaddr *)&f->any.ss, f->any.len) ==
	      0);
	e = rec_fd(LNR_EVT_BIND, c->srv, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	check_addr(e, "addr", &f->any);
	CHECK(listen(c->srv, 7) == 0);
	e = rec_fd(LNR_EVT_LISTEN, c->srv, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "backlog") == 7);
	c->srv_addr = f->af == AF_UNIX ? f->any : local_of(c->srv);
	if (f->af == AF_UNIX)
		unix_path_of(&f->any, c->path, sizeof(c->path));
}

/* connect, then accept4 or accept on the server side. */
static void conn_connect(const struct fam *f, struct conn *c, int use4,
			 uint64_t t0)
{
	const struct lnr_evt *e;

	c->cli = sock(f, SOCK_STREAM);
	CHECK(connect(c->cli, (const struct sockaddr *)&c->srv_addr.ss,
		      c->srv_addr.len) == 0);
	e = rec_fd(LNR_EVT_CONNECT, c->cli, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	check_addr(e, "addr", &c->srv_addr);
	if (f->af == AF_UNIX) {
		/* The server end has no socket until it is accepted. */
		check_unix_tuple(e, ino_of(c->cli), 0, c->path);
	} else {
		struct addr l = local_of(c->cli);

		check_tuple(e, &l, &c->srv_addr);
	}
	c->acc = use4 ? accept4(c->srv, NULL, NULL, SOCK_CLOEXEC)
		      : accept(c->srv, NULL, NULL);
	CHECK(c->acc >= 0);
	e = tp_wait_num(use4 ? LNR_EVT_ACCEPT4 : LNR_EVT_ACCEPT, "fd", c->acc);
	CHECK(e != NULL);
	if (!e)
		return;
	tp_check_header(e, getpid(), getpid(), t0);
	CHECK(tp_s64(e, "queuelen") == 0 && tp_s64(e, "queuemax") == 7);
	CHECK(tp_s64(e, "queuepct") == 0);
	if (use4)
		CHECK(tp_s64(e, "flags") == SOCK_CLOEXEC);
	if (f->af == AF_UNIX) {
		check_unix_tuple(e, ino_of(c->cli), ino_of(c->acc), c->path);
	} else {
		struct addr l = local_of(c->cli), a = local_of(c->acc);

		check_tuple(e, &l, &a);
	}
}

/* A tuple with the local end of fd first, or its remote end first. */
static void check_fd_tuple(const struct fam *f, const struct conn *c,
			   const struct lnr_evt *e, int fd, int remote_first)
{
	int other = fd == c->cli ? c->acc : c->cli;
	struct addr l, r;
	char none[1] = "";

	if (f->af == AF_UNIX) {
		/* The path is the destination's: the listener's for the
		 * accepted side, none for the unbound client. */
		const char *path =
		    (fd == c->acc) == remote_first ? c->path : none;

		check_unix_tuple(e, ino_of(remote_first ? other : fd),
				 ino_of(remote_first ? fd : other), path);
		return;
	}
	l = local_of(fd);
	r = peer_of(fd);
	if (remote_first)
		check_tuple(e, &r, &l);
	else
		check_tuple(e, &l, &r);
}

/* Data both ways: sendto and recvfrom, then sendmsg and recvmsg. */
static void conn_data(const struct fam *f, const struct conn *c, uint64_t t0)
{
	char buf[64] = "abc";
	struct iovec out[2] = {{buf, 1}, {buf + 1, 2}}, in = {buf, sizeof(buf)};
	struct msghdr mo = {.msg_iov = out, .msg_iovlen = 2};
	struct msghdr mi = {.msg_iov = &in, .msg_iovlen = 1};
	const struct lnr_evt *e;

	CHECK(sendto(c->cli, buf, 1, 0, NULL, 0) == 1);
	e = rec_fd(LNR_EVT_SENDTO, c->cli, t0);
	CHECK(e && tp_s64(e, "res") == 1 && tp_s64(e, "size") == 1);
	check_fd_tuple(f, c, e, c->cli, 0);

	CHECK(recvfrom(c->acc, buf, 16, 0, NULL, NULL) == 1);
	e = rec_fd(LNR_EVT_RECVFROM, c->acc, t0);
	CHECK(e && tp_s64(e, "res") == 1 && tp_s64(e, "size") == 16);
	check_fd_tuple(f, c, e, c->acc, 1);

	CHECK(sendmsg(c->acc, &mo, 0) == 3);
	e = rec_fd(LNR_EVT_SENDMSG, c->acc, t0);
	CHECK(e && tp_s64(e, "res") == 3 && tp_s64(e, "size") == 3);
	check_fd_tuple(f, c, e, c->acc, 0);

	CHECK(recvmsg(c->cli, &mi, 0) == 3);
	e = rec_fd(LNR_EVT_RECVMSG, c->cli, t0);
	CHECK(e && tp_s64(e, "res") == 3);
	CHECK(e && tp_s64(e, "size") == (int64_t)sizeof(buf));
	check_fd_tuple(f, c, e, c->cli, 1);

	CHECK(shutdown(c->cli, SHUT_WR) == 0);
	e = rec_fd(LNR_EVT_SHUTDOWN, c->cli, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "how") == SHUT_WR);
}

static void conn_close(struct conn *c)
{
	close(c->cli);
	close(c->acc);
}

/* The failing forms on a listener: address in use, accept on a socket
 * that does not listen, nothing to accept, connect to nobody. */
static void stream_failures(const struct fam *f, const struct conn *c,
			    uint64_t t0)
{
	int s = sock(f, SOCK_STREAM), n;
	struct addr gone;
	const struct lnr_evt *e;

	CHECK(tp_res(bind(s, (const struct sockaddr *)&c->srv_addr.ss,
			  c->srv_addr.len)) == -EADDRINUSE);
	e = rec_fd(LNR_EVT_BIND, s, t0);
	CHECK(e && tp_s64(e, "res") == -EADDRINUSE);
	check_addr(e, "addr", &c->srv_addr);

	CHECK(tp_res(accept(s, NULL, NULL)) == -EINVAL);
	e = tp_wait_num(LNR_EVT_ACCEPT, "fd", -EINVAL);
	CHECK(e && tp_empty(e, "tuple"));
	/* Not listening: an empty queue (unix sockets keep their datagram
	 * queue limit there). */
	CHECK(e && tp_s64(e, "queuelen") == 0);
	CHECK(e && (f->af == AF_UNIX || tp_s64(e, "queuemax") == 0));

	/* A listener in non-blocking mode with nobody waiting. */
	CHECK(fcntl(c->srv, F_SETFL, O_NONBLOCK) == 0);
	CHECK(tp_res(accept4(c->srv, NULL, NULL, SOCK_NONBLOCK)) == -EAGAIN);
	e = tp_wait_num(LNR_EVT_ACCEPT4, "fd", -EAGAIN);
	CHECK(e && tp_empty(e, "tuple"));
	CHECK(e && tp_s64(e, "queuemax") == 7);
	CHECK(e && tp_s64(e, "flags") == SOCK_NONBLOCK);

	/* Unix sockets shut down whether connected or not. */
	n = f->af == AF_UNIX ? 0 : -ENOTCONN;
	CHECK(tp_res(shutdown(s, SHUT_RDWR)) == n);
	e = rec_fd(LNR_EVT_SHUTDOWN, s, t0);
	CHECK(e && tp_s64(e, "res") == n);
	CHECK(e && tp_s64(e, "how") == SHUT_RDWR);

	n = (int)tp_res(sendto(s, "x", 1, MSG_NOSIGNAL, NULL, 0));
	CHECK(n == -EPIPE || n == -ENOTCONN);
	e = rec_fd(LNR_EVT_SENDTO, s, t0);
	CHECK(e && tp_s64(e, "res") == n && tp_empty(e, "tuple"));

	/* A listener that is gone: its port or path has nobody behind. */
	gone = f->af == AF_UNIX ? fam_unix("gone", 0).any : c->srv_addr;
	if (f->af != AF_UNIX) {
		int t = sock(f, SOCK_STREAM);

		CHECK(bind(t, (const struct sockaddr *)&f->any.ss,
			   f->any.len) == 0);
		gone = local_of(t);
		close(t);
	}
	n = (int)tp_res(
	    connect(s, (const struct sockaddr *)&gone.ss, gone.len));
	CHECK(n == (f->af == AF_UNIX ? -ENOENT : -ECONNREFUSED));
	e = rec_fd(LNR_EVT_CONNECT, s, t0);
	CHECK(e && tp_s64(e, "res") == n && tp_empty(e, "tuple"));
	check_addr(e, "addr", &gone);
	close(s);
}

static void test_stream(const struct fam *f)
{
	uint64_t t0 = tp_boot_ns();
	struct conn c;

	printf("stream over %s\n", f->name);
	conn_listen(f, &c, t0);
	conn_connect(f, &c, 1, t0);
	conn_data(f, &c, t0);
	conn_close(&c);
	conn_connect(f, &c, 0, t0);
	conn_close(&c);
	stream_failures(f, &c, t0);
	close(c.srv);
}

/* A datagram's tuple, sent from fd (from NULL) or received on it from
 * `from`: the remote end is the caller's address, the local one the
 * kernel's. Unix: the socket inodes, the receiver's path. */
static void check_dgram_tuple(const struct fam *f, const struct lnr_evt *e,
			      int fd, const struct addr *from,
			      const struct addr *to)
{
	char path[128];
	struct addr l;

	if (f->af == AF_UNIX) {
		unix_path_of(to, path, sizeof(path));
		check_unix_tuple(e, from ? 0 : ino_of(fd),
				 from ? ino_of(fd) : 0, path);
		return;
	}
	l = local_of(fd);
	check_tuple(e, from ? from : &l, to);
}

/* The same through sendmsg and recvmsg, the addresses in msg_name. */
static void dgram_msgs(const struct fam *f, int cli, int srv,
		       const struct addr *to, uint64_t t0)
{
	char buf[16] = "abc";
	struct iovec iov = {buf, 3}, in = {buf, sizeof(buf)};
	struct addr from = {.len = sizeof(from.ss)};
	struct msghdr mo = {.msg_name = (void *)&to->ss,
			    .msg_namelen = to->len,
			    .msg_iov = &iov,
			    .msg_iovlen = 1};
	struct msghdr mi = {.msg_name = &from.ss,
			    .msg_namelen = from.len,
			    .msg_iov = &in,
			    .msg_iovlen = 1};
	const struct lnr_evt *e;

	CHECK(sendmsg(cli, &mo, 0) == 3);
	e = rec_fd(LNR_EVT_SENDMSG, cli, t0);
	CHECK(e && tp_s64(e, "res") == 3 && tp_s64(e, "size") == 3);
	check_dgram_tuple(f, e, cli, NULL, to);
	CHECK(recvmsg(srv, &mi, 0) == 3);
	from.len = mi.msg_namelen;
	e = rec_fd(LNR_EVT_RECVMSG, srv, t0);
	CHECK(e && tp_s64(e, "res") == 3);
	CHECK(e && tp_s64(e, "size") == (int64_t)sizeof(buf));
	check_dgram_tuple(f, e, srv, &from, to);
}

/* Unconnected datagrams: the remote end comes from the caller's
 * address, the kernel's own for the sender's local end. */
static void test_dgram(const struct fam *f, const struct fam *cf)
{
	uint64_t t0 = tp_boot_ns();
	int srv = sock(f, SOCK_DGRAM), cli = sock(f, SOCK_DGRAM);
	struct addr to, from = {.len = sizeof(from.ss)};
	char buf[16];
	const struct lnr_evt *e;

	printf("datagrams over %s\n", f->name);
	CHECK(bind(srv, (const struct sockaddr *)&f->any.ss, f->any.len) == 0);
	if (cf) /* unix: the sender needs a name to be answered */
		CHECK(bind(cli, (const struct sockaddr *)&cf->any.ss,
			   cf->any.len) == 0);
	to = f->af == AF_UNIX ? f->any : local_of(srv);
	CHECK(sendto(cli, "hi", 2, 0, (const struct sockaddr *)&to.ss,
		     to.len) == 2);
	e = rec_fd(LNR_EVT_SENDTO, cli, t0);
	CHECK(e && tp_s64(e, "res") == 2 && tp_s64(e, "size") == 2);
	check_dgram_tuple(f, e, cli, NULL, &to);
	CHECK(recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from.ss,
		       &from.len) == 2);
	e = rec_fd(LNR_EVT_RECVFROM, srv, t0);
	CHECK(e && tp_s64(e, "res") == 2);
	CHECK(e && tp_s64(e, "size") == (int64_t)sizeof(buf));
	check_dgram_tuple(f, e, srv, &from, &to);
	dgram_msgs(f, cli, srv, &to, t0);
	/* Nothing more to read. */
	CHECK(tp_res(recvfrom(srv, buf, sizeof(buf), MSG_DONTWAIT, NULL,
			      NULL)) == -EAGAIN);
	e = rec_fd(LNR_EVT_RECVFROM, srv, t0);
	CHECK(e && tp_s64(e, "res") == -EAGAIN && tp_empty(e, "tuple"));
	{
		struct iovec iov = {buf, sizeof(buf)};
		struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};

		CHECK(tp_res(recvmsg(srv, &m, MSG_DONTWAIT)) == -EAGAIN);
		e = rec_fd(LNR_EVT_RECVMSG, srv, t0);
		CHECK(e && tp_s64(e, "res") == -EAGAIN);
		CHECK(e && tp_empty(e, "tuple"));
		CHECK(e && tp_s64(e, "size") == (int64_t)sizeof(buf));
		/* No address and nobody connected: no destination. */
		CHECK(tp_res(sendmsg(srv, &m, 0)) == -EDESTADDRREQ ||
		      f->af == AF_UNIX);
		e = rec_fd(LNR_EVT_SENDMSG, srv, t0);
		CHECK(e && tp_s64(e, "res") < 0 && tp_empty(e, "tuple"));
		CHECK(e && tp_s64(e, "size") == (int64_t)sizeof(buf));
	}
	/* A datagram socket cannot listen. */
	CHECK(tp_res(listen(srv, -1)) == -EOPNOTSUPP);
	e = rec_fd(LNR_EVT_LISTEN, srv, t0);
	CHECK(e && tp_s64(e, "res") == -EOPNOTSUPP);
	CHECK(e && tp_s64(e, "backlog") == -1);
	close(srv);
	close(cli);
}

/* A non-blocking connect, its outcome read back with SO_ERROR. */
static void nonblocking_connect(const struct fam *f, const struct addr *to,
				int want_err, uint64_t t0)
{
	int s = sock(f, SOCK_STREAM | SOCK_NONBLOCK), err = -1;
	socklen_t len = sizeof(err);
	struct pollfd p = {.fd = s, .events = POLLOUT};
	const struct lnr_evt *e;
	long r;

	r = tp_res(connect(s, (const struct sockaddr *)&to->ss, to->len));
	CHECK(r == 0 || r == -EINPROGRESS || r == -want_err);
	e = rec_fd(LNR_EVT_CONNECT, s, t0);
	CHECK(e && tp_s64(e, "res") == r);
	check_addr(e, "addr", to);
	/* A refused connection may lose its local port before the probe
	 * reads it; an accepted one keeps it. */
	if (e && want_err == 0) {
		struct addr l = local_of(s);

		check_tuple(e, &l, to);
	}
	CHECK(poll(&p, 1, TP_WAIT_MS) == 1);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == 0);
	/* Already taken by connect when it failed at once. */
	CHECK(err == (r == -want_err ? 0 : want_err));
	e = rec_fd(LNR_EVT_GETSOCKOPT, s, t0);
	CHECK(e && tp_s64(e, "res") == 0);
	CHECK(e && tp_s64(e, "level") == SOL_SOCKET);
	CHECK(e && tp_s64(e, "optname") == SO_ERROR);
	CHECK(e && tp_s64(e, "val") == -err);
	CHECK(e && tp_s64(e, "optlen") == sizeof(int));
	close(s);
}

static void test_getsockopt(const struct fam *f)
{
	uint64_t t0 = tp_boot_ns();
	int srv = sock(f, SOCK_STREAM), s, v = 0;
	socklen_t len = sizeof(v);
	struct addr to;
	const struct lnr_evt *e;

	printf("getsockopt over %s\n", f->name);
	CHECK(bind(srv, (const struct sockaddr *)&f->any.ss, f->any.len) == 0);
	CHECK(listen(srv, 1) == 0);
	to = local_of(srv);
	nonblocking_connect(f, &to, 0, t0);
	close(srv); /* now nobody listens there */
	nonblocking_connect(f, &to, ECONNREFUSED, t0);

	/* An int option that is not an error, and one that does not exist. */
	s = sock(f, SOCK_STREAM);
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0);
	e = rec_fd(LNR_EVT_GETSOCKOPT, s, t0);
	CHECK(e && tp_s64(e, "res") == 0 && tp_s64(e, "val") == SOCK_STREAM);
	CHECK(e && tp_s64(e, "optname") == SO_TYPE);
	len = sizeof(v);
	CHECK(tp_res(getsockopt(s, SOL_SOCKET, 9999, &v, &len)) ==
	      -ENOPROTOOPT);
	e = rec_fd(LNR_EVT_GETSOCKOPT, s, t0);
	CHECK(e && tp_s64(e, "res") == -ENOPROTOOPT);
	CHECK(e && tp_s64(e, "optname") == 9999 && tp_empty(e, "val"));
	CHECK(e && tp_s64(e, "optlen") == sizeof(int));
	close(s);
}

void tp_net_run(void)
{
	struct fam v4 = fam_v4(), v6 = fam_v6();
	struct fam un = fam_unix("s", 0), ab = fam_unix("s", 1);
	struct fam ud = fam_unix("d", 0), uc = fam_unix("c", 0);

	test_socket();
	test_socketpair();
	test_stream(&v4);
	test_stream(&un);
	test_stream(&ab);
	test_dgram(&v4, NULL);
	test_dgram(&ud, &uc);
	test_getsockopt(&v4);
	if (!ipv6_usable()) {
		printf("SKIP: IPv6 cases, ::1 cannot be bound here\n");
	} else {
		test_stream(&v6);
		test_dgram(&v6, NULL);
		test_getsockopt(&v6);
	}
	unlink(((struct sockaddr_un *)&un.any.ss)->sun_path);
	unlink(((struct sockaddr_un *)&ud.any.ss)->sun_path);
	unlink(((struct sockaddr_un *)&uc.any.ss)->sun_path);
}
