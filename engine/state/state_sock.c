/*
 * Sockets in the fd table: socket and socketpair add them with their
 * family and transport protocol; connect (once it succeeded or is under
 * way) and accept give them their two ends, the client first, as the
 * probe's tuple has them; bind gives a socket its own end, as the server
 * end, and listen makes it a server. A send or receive that succeeded
 * gives its tuple to a socket not known to be a named TCP one, as
 * libsinsp does: a datagram socket takes the peer of each call. The name
 * is Falco's: "cip:cport->sip:sport", the address a socket was bound to,
 * or a unix socket's path; an event that changes it sets
 * ctx->fd.name_changed. shutdown and getsockopt are about the fd they
 * name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "state.h"
#include "state_fd.h"

/* "cip:cport->sip:sport" */
#define SOCK_NAME_LEN (2 * (INET6_ADDRSTRLEN + 8))

static int64_t num(const struct evt_ctx *ctx, int i, int64_t dflt)
{
	int64_t v;

	if (i < 0 || lnr_evt_get_s64(&ctx->evt, (unsigned)i, &v) < 0)
		return dflt;
	return v;
}

static int param(const struct evt_ctx *ctx, const char *name)
{
	return lnr_evt_param_index(ctx->type, name);
}

static enum sfd_kind sock_kind(uint8_t family)
{
	return family == AF_INET6  ? SFD_IPV6
	       : family == AF_UNIX ? SFD_UNIX
				   : SFD_IPV4;
}

/* The transport of a socket of this type and protocol. */
static uint8_t l4proto(int64_t type, int64_t proto)
{
	switch (type & 0xf) {
	case SOCK_STREAM:
		return IPPROTO_TCP;
	case SOCK_DGRAM:
		return IPPROTO_UDP;
	default:
		return proto > 0 && proto < 256 ? (uint8_t)proto : IPPROTO_RAW;
	}
}

static size_t put_end(char *out, size_t len, uint8_t family,
		      const uint8_t *addr, uint16_t port)
{
	char ip[INET6_ADDRSTRLEN] = "";

	inet_ntop(family, addr, ip, sizeof(ip));
	return (size_t)snprintf(out, len, "%s:%u", ip, port);
}

/* Falco's name of a connected IP socket. */
static void sock_name(const struct fd_sock *s, char *out, size_t len)
{
	size_t n;

	if (s->nends < 2) {
		out[0] = '\0';
		return;
	}
	n = put_end(out, len, s->family, s->end[0].addr, s->end[0].port);
	if (n + 2 < len) {
		memcpy(out + n, "->", 3);
		put_end(out + n + 2, len - n - 2, s->family, s->end[1].addr,
			s->end[1].port);
	}
}

static struct sfd *find(const struct evt_ctx *ctx, int64_t fd)
{
	return ctx->proc ? state_fd_find(&ctx->st->fds, ctx->proc->pid, fd)
			 : NULL;
}

static struct sfd *add(struct evt_ctx *ctx, int64_t fd, const char *name,
		       const struct fd_sock *s)
{
	struct sfd *f;

	if (!ctx->proc || fd < 0)
		return NULL;
	f = state_fd_add(&ctx->st->fds, ctx->proc, fd, name, 0, 0, 0);
	if (f) {
		f->sock = *s;
		f->kind = sock_kind(s->family);
	}
	return f;
}

/* fd's socket and name become s and name, and the event's fd; the name
 * changed if it is not the one fd had (none, for the fd accept made). */
static void sock_set(struct evt_ctx *ctx, int64_t fd, const char *name,
		     const struct fd_sock *s, bool fresh)
{
	const struct sfd *f = fresh ? NULL : find(ctx, fd);
	bool changed = strcmp(f ? f->name : "", name) != 0;

	add(ctx, fd, name, s);
	state_fd_view(ctx, fd);
	ctx->fd.name_changed = changed && ctx->fd.valid;
}

static void on_socket(struct evt_ctx *ctx)
{
	struct fd_sock s = {0};
	int64_t fd = num(ctx, lnr_evt_ret_index(ctx->type), -1);

	s.family = (uint8_t)num(ctx, param(ctx, "domain"), 0);
	if (s.family == AF_INET || s.family == AF_INET6)
		s.l4proto = l4proto(num(ctx, param(ctx, "type"), 0),
				    num(ctx, param(ctx, "proto"), 0));
	add(ctx, fd, "", &s);
	state_fd_view(ctx, fd);
}

static void on_socketpair(struct evt_ctx *ctx)
{
	struct fd_sock s = {.family = AF_UNIX};
	int64_t fd1 = num(ctx, LNR_PI_SOCKETPAIR_fd1, -1);

	if (num(ctx, LNR_PI_SOCKETPAIR_res, -1) != 0)
		return;
	s.family = (uint8_t)num(ctx, LNR_PI_SOCKETPAIR_domain, AF_UNIX);
	add(ctx, fd1, "", &s);
	add(ctx, num(ctx, LNR_PI_SOCKETPAIR_fd2, -1), "", &s);
	state_fd_view(ctx, fd1);
}

