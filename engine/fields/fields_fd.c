/*
 * fd.*: the file descriptor an event is about (ctx->fd, set by the state
 * code: the file an open opened, the fd a close closed, the socket a
 * connect connected, the pipe or eventfd a call made). Socket ends are
 * the client's and the server's as connect, accept or a datagram
 * socket's last send or receive to a new peer saw them, or a bound
 * socket's own, its server end; local and remote follow from which of
 * the two the process is (so a listener's local end is the address it
 * bound, where Falco leaves fd.lip and fd.lport empty). Protocol and
 * domain names are not resolved: that would need files and DNS the
 * sandboxed engine does not have.
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

#define FD_OR_NA(ctx)                                                          \
	do {                                                                   \
		if (!(ctx)->fd.valid)                                          \
			return 0;                                              \
	} while (0)

static int x_num(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	FD_OR_NA(ctx);
	return fv_i64(o, ctx->fd.num);
}

static int x_type(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_str(o, state_fd_kind_name(ctx->fd.kind));
}

static int x_typechar(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_str(o, state_fd_kind_letter(ctx->fd.kind));
}

static int x_name(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_path(o, ctx->fd.name);
}

static int x_nameraw(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_path(o, ctx->fd.nameraw ? ctx->fd.nameraw : ctx->fd.name);
}

/* Whether the event's fd is named by a path (sockets, pipes, memfds and
 * the like have no directory and file name, as in libsinsp). */
static bool is_path(const struct evt_ctx *ctx)
{
	return ctx->fd.valid && ctx->fd.name &&
	       (ctx->fd.kind == SFD_FILE || ctx->fd.kind == SFD_DIRECTORY);
}

/* A directory fd is its own directory; a file's is its name's dirname. */
static int x_directory(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	const char *n = ctx->fd.name, *slash;

	if (!is_path(ctx))
		return 0;
	if (ctx->fd.kind == SFD_DIRECTORY)
		return fv_path(o, n);
	slash = strrchr(n, '/');
	if (!slash)
		return 0;
	if (slash == n)
		return fv_strn(o, FT_FSPATH, "/", 1);
	return fv_strn(o, FT_FSPATH, n, (size_t)(slash - n));
}

/* "ID:VALUE", ID the short container id or "host", VALUE the fd's name
 * or directory as x_name or x_directory give it. */
static int container_joined(struct evt_ctx *ctx, struct fval *o,
			    int (*value)(struct evt_ctx *,
					 const struct field_arg *,
					 struct fval *, int))
{
	const char *id, *s;
	struct fval v;
	size_t len;

	if (!ctx->proc || !ctx->proc->full || value(ctx, NULL, &v, 1) != 1)
		return 0;
	id = state_container_id(ctx->proc->cgroups, NULL);
	s = evt_ctx_printf(ctx, &len, "%.*s:%.*s", id ? CONTAINER_ID_SHORT : 4,
			   id ? id : "host", (int)v.s.len, v.s.p);
	return s ? fv_strn(o, FT_STRING, s, len) : 0;
}

static int x_containername(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	return container_joined(ctx, o, x_name);
}

static int x_containerdirectory(struct evt_ctx *ctx, const struct field_arg *a,
				struct fval *o, int max)
{
	return container_joined(ctx, o, x_directory);
}

static int x_filename(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	const char *n = ctx->fd.name, *slash;

	if (!is_path(ctx) || ctx->fd.kind == SFD_DIRECTORY)
		return 0;
	slash = strrchr(n, '/');
	return fv_str(o, slash ? slash + 1 : n);
}

static int x_ino(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	FD_OR_NA(ctx);
	return ctx->fd.ino ? fv_i64(o, (int64_t)ctx->fd.ino) : 0;
}

static int x_dev(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	FD_OR_NA(ctx);
	return fv_u64(o, FT_UINT64, ctx->fd.dev);
}

/* Kernel dev_t encoding (new_encode_dev): minor low 8 bits + bits 20.. */
static int x_dev_major(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_u64(o, FT_UINT64, (ctx->fd.dev >> 8) & 0xfff);
}

static int x_dev_minor(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_u64(o, FT_UINT64,
		      (ctx->fd.dev & 0xff) | ((ctx->fd.dev >> 12) & 0xfff00));
}

static int x_name_changed(struct evt_ctx *ctx, const struct field_arg *a,
			  struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_bool(o, ctx->fd.name_changed);
}

/* fd.types: the distinct types of the process's fds; fd.types[N] the
 * type of fd N. */
