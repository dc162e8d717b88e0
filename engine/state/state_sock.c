/*
 * Sockets in the fd table: socket and socketpair add them with their
 * family and transport protocol; connect (once it succeeded or is under
 * way) and accept give them their two ends, the client first, as the
 * probe's tuple has them; bind gives a socket its own end, as the server
 * end, and listen makes it a server. The name is Falco's:
 * "cip:cport->sip:sport", the address a socket was bound to, or a unix
 * socket's path. The other socket calls (send, receive, shutdown,
 * getsockopt) are about the fd they name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "state.h"
#include "state_fd.h"

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

static char type_char(uint8_t family)
{
	return family == AF_INET6 ? '6' : family == AF_UNIX ? 'u' : '4';
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

static struct sfd *add(struct evt_ctx *ctx, int64_t fd, const char *name,
		       const struct fd_sock *s)
{
	struct sfd *f;

	if (!ctx->proc || fd < 0)
		return NULL;
	f = state_fd_add(&ctx->st->fds, ctx->proc, fd, name, 0, 0, 0);
	if (f) {
		f->sock = *s;
		f->type = type_char(s->family);
	}
	return f;
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
	struct sfd *f =
	    ctx->proc ? state_fd_find(&ctx->st->fds, ctx->proc->pid, fd) : NULL;
	struct fd_sock s = f ? f->sock : (struct fd_sock){0};
	char name[2 * (INET6_ADDRSTRLEN + 8)];

	if (tuple_ends(ctx, &s)) {
		s.role = role;
		if (!s.l4proto)
			s.l4proto = IPPROTO_TCP;
		sock_name(&s, name, sizeof(name));
		add(ctx, fd, name, &s);
	}
	state_fd_view(ctx, fd);
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
	struct sfd *f =
	    ctx->proc ? state_fd_find(&ctx->st->fds, ctx->proc->pid, fd) : NULL;
	struct fd_sock s = f ? f->sock : (struct fd_sock){0};
	char name[INET6_ADDRSTRLEN + 8];
	struct lnr_netaddr na;

	if (num(ctx, LNR_PI_BIND_res, -1) == 0 &&
	    lnr_evt_get_netaddr(&ctx->evt, LNR_PI_BIND_addr, &na) == 0) {
		if (na.family == AF_UNIX) {
			s.family = AF_UNIX;
			add(ctx, fd, na.path, &s);
		} else if (na.nends == 1) {
			bound_end(&s, &na, name, sizeof(name));
			add(ctx, fd, name, &s);
		}
	}
	state_fd_view(ctx, fd);
}

/* listen: a server, whatever bind recorded or not. */
static void on_listen(struct evt_ctx *ctx)
{
	int64_t fd = num(ctx, LNR_PI_LISTEN_fd, -1);
	struct sfd *f =
	    ctx->proc ? state_fd_find(&ctx->st->fds, ctx->proc->pid, fd) : NULL;

	if (f && num(ctx, LNR_PI_LISTEN_res, -1) == 0)
		f->sock.role = FD_SOCK_SERVER;
	state_fd_view(ctx, fd);
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
	default: /* send, receive, shutdown, getsockopt */
		state_fd_view(ctx, num(ctx, param(ctx, "fd"), -1));
		break;
	}
}
