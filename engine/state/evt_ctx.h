/*
 * The event being evaluated: the decoded record, the thread, process and
 * fd it concerns, and a scratch arena for strings fields build on the fly
 * (proc.cmdline, resolved paths). The arena is reset per event, so field
 * extraction never allocates.
 */
#ifndef LNR_EVT_CTX_H
#define LNR_EVT_CTX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

struct state;
struct sthread;
struct sproc;

#define EVT_CTX_SCRATCH (64 * 1024)

/* The fd an event is about: for opens the file just opened (even when
 * the open failed), for close and fd snapshots the table entry. */
/* A socket's protocol and ends: end[0] the client, end[1] the server, as
 * the tuple of connect, accept or the last send or receive that changed
 * them gave them; a socket bound to an IP address and port has end[1]
 * alone, its own. */
struct fd_end {
	uint8_t addr[16];
	uint16_t port;
};
struct fd_sock {
	uint8_t family;	   /* AF_INET, AF_INET6, AF_UNIX; 0: not a socket */
	uint8_t l4proto;   /* IPPROTO_TCP, IPPROTO_UDP, ...; 0 unknown */
	uint8_t role;	   /* FD_SOCK_CLIENT or FD_SOCK_SERVER, 0 unknown */
	uint8_t nends;	   /* 2 once it has a tuple, 1 once bound */
	uint8_t connected; /* connect or accept gave it its tuple */
	struct fd_end end[2];
};
#define FD_SOCK_CLIENT 1
#define FD_SOCK_SERVER 2

/* What an fd is: SFD_FILE, SFD_PIPE, SFD_IPV4... (state_fd_kind.def). */
enum sfd_kind {
#define SFD_KIND(id, name, letter) SFD_##id,
#include "state_fd_kind.def"
#undef SFD_KIND
	SFD_KIND_COUNT
};

struct evt_fd {
	bool valid;
	enum sfd_kind kind;
	struct fd_sock sock;
	int64_t num;	/* fd number, or the failed open's -errno */
	uint32_t flags; /* open flags; O_CLOEXEC alone for the other kinds */
	uint32_t dev;
	uint64_t ino;
	const char *name;    /* absolute, normalised */
	const char *nameraw; /* as the syscall got it (opens only) */
	bool name_changed;   /* the event gave the fd this name */
};

struct evt_ctx {
	struct lnr_evt evt;
	enum lnr_evt_type type;
	uint64_t num; /* events seen, 1-based */
	const char *hostname;
	struct state *st;
	struct sthread *thr; /* never NULL once the state saw the event */
	struct sproc *proc;
	struct evt_fd fd;
	const void *source_data; /* non-syscall sources (k8s audit JSON) */
	size_t source_len;
	size_t scratch_used;
	char scratch[EVT_CTX_SCRATCH];
};

/* Room for n bytes in the per-event arena, or NULL when it is full. */
static inline char *evt_ctx_alloc(struct evt_ctx *ctx, size_t n)
{
	char *p;

	if (n > sizeof(ctx->scratch) - ctx->scratch_used)
		return NULL;
	p = ctx->scratch + ctx->scratch_used;
	ctx->scratch_used += n;
	return p;
}

/* Formats into the arena; truncates to what is left, NULL if nothing. */
static inline __attribute__((format(printf, 3, 4))) const char *
evt_ctx_printf(struct evt_ctx *ctx, size_t *len, const char *fmt, ...)
{
	size_t room = sizeof(ctx->scratch) - ctx->scratch_used;
	char *p = ctx->scratch + ctx->scratch_used;
	va_list ap;
	int n;

	if (room == 0)
		return NULL;
	va_start(ap, fmt);
	n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if ((size_t)n >= room)
		n = (int)room - 1;
	ctx->scratch_used += (size_t)n + 1;
	if (len)
		*len = (size_t)n;
	return p;
}

#endif