static int x_types(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	const struct fd_table *ft = &ctx->st->fds;
	int n = 0;

	if (!ctx->proc)
		return 0;
	if (a->present) {
		const struct sfd *f =
		    state_fd_find(ft, ctx->proc->pid, a->index);

		return f ? fv_str(o, state_fd_kind_name(f->kind)) : 0;
	}
	for (int k = 0; k < SFD_KIND_COUNT && n < max; k++) {
		enum sfd_kind kind = (enum sfd_kind)k;
		bool seen = false;

		for (uint32_t i = ctx->proc->fd_head; i != STATE_NONE && !seen;
		     i = ft->fds[i].pnext)
			seen = ft->fds[i].kind == kind;
		if (seen)
			n += fv_str(&o[n], state_fd_kind_name(kind));
	}
	return n;
}

/* The end index of an IP socket the field names ('c' client, 's' server,
 * 'l' local, 'r' remote), or -1 when that end is not known (a bound
 * socket knows only the server's, end 1). */
static int sock_end(const struct evt_ctx *ctx, char which)
{
	const struct fd_sock *s = &ctx->fd.sock;
	int e;

	if (!ctx->fd.valid || s->nends == 0 ||
	    (s->family != AF_INET && s->family != AF_INET6))
		return -1;
	if (which == 'c' || which == 's')
		e = which == 's';
	else if (!s->role)
		return -1;
	else
		e = (s->role == FD_SOCK_SERVER) == (which == 'l');
	return e == 1 || s->nends == 2 ? e : -1;
}

/* End e as a value of type t: address, network, port, or (FT_STRING)
 * its protocol name, which is the port number in decimal, as Falco gives
 * it with its port name resolution off, as it is by default. */
static int end_value(struct evt_ctx *ctx, int e, enum ftype t, struct fval *o)
{
	const struct fd_sock *s = &ctx->fd.sock;
	const char *p;
	size_t len;

	if (t == FT_PORT)
		return fv_u64(o, FT_PORT, s->end[e].port);
	if (t == FT_STRING) {
		p = evt_ctx_printf(ctx, &len, "%u", (unsigned)s->end[e].port);
		return p ? fv_strn(o, FT_STRING, p, len) : 0;
	}
	memset(o, 0, sizeof(*o));
	o->type = t;
	o->ip.family = s->family;
	o->ip.prefix = s->family == AF_INET ? 32 : 128;
	memcpy(o->ip.addr, s->end[e].addr, sizeof(o->ip.addr));
	return 1;
}

/* fd.cip, fd.sport, fd.lnet...: a->key is unused; the which letter and
 * the type come from the field's name through the table below. */
#define SOCK_FIELD(fn, which, t)                                               \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		int e = sock_end(ctx, which);                                  \
                                                                               \
		return e < 0 ? 0 : end_value(ctx, e, t, o);                    \
	}
SOCK_FIELD(x_cip, 'c', FT_IPADDR)
SOCK_FIELD(x_sip, 's', FT_IPADDR)
SOCK_FIELD(x_lip, 'l', FT_IPADDR)
SOCK_FIELD(x_rip, 'r', FT_IPADDR)
SOCK_FIELD(x_cport, 'c', FT_PORT)
SOCK_FIELD(x_sport, 's', FT_PORT)
SOCK_FIELD(x_lport, 'l', FT_PORT)
SOCK_FIELD(x_rport, 'r', FT_PORT)
SOCK_FIELD(x_cnet, 'c', FT_IPNET)
SOCK_FIELD(x_snet, 's', FT_IPNET)
SOCK_FIELD(x_lnet, 'l', FT_IPNET)
SOCK_FIELD(x_rnet, 'r', FT_IPNET)
SOCK_FIELD(x_cproto, 'c', FT_STRING)
SOCK_FIELD(x_sproto, 's', FT_STRING)
SOCK_FIELD(x_lproto, 'l', FT_STRING)
SOCK_FIELD(x_rproto, 'r', FT_STRING)

/* As Falco with its default of no port name resolution. */
#define PROTO_HOW ": its port number, as Falco writes it by default"

/* fd.cip.name...: the names, among those the rules compare these fields
 * with, that the address of the end resolved to (lanner-resolve). */
#define IP_NAME_HOW                                                            \
	": those of the names the rules compare these fields with that "       \
	"resolve to it (resolved again every 10 s to 320 s)"
#define IP_NAME_FIELD(fn, which)                                               \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		return ip_names(ctx, which, o, max);                           \
	}