/* The two ends of the tuple; 0 when there is none. */
static int tuple_ends(struct evt_ctx *ctx, struct fd_sock *s)
{
	int i = param(ctx, "tuple");
	struct lnr_netaddr na;

	if (i < 0 || lnr_evt_get_netaddr(&ctx->evt, (unsigned)i, &na) < 0 ||
	    na.nends != 2 || (na.family != AF_INET && na.family != AF_INET6))
		return 0;
	s->family = na.family;
	s->nends = 2;
	for (int e = 0; e < 2; e++) {
		memcpy(s->end[e].addr, na.end[e].addr, sizeof(s->end[e].addr));
		s->end[e].port = na.end[e].port;
	}
	return 1;
}

/* connect: the socket's entry gets its ends, made if the socket was
 * opened before lanner saw it. accept: a new entry. */
static void on_connected(struct evt_ctx *ctx, int64_t fd, uint8_t role)
{
	struct sfd *f = find(ctx, fd);
	struct fd_sock s = f ? f->sock : (struct fd_sock){0};
	char name[SOCK_NAME_LEN];

	if (!tuple_ends(ctx, &s)) {
		state_fd_view(ctx, fd);
		return;
	}
	s.role = role;
	s.connected = 1;
	if (!s.l4proto)
		s.l4proto = IPPROTO_TCP;
	sock_name(&s, name, sizeof(name));
	sock_set(ctx, fd, name, &s, role == FD_SOCK_SERVER);
}

/* The tuple of a send is local->remote, of a receive remote->local;
 * ends are client and server, and the local end is the client's unless
 * the socket is a server. */
static void tuple_order(struct fd_sock *s, bool incoming)
{
	struct fd_end e = s->end[0];

	if (incoming == (s->role != FD_SOCK_SERVER)) {
		s->end[0] = s->end[1];
		s->end[1] = e;
	}
}

/* Whether a send or receive may give fd (f, NULL when not in the table)
 * the call's tuple: once it succeeded, a socket without a name or not
 * known to be TCP may, as libsinsp's read and write parsers let it. An
 * fd lanner did not see made that sends is taken for a UDP socket, as
 * libsinsp does; one that receives is left unknown. */
static bool takes_tuple(const struct evt_ctx *ctx, const struct sfd *f,
			bool incoming)
{
	if (num(ctx, lnr_evt_ret_index(ctx->type), -1) < 0)
		return false;
	if (!f)
		return !incoming;
	return !f->name[0] || f->sock.l4proto != IPPROTO_TCP;
}

/* send and receive calls: a socket that may take the call's tuple does
 * when it is not the ends it has (a datagram socket talking to a new
 * peer); it is a client unless bind made it a server. */
static void on_transfer(struct evt_ctx *ctx, bool incoming)
{
	int64_t fd = num(ctx, param(ctx, "fd"), -1);
	struct sfd *f = find(ctx, fd);
	struct fd_sock was = f ? f->sock : (struct fd_sock){0}, s = was;
	char name[SOCK_NAME_LEN];

	if (!takes_tuple(ctx, f, incoming) || !tuple_ends(ctx, &s)) {
		state_fd_view(ctx, fd);
		return;
	}
	if (!f)
		s.l4proto = IPPROTO_UDP;
	if (!s.role)
		s.role = FD_SOCK_CLIENT;
	tuple_order(&s, incoming);
	if (was.nends == 2 && was.family == s.family &&
	    memcmp(was.end, s.end, sizeof(s.end)) == 0) {
		state_fd_view(ctx, fd);
		return;
	}
	sock_name(&s, name, sizeof(name));
	sock_set(ctx, fd, name, &s, false);
}

/* An IPv6 address that holds an IPv4 one (::ffff:a.b.c.d). */
static int v4_mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = {[10] = 0xff, [11] = 0xff};

	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

/*
 * The IP address a socket was bound to becomes its server end, as Falco
 * makes it a server socket (an IPv4 one for an IPv4-mapped address), and
 * its name, as the call wrote it. Port 0 lets the kernel choose a port
 * the event does not carry: the name then ends in ":0", as Falco's does,
 * and the socket's ends stay unknown.
 */
static void bound_end(struct fd_sock *s, const struct lnr_netaddr *na,
		      char *name, size_t len)
{
	const uint8_t *a = na->end[0].addr;

	put_end(name, len, na->family, a, na->end[0].port);
	s->family = na->family;
	if (na->end[0].port == 0)
		return;
	if (na->family == AF_INET6 && v4_mapped(a)) {
		s->family = AF_INET;
		a += 12;
	}
	memset(s->end, 0, sizeof(s->end));
	memcpy(s->end[1].addr, a, s->family == AF_INET ? 4 : 16);
	s->end[1].port = na->end[0].port;
	s->nends = 1;
	s->role = FD_SOCK_SERVER;
}

