/*
 * The engine's view of the system: threads, processes, fds, users,
 * containers. Each event passes state_event_before (find or build the
 * thread, resolve the fd, apply clone/exec/open), then the rules, then
 * state_event_after (drop what close and exit ended), so rules still see
 * what ended.
 */
#ifndef LNR_STATE_H
#define LNR_STATE_H

#include "evt_ctx.h"
#include "state_container.h"
#include "state_dns.h"
#include "state_fd.h"
#include "state_thread.h"
#include "state_user.h"

struct state {
	struct thread_table threads;
	struct fd_table fds;
	struct user_table users;
	struct container_table containers; /* empty until the engine sizes it */
	struct dns_table dns;		   /* the names the rules resolve */
	uint64_t events;
};

int state_init(struct state *st);
void state_free(struct state *st);

/* Points ctx at its thread, process and fd, updating the tables. */
void state_event_before(struct evt_ctx *ctx);
void state_event_after(struct evt_ctx *ctx);
/* The event is about fd of ctx->proc, as the fd table knows it. */
void state_fd_view(struct evt_ctx *ctx, int64_t fd);
/* The path of the event's fd as the kernel gave it (fchmod, fchown,
 * ftruncate), or NULL. */
const char *state_fd_kernel_path(const struct evt_ctx *ctx);
/* state_sock.c: sockets made, connected, accepted, bound and listening
 * enter the fd table with their protocol and ends, and a send or receive
 * gives a datagram socket its peer; the other socket calls are about
 * the fd they name. ctx->proc is set. */
void state_sock_event(struct evt_ctx *ctx);
/* A socket received over a unix socket enters the table, described by
 * recvmsg's entry r and named `name` when it is no IP socket. */
void state_sock_received(struct evt_ctx *ctx, const struct lnr_rfd *r,
			 const char *name);
/* state_scm.c: the fds a successful recvmsg received (SCM_RIGHTS) enter
 * the table of ctx->proc with their kind and name. */
void state_scm_event(struct evt_ctx *ctx);
/* state_anonfd.c: pipe, pipe2, eventfd, eventfd2, signalfd, signalfd4,
 * timerfd_create, inotify_init, inotify_init1, memfd_create, userfaultfd,
 * io_uring_setup and bpf add the fds they made, of their kind, and are
 * about the (first) one. ctx->proc is set. */
void state_anonfd_event(struct evt_ctx *ctx);
/* state_self.c: a successful chdir, fchdir, set*id, capset or prctl
 * PR_SET_NAME call changes the calling process's working directory,
 * ids, capabilities or name (ctx->proc). */
void state_self_change(struct evt_ctx *ctx);
/* state_rename.c: after a successful rename, renameat or renameat2,
 * the fds open on the old path (or below it) take the new one. */
void state_rename_after(struct evt_ctx *ctx);
/* Marks the event types the state is built from: the probe must emit
 * them whatever the rules ask. */
void state_evt_types(uint8_t set[LNR_EVT_COUNT]);
/* Those and every other type the state changes with when it comes:
 * leaving out some of their events would change what rules see. */
void state_evt_types_read(uint8_t set[LNR_EVT_COUNT]);
/* The types of the second kind alone: a socket's peer or role learned
 * from calls no rule may name (sendto, listen, ...). */
void state_evt_types_learns(uint8_t set[LNR_EVT_COUNT]);

/* Decodes a record into ctx, resets the arena and counts it. 0 or
 * -EINVAL with *why. */
int evt_ctx_begin(struct evt_ctx *ctx, struct state *st, const void *rec,
		  size_t len, const char **why);

/* Where an open-family event keeps what the state and the evt.is_open_*
 * fields read (LNR_PI_ constants; -1 when the event has no such
 * parameter). The descriptor is the return value. */
struct state_open_params {
	int8_t dirfd, name, flags, mode, dev, ino;
};

/* NULL when type is not an open. */
const struct state_open_params *state_open_params(enum lnr_evt_type type);

/* Absolute, normalised form of `path` against `base` (NULL: path as is),
 * written into out. Returns its length. */
size_t state_path_resolve(const char *base, const char *path, char *out,
			  size_t outlen);
/* The path the fd table has for fd of the event's process: a file's or
 * directory's absolute name. NULL when the fd is unknown, a socket, or
 * not named by a path (a pipe an fd snapshot found, say). */
const char *state_path_fd(const struct evt_ctx *ctx, int64_t fd);
/* The directory a relative `path` of this event is relative to: the
 * process's cwd when parameter dirfd_pi (an LNR_PI_ constant; negative:
 * the call takes none) is AT_FDCWD, else state_path_fd of that dirfd.
 * NULL when path is absolute or the directory is unknown. */
const char *state_path_base(const struct evt_ctx *ctx, int dirfd_pi,
			    const char *path);
/* `path` resolved against state_path_base in ctx's arena (as given when
 * relative to an unknown directory); NULL when the arena is full. */
const char *state_path_abs(struct evt_ctx *ctx, int dirfd_pi, const char *path);

#endif
