/*
 * fds that are neither files nor sockets, added as libsinsp's parsers add
 * them: pipe and pipe2 both ends, sharing the pipe's inode; eventfd,
 * signalfd, timerfd_create, inotify_init, memfd_create, userfaultfd,
 * io_uring_setup and bpf the fd they return. Only a memfd has a name, the
 * one its caller gave. Close-on-exec is kept where the call asked for it,
 * or where the kernel always sets it (io_uring and bpf fds), so an exec
 * drops those fds as the kernel does.
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "state.h"
#include "state_fd.h"

/* Newer than the system headers: linux/io_uring.h, linux/bpf.h. */
#define IORING_SETUP_REGISTERED_FD_ONLY_ (1u << 15)
#define BPF_TOKEN_CREATE_ 36

/* The kernel sets close-on-exec whatever the call's flags. */
#define CLOEXEC_ALWAYS UINT32_MAX

struct anonfd_call {
	enum lnr_evt_type type;
	enum sfd_kind kind;
	int fd;		  /* LNR_PI_ of the new fd */
	int flags;	  /* LNR_PI_ of the call's flags; -1: none */
	uint32_t cloexec; /* the flag that asks for close-on-exec */
};

#define CALL(ID, kind, fd, flags, cloexec)                                     \
	{                                                                      \
		LNR_EVT_##ID, SFD_##kind, LNR_PI_##ID##_##fd, flags, cloexec   \
	}

static const struct anonfd_call calls[] = {
    CALL(PIPE, PIPE, fd1, -1, 0),
    CALL(PIPE2, PIPE, fd1, LNR_PI_PIPE2_flags, O_CLOEXEC),
    CALL(EVENTFD, EVENT, res, -1, 0),
    CALL(EVENTFD2, EVENT, res, LNR_PI_EVENTFD2_flags, EFD_CLOEXEC),
    CALL(SIGNALFD, SIGNALFD, res, -1, 0),
    CALL(SIGNALFD4, SIGNALFD, res, LNR_PI_SIGNALFD4_flags, SFD_CLOEXEC),
    CALL(TIMERFD_CREATE, TIMERFD, res, LNR_PI_TIMERFD_CREATE_flags,
	 TFD_CLOEXEC),
    CALL(INOTIFY_INIT, INOTIFY, res, -1, 0),
    CALL(INOTIFY_INIT1, INOTIFY, res, LNR_PI_INOTIFY_INIT1_flags, IN_CLOEXEC),
    CALL(MEMFD_CREATE, MEMFD, fd, LNR_PI_MEMFD_CREATE_flags, MFD_CLOEXEC),
    CALL(USERFAULTFD, USERFAULTFD, res, LNR_PI_USERFAULTFD_flags, O_CLOEXEC),
    CALL(IO_URING_SETUP, IO_URING, res, -1, CLOEXEC_ALWAYS),
    CALL(BPF, BPF, fd, -1, CLOEXEC_ALWAYS),
};

static int64_t num(const struct evt_ctx *ctx, int i, int64_t dflt)
{
	int64_t v;

	if (i < 0 || lnr_evt_get_s64(&ctx->evt, (unsigned)i, &v) < 0)
		return dflt;
	return v;
}

static const struct anonfd_call *find_call(enum lnr_evt_type type)
{
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (calls[i].type == type)
			return &calls[i];
	return NULL;
}

/* The bpf commands whose result is a new fd (a map, program, link, BTF
 * object, iterator, statistics or token); the others return 0 or a
 * count. libsinsp takes any result for an fd. */
static bool bpf_makes_fd(int64_t cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE:
	case BPF_PROG_LOAD:
	case BPF_OBJ_GET:
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_RAW_TRACEPOINT_OPEN:
	case BPF_BTF_LOAD:
	case BPF_BTF_GET_FD_BY_ID:
	case BPF_LINK_CREATE:
	case BPF_LINK_GET_FD_BY_ID:
	case BPF_ENABLE_STATS:
	case BPF_ITER_CREATE:
	case BPF_TOKEN_CREATE_:
		return true;
	default:
		return false;
	}
}