static int ip_names(struct evt_ctx *ctx, char which, struct fval *o, int max)
{
	const char *names[FIELD_VALUES_MAX];
	int e = sock_end(ctx, which), n;

	static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0,    0,
					     0, 0, 0, 0, 0xff, 0xff};
	const uint8_t *addr;
	uint8_t v4[16] = {0};
	uint32_t family;

	if (e < 0)
		return 0;
	addr = ctx->fd.sock.end[e].addr;
	family = ctx->fd.sock.family;
	/* A dual-stack socket's IPv4 peer (::ffff:a.b.c.d) is a.b.c.d. */
	if (family == AF_INET6 && !memcmp(addr, v4mapped, sizeof(v4mapped))) {
		memcpy(v4, addr + 12, 4);
		addr = v4;
		family = AF_INET;
	}
	n = state_dns_names_of(&ctx->st->dns, family, addr, names,
			       max < FIELD_VALUES_MAX ? max : FIELD_VALUES_MAX);
	for (int i = 0; i < n; i++)
		fv_str(&o[i], names[i]);
	return n;
}
IP_NAME_FIELD(x_cip_name, 'c')
IP_NAME_FIELD(x_sip_name, 's')
IP_NAME_FIELD(x_lip_name, 'l')
IP_NAME_FIELD(x_rip_name, 'r')

/* fd.ip, fd.port, fd.net: both ends, so a comparison matches either; a
 * bound socket's own end alone. */
static int both_ends(struct evt_ctx *ctx, enum ftype t, struct fval *o, int max)
{
	int n = 0;

	for (const char *w = "cs"; *w && n < max; w++) {
		int e = sock_end(ctx, *w);

		if (e >= 0)
			n += end_value(ctx, e, t, &o[n]);
	}
	return n;
}

static int x_ip(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		int max)
{
	return both_ends(ctx, FT_IPADDR, o, max);
}

static int x_port(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return both_ends(ctx, FT_PORT, o, max);
}

static int x_net(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	return both_ends(ctx, FT_IPNET, o, max);
}

static int x_proto(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	return both_ends(ctx, FT_STRING, o, max);
}

static int x_sockfamily(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	uint8_t f = ctx->fd.sock.family;

	FD_OR_NA(ctx);
	if (f == AF_UNIX)
		return fv_str(o, "unix");
	return f == AF_INET || f == AF_INET6 ? fv_str(o, "ip") : 0;
}

static int x_l4proto(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	static const struct {
		uint8_t proto;
		const char *name;
	} names[] = {{IPPROTO_TCP, "tcp"},
		     {IPPROTO_UDP, "udp"},
		     {IPPROTO_ICMP, "icmp"},
		     {IPPROTO_ICMPV6, "icmp"},
		     {IPPROTO_RAW, "raw"}};

	FD_OR_NA(ctx);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].proto == ctx->fd.sock.l4proto)
			return fv_strn(o, FT_L4PROTO, names[i].name,
				       strlen(names[i].name));
	return 0;
}

static int x_is_server(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	FD_OR_NA(ctx);
	if (!ctx->fd.sock.family || !ctx->fd.sock.role)
		return 0;
	return fv_bool(o, ctx->fd.sock.role == FD_SOCK_SERVER);
}

static int x_connected(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	FD_OR_NA(ctx);
	if (!ctx->fd.sock.family)
		return 0;
	return fv_bool(o, ctx->fd.sock.connected);
}

