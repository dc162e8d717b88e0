/*
 * fd.*: the file descriptor an event is about (ctx->fd, set by the state
 * code: the file an open opened, the fd a close closed). Network fds are
 * not tracked yet, so the socket fields yield no value.
 */
#include <string.h>

#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

static const char *type_name(char t)
{
	return t == 'd' ? "directory" : "file";
}

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
	return fv_str(o, type_name(ctx->fd.type));
}

static int x_typechar(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_str(o, ctx->fd.type == 'd' ? "d" : "f");
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

/* A directory fd is its own directory; a file's is its name's dirname. */
static int x_directory(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	const char *n = ctx->fd.name, *slash;

	FD_OR_NA(ctx);
	if (!n)
		return 0;
	if (ctx->fd.type == 'd')
		return fv_path(o, n);
	slash = strrchr(n, '/');
	if (!slash)
		return 0;
	if (slash == n)
		return fv_strn(o, FT_FSPATH, "/", 1);
	return fv_strn(o, FT_FSPATH, n, (size_t)(slash - n));
}

static int x_filename(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	const char *n = ctx->fd.name, *slash;

	FD_OR_NA(ctx);
	if (!n || ctx->fd.type == 'd')
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

static int x_false_if_fd(struct evt_ctx *ctx, const struct field_arg *a,
			 struct fval *o, int max)
{
	FD_OR_NA(ctx);
	return fv_bool(o, false);
}

/* fd.types: the distinct types of the process's fds; fd.types[N] the
 * type of fd N. */
static int x_types(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	const struct fd_table *ft = &ctx->st->fds;
	bool seen_f = false, seen_d = false;
	int n = 0;

	if (!ctx->proc)
		return 0;
	if (a->present) {
		const struct sfd *f =
		    state_fd_find(ft, ctx->proc->pid, a->index);

		return f ? fv_str(o, type_name(f->type)) : 0;
	}
	for (uint32_t i = ctx->proc->fd_head; i != STATE_NONE;
	     i = ft->fds[i].pnext) {
		if (ft->fds[i].type == 'd')
			seen_d = true;
		else
			seen_f = true;
	}
	if (seen_f && n < max)
		n += fv_str(&o[n], "file");
	if (seen_d && n < max)
		n += fv_str(&o[n], "directory");
	return n;
}

static const struct field_def fd_fields[] = {
    F("fd.num", FT_INT64, 0, 0,
      "file descriptor number (the result for an open, even a failed one)",
      x_num),
    F("fd.type", FT_STRING, 0, 0,
      "type of fd: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, "
      "eventpoll, inotify, timerfd, netlink, memfd",
      x_type),
    F("fd.typechar", FT_STRING, 0, 0,
      "type of fd as one letter: f file, d directory, 4 ipv4, 6 ipv6, u unix, "
      "p pipe",
      x_typechar),
    F("fd.name", FT_FSPATH, 0, 0,
      "absolute normalised path of the file (the one being opened on open "
      "events)",
      x_name),
    F("fd.nameraw", FT_FSPATH, 0, 0,
      "the path exactly as the syscall received it", x_nameraw),
    F("fd.directory", FT_FSPATH, 0, 0,
      "directory holding the file (a directory fd's own path)", x_directory),
    F("fd.filename", FT_STRING, 0, 0, "file name without its directory",
      x_filename),
    F("fd.ino", FT_INT64, 0, 0, "inode number of the file", x_ino),
    F("fd.dev", FT_UINT64, 0, 0, "device number holding the file", x_dev),
    F("fd.dev.major", FT_UINT64, 0, 0, "major device number holding the file",
      x_dev_major),
    F("fd.dev.minor", FT_UINT64, 0, 0, "minor device number holding the file",
      x_dev_minor),
    F("fd.types", FT_STRING, FARG_INDEX, FIELD_MULTI,
      "distinct fd types the process holds; fd.types[N] is the type of fd N",
      x_types),
    F("fd.name_changed", FT_BOOL, 0, 0,
      "true when the fd's name changed during the event (sockets on connect)",
      x_false_if_fd),
    F("fd.connected", FT_BOOL, 0, 0,
      "true for a connected socket (sockets are not tracked yet)", fv_none),
    NA("fd.sockfamily", FT_STRING,
       "socket family: ip or unix (sockets are not tracked yet)"),
    NA("fd.l4proto", FT_L4PROTO,
       "layer-4 protocol of a socket: tcp, udp, icmp, raw (sockets are not "
       "tracked yet)"),
    NA("fd.is_server", FT_BOOL,
       "true if the process is the server end of the connection (sockets are "
       "not tracked yet)"),
    NA("fd.ip", FT_IPADDR,
       "either end's address (filter only; sockets are not tracked yet)"),
    NA("fd.cip", FT_IPADDR, "client address (sockets are not tracked yet)"),
    NA("fd.sip", FT_IPADDR, "server address (sockets are not tracked yet)"),
    NA("fd.lip", FT_IPADDR, "local address (sockets are not tracked yet)"),
    NA("fd.rip", FT_IPADDR, "remote address (sockets are not tracked yet)"),
    NA("fd.port", FT_PORT,
       "either end's port (filter only; sockets are not tracked yet)"),
    NA("fd.cport", FT_PORT, "client port (sockets are not tracked yet)"),
    NA("fd.sport", FT_PORT, "server port (sockets are not tracked yet)"),
    NA("fd.lport", FT_PORT, "local port (sockets are not tracked yet)"),
    NA("fd.rport", FT_PORT, "remote port (sockets are not tracked yet)"),
    NA("fd.net", FT_IPNET,
       "either end's network (filter only; sockets are not tracked yet)"),
    NA("fd.cnet", FT_IPNET, "client network (sockets are not tracked yet)"),
    NA("fd.snet", FT_IPNET, "server network (sockets are not tracked yet)"),
    NA("fd.lnet", FT_IPNET, "local network (sockets are not tracked yet)"),
    NA("fd.rnet", FT_IPNET, "remote network (sockets are not tracked yet)"),
    NA("fd.cip.name", FT_STRING,
       "domain name of the client address (sockets are not tracked yet)"),
    NA("fd.sip.name", FT_STRING,
       "domain name of the server address (sockets are not tracked yet)"),
    NA("fd.lip.name", FT_STRING,
       "domain name of the local address (sockets are not tracked yet)"),
    NA("fd.rip.name", FT_STRING,
       "domain name of the remote address (sockets are not tracked yet)"),
    NA("fd.proto", FT_STRING,
       "protocol name of either end (filter only; sockets are not tracked "
       "yet)"),
    NA("fd.cproto", FT_STRING,
       "protocol name of the client end (sockets are not tracked yet)"),
    NA("fd.sproto", FT_STRING,
       "protocol name of the server end (sockets are not tracked yet)"),
    NA("fd.lproto", FT_STRING,
       "protocol name of the local end (sockets are not tracked yet)"),
    NA("fd.rproto", FT_STRING,
       "protocol name of the remote end (sockets are not tracked yet)"),
    NA("fd.containername", FT_STRING,
       "container name and fd name joined (containers are not tracked yet)"),
    NA("fd.containerdirectory", FT_STRING,
       "container name and fd directory joined (containers are not tracked "
       "yet)"),
};

FIELD_CLASS(fd, "syscall", "the file descriptor the event concerns");