/* bind: the socket's own end, or a unix socket's path, on success. */
static void on_bind(struct evt_ctx *ctx)
{
	int64_t fd = num(ctx, LNR_PI_BIND_fd, -1);
	struct sfd *f = find(ctx, fd);
	struct fd_sock s = f ? f->sock : (struct fd_sock){0};
	char name[INET6_ADDRSTRLEN + 8];
	struct lnr_netaddr na;

	int ok = num(ctx, LNR_PI_BIND_res, -1) == 0 &&
		 lnr_evt_get_netaddr(&ctx->evt, LNR_PI_BIND_addr, &na) == 0;

	if (ok && na.family == AF_UNIX) {
		s.family = AF_UNIX;
		sock_set(ctx, fd, na.path, &s, false);
	} else if (ok && na.nends == 1) {
		bound_end(&s, &na, name, sizeof(name));
		sock_set(ctx, fd, name, &s, false);
	} else { /* failed, or a family lanner does not name */
		state_fd_view(ctx, fd);
	}
}

/* listen: a server, whatever bind recorded or not. */
static void on_listen(struct evt_ctx *ctx)
{
	int64_t fd = num(ctx, LNR_PI_LISTEN_fd, -1);
	struct sfd *f = find(ctx, fd);

	if (f && num(ctx, LNR_PI_LISTEN_res, -1) == 0)
		f->sock.role = FD_SOCK_SERVER;
	state_fd_view(ctx, fd);
}

/*
 * A socket received over a unix socket (state_scm.c), with what the
 * kernel had of it: an IP socket with both ends is connected, the
 * server's end when it was accepted from a listener, else the
 * client's; with its own end alone, it is a bound server. A unix
 * socket has the name the probe gave it, its address.
 */
void state_sock_received(struct evt_ctx *ctx, const struct lnr_rfd *r,
			 const char *name)
{
	struct fd_sock s = {.family = r->family};
	size_t alen = r->family == AF_INET6 ? 16 : 4;
	char buf[SOCK_NAME_LEN] = "";
	int local; /* the end the socket's own address is */
	struct sfd *f;

	if ((r->family == AF_INET || r->family == AF_INET6) && r->lport) {
		s.l4proto = r->proto;
		local = !r->rport || r->listened;
		memcpy(s.end[local].addr, r->laddr, alen);
		s.end[local].port = r->lport;
		memcpy(s.end[!local].addr, r->raddr, alen);
		s.end[!local].port = r->rport;
		s.nends = r->rport ? 2 : 1;
		s.connected = r->rport != 0;
		s.role = local ? FD_SOCK_SERVER : FD_SOCK_CLIENT;
		if (r->rport)
			sock_name(&s, buf, sizeof(buf));
		else
			put_end(buf, sizeof(buf), s.family, r->laddr, r->lport);
	} else if (r->family == AF_INET || r->family == AF_INET6) {
		s.l4proto = r->proto;
	}
	f = add(ctx, r->fd, r->family == AF_UNIX ? name : buf, &s);
	if (f)
		f->flags = r->flags & O_CLOEXEC;
}

void state_sock_event(struct evt_ctx *ctx)
{
	int64_t res = num(ctx, lnr_evt_ret_index(ctx->type), -1);

	switch (ctx->type) {
	case LNR_EVT_SOCKET:
		on_socket(ctx);
		break;
	case LNR_EVT_SOCKETPAIR:
		on_socketpair(ctx);
		break;
	case LNR_EVT_CONNECT:
		if (res == 0 || res == -EINPROGRESS)
			on_connected(ctx, num(ctx, LNR_PI_CONNECT_fd, -1),
				     FD_SOCK_CLIENT);
		else
			state_fd_view(ctx, num(ctx, LNR_PI_CONNECT_fd, -1));
		break;
	case LNR_EVT_ACCEPT:
	case LNR_EVT_ACCEPT4:
		if (res >= 0)
			on_connected(ctx, res, FD_SOCK_SERVER);
		break;
	case LNR_EVT_BIND:
		on_bind(ctx);
		break;
	case LNR_EVT_LISTEN:
		on_listen(ctx);
		break;
	case LNR_EVT_SENDTO:
	case LNR_EVT_SENDMSG:
		on_transfer(ctx, false);
		break;
	case LNR_EVT_RECVFROM:
	case LNR_EVT_RECVMSG:
		on_transfer(ctx, true);
		break;
	default: /* shutdown, getsockopt */
		state_fd_view(ctx, num(ctx, param(ctx, "fd"), -1));
		break;
	}
}