static const struct field_def fd_fields[] = {
    F("fd.num", FT_INT64, 0, 0,
      "file descriptor number (the result for an open, even a failed one)",
      x_num),
    F("fd.type", FT_STRING, 0, 0,
      "type of fd: file, directory, ipv4, ipv6, unix, pipe (pipe, pipe2), "
      "event (eventfd), signalfd, timerfd, inotify, memfd, userfaultfd, "
      "io_uring (io_uring_setup), bpf (a map, program or link from bpf)",
      x_type),
    F("fd.typechar", FT_STRING, 0, 0,
      "type of fd as one letter: f file, d directory, 4 ipv4, 6 ipv6, u unix, "
      "p pipe, e event, s signalfd, t timerfd, i inotify, m memfd, "
      "u userfaultfd, r io_uring, b bpf",
      x_typechar),
    F("fd.name", FT_FSPATH, 0, 0,
      "absolute normalised path of the file (the one being opened on open "
      "events; a rename of the file or a directory above it moves it); "
      "a socket's cip:cport->sip:sport, the ip:port it was bound "
      "to, or a unix socket's path; a memfd's name as memfd_create got it; "
      "empty for pipes and the other kinds",
      x_name),
    F("fd.nameraw", FT_FSPATH, 0, 0,
      "the path exactly as the syscall received it", x_nameraw),
    F("fd.directory", FT_FSPATH, 0, 0,
      "directory holding the file (a directory fd's own path); files and "
      "directories only",
      x_directory),
    F("fd.filename", FT_STRING, 0, 0,
      "file name without its directory; files only", x_filename),
    F("fd.ino", FT_INT64, 0, 0, "inode number of the file or pipe", x_ino),
    F("fd.dev", FT_UINT64, 0, 0, "device number holding the file or pipe",
      x_dev),
    F("fd.dev.major", FT_UINT64, 0, 0, "major device number holding the file",
      x_dev_major),
    F("fd.dev.minor", FT_UINT64, 0, 0, "minor device number holding the file",
      x_dev_minor),
    F("fd.types", FT_STRING, FARG_INDEX, FIELD_MULTI,
      "distinct fd types the process holds; fd.types[N] is the type of fd N",
      x_types),
    F("fd.name_changed", FT_BOOL, 0, 0,
      "true when the event changed the fd's name: an open or accept gave a "
      "new fd one, connect or bind named a socket, or a send or receive "
      "gave a datagram socket a new peer",
      x_name_changed),
    F("fd.connected", FT_BOOL, 0, 0,
      "true for a socket connected (connect) or accepted", x_connected),
    F("fd.sockfamily", FT_STRING, 0, 0, "socket family: ip or unix",
      x_sockfamily),
    F("fd.l4proto", FT_L4PROTO, 0, 0,
      "layer-4 protocol of a socket: tcp, udp, icmp, raw", x_l4proto),
    F("fd.is_server", FT_BOOL, 0, 0,
      "true if the process is the server end of the connection (it "
      "accepted, bound or listened)",
      x_is_server),
    F("fd.ip", FT_IPADDR, 0, FIELD_MULTI,
      "either end's address (matches if the client's or the server's does)",
      x_ip),
    F("fd.cip", FT_IPADDR, 0, 0, "client address", x_cip),
    F("fd.sip", FT_IPADDR, 0, 0, "server address", x_sip),
    F("fd.lip", FT_IPADDR, 0, 0, "local address", x_lip),
    F("fd.rip", FT_IPADDR, 0, 0, "remote address", x_rip),
    F("fd.port", FT_PORT, 0, FIELD_MULTI,
      "either end's port (matches if the client's or the server's does)",
      x_port),
    F("fd.cport", FT_PORT, 0, 0, "client port", x_cport),
    F("fd.sport", FT_PORT, 0, 0, "server port", x_sport),
    F("fd.lport", FT_PORT, 0, 0, "local port", x_lport),
    F("fd.rport", FT_PORT, 0, 0, "remote port", x_rport),
    F("fd.net", FT_IPNET, 0, FIELD_MULTI,
      "either end's network (matches if the client's or the server's does)",
      x_net),
    F("fd.cnet", FT_IPNET, 0, 0, "client network", x_cnet),
    F("fd.snet", FT_IPNET, 0, 0, "server network", x_snet),
    F("fd.lnet", FT_IPNET, 0, 0, "local network", x_lnet),
    F("fd.rnet", FT_IPNET, 0, 0, "remote network", x_rnet),
    F("fd.cip.name", FT_STRING, 0, FIELD_MULTI | FIELD_NE_NONE,
      "domain names of the client address" IP_NAME_HOW, x_cip_name),
    F("fd.sip.name", FT_STRING, 0, FIELD_MULTI | FIELD_NE_NONE,
      "domain names of the server address" IP_NAME_HOW, x_sip_name),
    F("fd.lip.name", FT_STRING, 0, FIELD_MULTI | FIELD_NE_NONE,
      "domain names of the local address" IP_NAME_HOW, x_lip_name),
    F("fd.rip.name", FT_STRING, 0, FIELD_MULTI | FIELD_NE_NONE,
      "domain names of the remote address" IP_NAME_HOW, x_rip_name),
    F("fd.proto", FT_STRING, 0, FIELD_MULTI,
      "protocol name of either end (matches if the client's or the "
      "server's does)" PROTO_HOW,
      x_proto),
    F("fd.cproto", FT_STRING, 0, 0, "protocol name of the client end" PROTO_HOW,
      x_cproto),
    F("fd.sproto", FT_STRING, 0, 0, "protocol name of the server end" PROTO_HOW,
      x_sproto),
    F("fd.lproto", FT_STRING, 0, 0, "protocol name of the local end" PROTO_HOW,
      x_lproto),
    F("fd.rproto", FT_STRING, 0, 0, "protocol name of the remote end" PROTO_HOW,
      x_rproto),
    F("fd.containername", FT_STRING, 0, 0,
      "container id and fd name joined by ':' ('host:' outside containers)",
      x_containername),
    F("fd.containerdirectory", FT_STRING, 0, 0,
      "container id and fd directory joined by ':' ('host:' outside "
      "containers)",
      x_containerdirectory),
};

FIELD_CLASS(fd, "syscall", "the file descriptor the event concerns");