/* Whether the call made the fd its result names. */
static bool made_fd(const struct evt_ctx *ctx)
{
	switch (ctx->type) {
	case LNR_EVT_PIPE:
	case LNR_EVT_PIPE2:
		return num(ctx, lnr_evt_ret_index(ctx->type), -1) == 0;
	case LNR_EVT_BPF:
		return bpf_makes_fd(num(ctx, LNR_PI_BPF_cmd, -1));
	case LNR_EVT_IO_URING_SETUP: /* the result is a registered ring */
		return !(num(ctx, LNR_PI_IO_URING_SETUP_flags, 0) &
			 IORING_SETUP_REGISTERED_FD_ONLY_);
	default:
		return true;
	}
}

/* signalfd and signalfd4 given a signalfd change its mask: the fd stays
 * as it was made, close-on-exec or not. */
static bool mask_change(const struct evt_ctx *ctx, int64_t fd)
{
	const struct sfd *f;
	int arg;

	if (ctx->type != LNR_EVT_SIGNALFD && ctx->type != LNR_EVT_SIGNALFD4)
		return false;
	arg = ctx->type == LNR_EVT_SIGNALFD ? LNR_PI_SIGNALFD_fd
					    : LNR_PI_SIGNALFD4_fd;
	if (num(ctx, arg, -1) < 0)
		return false;
	f = state_fd_find(&ctx->st->fds, ctx->proc->pid, fd);
	return f && f->kind == SFD_SIGNALFD;
}

static uint32_t open_flags(const struct evt_ctx *ctx,
			   const struct anonfd_call *c)
{
	uint64_t flags = (uint64_t)num(ctx, c->flags, 0);

	if (c->cloexec == CLOEXEC_ALWAYS || (flags & c->cloexec))
		return O_CLOEXEC;
	return 0;
}

static void add(struct evt_ctx *ctx, const struct anonfd_call *c, int64_t fd,
		const char *name, uint32_t dev, uint64_t ino)
{
	struct sfd *f = state_fd_add(&ctx->st->fds, ctx->proc, fd, name,
				     open_flags(ctx, c), dev, ino);

	if (f)
		f->kind = c->kind;
}

_Static_assert((int)LNR_PI_PIPE_fd2 == (int)LNR_PI_PIPE2_fd2 &&
		   (int)LNR_PI_PIPE_dev == (int)LNR_PI_PIPE2_dev &&
		   (int)LNR_PI_PIPE_ino == (int)LNR_PI_PIPE2_ino,
	       "pipe2's record is pipe's with the flags after");

/* Both ends of a pipe share its device and inode. */
static void add_pipe(struct evt_ctx *ctx, const struct anonfd_call *c,
		     int64_t fd1)
{
	int64_t fd2 = num(ctx, LNR_PI_PIPE_fd2, -1);
	uint32_t dev = (uint32_t)num(ctx, LNR_PI_PIPE_dev, 0);
	uint64_t ino = (uint64_t)num(ctx, LNR_PI_PIPE_ino, 0);

	add(ctx, c, fd1, "", dev, ino);
	if (fd2 >= 0)
		add(ctx, c, fd2, "", dev, ino);
}

void state_anonfd_event(struct evt_ctx *ctx)
{
	const struct anonfd_call *c = find_call(ctx->type);
	int64_t fd = c ? num(ctx, c->fd, -1) : -1;
	const char *name;

	if (!ctx->proc || fd < 0 || !made_fd(ctx))
		return;
	if (c->kind == SFD_PIPE) {
		add_pipe(ctx, c, fd);
	} else if (c->kind == SFD_MEMFD) {
		name = lnr_evt_get_str(&ctx->evt, LNR_PI_MEMFD_CREATE_name);
		add(ctx, c, fd, name ? name : "", 0, 0);
	} else if (!mask_change(ctx, fd)) {
		add(ctx, c, fd, "", 0, 0);
	}
	/* Rules see the new fd; a pipe's read end. */
	state_fd_view(ctx, fd);
}
