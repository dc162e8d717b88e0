/*
 * How each event changes the state: the thread and process it came from,
 * clone/exec/exit, fds opened, made (sockets, pipes and the like),
 * copied (dup family), marked close-on-exec and closed. Runs before the
 * rules see an event (state_event_before) and after (state_event_after),
 * so a closing fd or an exiting process is still visible to the rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>

#include "state.h"

#define CLOSE_RANGE_CLOEXEC_ (1u << 2) /* linux/close_range.h */

int state_init(struct state *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	err =
	    state_thread_init(&st->threads, STATE_THREADS_MAX, STATE_PROCS_MAX);
	if (err)
		return err;
	err = state_fd_init(&st->fds, STATE_FDS_MAX);
	if (err)
		state_thread_free(&st->threads);
	return err;
}

void state_free(struct state *st)
{
	state_fd_free(&st->fds);
	state_thread_free(&st->threads);
	state_dns_free(&st->dns);
}

int evt_ctx_begin(struct evt_ctx *ctx, struct state *st, const void *rec,
		  size_t len, const char **why)
{
	int err = lnr_evt_decode(rec, len, &ctx->evt, why);

	if (err)
		return err;
	/* An io_uring operation is handled as the syscall it stands for;
	 * evt.info keeps its own kind. */
	ctx->type = lnr_evt_twin(ctx->evt.hdr->type);
	ctx->num = ++st->events;
	ctx->st = st;
	ctx->thr = NULL;
	ctx->proc = NULL;
	memset(&ctx->fd, 0, sizeof(ctx->fd));
	ctx->scratch_used = 0;
	return 0;
}

/* Parameter i (an LNR_PI_ constant; negative: none), or dflt. */
static int64_t get_s64(const struct evt_ctx *ctx, int i, int64_t dflt)
{
	int64_t v;

	if (i < 0 || lnr_evt_get_s64(&ctx->evt, (unsigned)i, &v) < 0)
		return dflt;
	return v;
}

static int64_t get_ret(const struct evt_ctx *ctx)
{
	return get_s64(ctx, lnr_evt_ret_index(ctx->type), -1);
}

/* A parameter of the process description, or dflt. */
static int64_t get_proc(const struct evt_ctx *ctx, enum lnr_proc_pi i,
			int64_t dflt)
{
	int first = lnr_evt_proc_index(ctx->type);

	return first < 0 ? dflt : get_s64(ctx, first + (int)i, dflt);
}

static void use_thread(struct evt_ctx *ctx, struct sthread *thr)
{
	ctx->thr = thr;
	ctx->proc = thr ? state_thread_proc(&ctx->st->threads, thr) : NULL;
}

/* A record carrying LNR_PROC_PARAMS about thread tid of process pid. */
static struct sthread *proc_record(struct evt_ctx *ctx, uint32_t tid,
				   uint32_t pid)
{
	struct thread_table *t = &ctx->st->threads;
	struct sthread *thr = state_thread_get(t, tid, pid);
	int first = lnr_evt_proc_index(ctx->type);
	int64_t vtid = get_proc(ctx, LNR_PROC_PI_vtid, 0);

	if (!thr || first < 0)
		return thr;
	state_proc_fill(t, state_thread_proc(t, thr), &ctx->evt,
			(unsigned)first);
	if (vtid > 0)
		thr->vtid = (uint32_t)vtid;
	return thr;
}

static void on_snapshot(struct evt_ctx *ctx)
{
	int64_t tid = get_proc(ctx, LNR_PROC_PI_tid, ctx->evt.hdr->tid);
	int64_t pid = get_proc(ctx, LNR_PROC_PI_pid, ctx->evt.hdr->pid);

	use_thread(ctx, proc_record(ctx, (uint32_t)tid, (uint32_t)pid));
}

static void on_exec(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;

	if (get_ret(ctx) == 0) {
		use_thread(ctx, proc_record(ctx, h->tid, h->pid));
		/* The kernel closed them before the new program ran. */
		if (ctx->proc)
			state_fd_remove_cloexec(&ctx->st->fds, ctx->proc);
	} else
		use_thread(ctx,
			   state_thread_get(&ctx->st->threads, h->tid, h->pid));
}

static uint64_t clone_flags(const struct evt_ctx *ctx)
{
	switch (ctx->type) {
	case LNR_EVT_CLONE:
		return (uint64_t)get_s64(ctx, LNR_PI_CLONE_clone_flags, 0);
	case LNR_EVT_CLONE3:
		return (uint64_t)get_s64(ctx, LNR_PI_CLONE3_clone_flags, 0);
	default:
		return 0;
	}
}

/* The parent's view of a clone: the child may not have run yet, so it
 * gets an entry made from the parent's. */
static void clone_child_from_parent(struct evt_ctx *ctx, uint32_t child)
{
	struct thread_table *t = &ctx->st->threads;
	uint64_t flags = clone_flags(ctx);
	struct sthread *thr;
	struct sproc *cp;

	if (!ctx->proc || state_thread_find(t, child))
		return;
	if (flags & CLONE_THREAD) {
		state_thread_get(t, child, ctx->proc->pid);
		return;
	}
	thr = state_thread_get(t, child, child);
	cp = thr ? state_thread_proc(t, thr) : NULL;
	if (cp && ctx->proc && !cp->full)
		state_proc_inherit(t, cp, ctx->proc);
}

static void on_clone(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;
	int64_t res = get_ret(ctx);

	if (res == 0) {
		int64_t tid = get_proc(ctx, LNR_PROC_PI_tid, h->tid);
		int64_t pid = get_proc(ctx, LNR_PROC_PI_pid, h->pid);

		use_thread(ctx, proc_record(ctx, (uint32_t)tid, (uint32_t)pid));
		return;
	}
	if (res < 0) {
		use_thread(ctx,
			   state_thread_get(&ctx->st->threads, h->tid, h->pid));
		return;
	}
	use_thread(ctx, proc_record(ctx, h->tid, h->pid));
	clone_child_from_parent(ctx, (uint32_t)res);
}

#define OPEN_PARAMS(ID, dirfd, flags)                                          \
	[LNR_EVT_##ID] = {dirfd,                                               \
			  LNR_PI_##ID##_name,                                  \
			  flags,                                               \
			  LNR_PI_##ID##_mode,                                  \
			  LNR_PI_##ID##_dev,                                   \
			  LNR_PI_##ID##_ino}

static const struct state_open_params open_params[LNR_EVT_COUNT] = {
    OPEN_PARAMS(OPEN, -1, LNR_PI_OPEN_flags),
    OPEN_PARAMS(OPENAT, LNR_PI_OPENAT_dirfd, LNR_PI_OPENAT_flags),
    OPEN_PARAMS(OPENAT2, LNR_PI_OPENAT2_dirfd, LNR_PI_OPENAT2_flags),
    OPEN_PARAMS(CREAT, -1, -1),
};

/* Every type state_event and state_event_after act on, besides the
 * synthetic snapshot and drop records, which always arrive. */
static const uint16_t state_types[] = {
    LNR_EVT_EXECVE,	  LNR_EVT_EXECVEAT,	  LNR_EVT_CLONE,
    LNR_EVT_CLONE3,	  LNR_EVT_FORK,		  LNR_EVT_VFORK,
    LNR_EVT_OPEN,	  LNR_EVT_OPENAT,	  LNR_EVT_OPENAT2,
    LNR_EVT_CREAT,	  LNR_EVT_CLOSE,	  LNR_EVT_PROCEXIT,
    LNR_EVT_CHDIR,	  LNR_EVT_FCHDIR,	  LNR_EVT_SETUID,
    LNR_EVT_SETGID,	  LNR_EVT_SETREUID,	  LNR_EVT_SETREGID,
    LNR_EVT_SETRESUID,	  LNR_EVT_SETRESGID,	  LNR_EVT_DUP,
    LNR_EVT_DUP2,	  LNR_EVT_DUP3,		  LNR_EVT_FCNTL,
    LNR_EVT_CLOSE_RANGE,  LNR_EVT_SOCKET,	  LNR_EVT_SOCKETPAIR,
    LNR_EVT_CONNECT,	  LNR_EVT_ACCEPT,	  LNR_EVT_ACCEPT4,
    LNR_EVT_BIND,	  LNR_EVT_CAPSET,	  LNR_EVT_PIPE,
    LNR_EVT_PIPE2,	  LNR_EVT_EVENTFD,	  LNR_EVT_EVENTFD2,
    LNR_EVT_SIGNALFD,	  LNR_EVT_SIGNALFD4,	  LNR_EVT_TIMERFD_CREATE,
    LNR_EVT_INOTIFY_INIT, LNR_EVT_INOTIFY_INIT1,  LNR_EVT_MEMFD_CREATE,
    LNR_EVT_USERFAULTFD,  LNR_EVT_IO_URING_SETUP, LNR_EVT_BPF,
    LNR_EVT_PRCTL,	  LNR_EVT_RECVMSG,	  LNR_EVT_RENAME,
    LNR_EVT_RENAMEAT,	  LNR_EVT_RENAMEAT2,
};

/* Types the state learns from when a rule has them emitted (a socket's
 * addresses), without needing them. */
static const uint16_t state_extra_types[] = {
    LNR_EVT_LISTEN,  LNR_EVT_SHUTDOWN, LNR_EVT_SENDTO,
    LNR_EVT_SENDMSG, LNR_EVT_RECVFROM, LNR_EVT_GETSOCKOPT,
};

void state_evt_types(uint8_t set[LNR_EVT_COUNT])
{
	for (size_t i = 0; i < sizeof(state_types) / sizeof(*state_types); i++)
		set[state_types[i]] = 1;
}

void state_evt_types_read(uint8_t set[LNR_EVT_COUNT])
{
	state_evt_types(set);
	for (size_t i = 0;
	     i < sizeof(state_extra_types) / sizeof(*state_extra_types); i++)
		set[state_extra_types[i]] = 1;
}

const struct state_open_params *state_open_params(enum lnr_evt_type type)
{
	switch (type) {
	case LNR_EVT_OPEN:
	case LNR_EVT_OPENAT:
	case LNR_EVT_OPENAT2:
	case LNR_EVT_CREAT:
		return &open_params[type];
	default:
		return NULL;
	}
}

static void fd_view(struct evt_ctx *ctx, int64_t num, const char *name,
		    const char *raw, uint32_t flags, uint32_t dev, uint64_t ino)
{
	ctx->fd.valid = true;
	ctx->fd.num = num;
	ctx->fd.name = name;
	ctx->fd.nameraw = raw;
	ctx->fd.flags = flags;
	ctx->fd.dev = dev;
	ctx->fd.ino = ino;
	ctx->fd.kind = state_fd_open_kind(flags);
	memset(&ctx->fd.sock, 0, sizeof(ctx->fd.sock));
}

static void on_open(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;
	const struct state_open_params *op = &open_params[ctx->type];
	const char *raw = lnr_evt_get_str(&ctx->evt, (unsigned)op->name);
	int64_t fd = get_ret(ctx);
	uint32_t flags, dev = (uint32_t)get_s64(ctx, op->dev, 0);
	uint64_t ino = (uint64_t)get_s64(ctx, op->ino, 0);
	const char *abs;

	use_thread(ctx, state_thread_get(&ctx->st->threads, h->tid, h->pid));
	if (!raw)
		return;
	flags = ctx->type == LNR_EVT_CREAT
		    ? O_CREAT | O_WRONLY | O_TRUNC
		    : (uint32_t)get_s64(ctx, op->flags, 0);
	abs = state_path_abs(ctx, op->dirfd, raw);
	if (!abs)
		return;
	fd_view(ctx, fd, abs, raw, flags, dev, ino);
	/* A new fd has a name it had not, as libsinsp sees it. */
	ctx->fd.name_changed = fd >= 0 && abs[0];
	if (fd >= 0 && ctx->proc)
		state_fd_add(&ctx->st->fds, ctx->proc, fd, abs, flags, dev,
			     ino);
}

void state_fd_view(struct evt_ctx *ctx, int64_t fd)
{
	struct sfd *f;

	if (!ctx->proc)
		return;
	f = state_fd_find(&ctx->st->fds, ctx->proc->pid, fd);
	if (!f)
		return;
	fd_view(ctx, f->fd, f->name, NULL, f->flags, f->dev, f->ino);
	ctx->fd.kind = f->kind;
	ctx->fd.sock = f->sock;
}

/*
 * The fd of fchmod, fchown or ftruncate. One whose open the probe did not
 * record (no rule could match it) is seen through the path the kernel
 * gave with the event; the table is left alone, since the probe leaves
 * the close of such an fd out too.
 */
static void fd_view_or_kernel(struct evt_ctx *ctx)
{
	int64_t fd = get_s64(ctx, lnr_evt_param_index(ctx->type, "fd"), -1);
	const char *path = state_fd_kernel_path(ctx);

	state_fd_view(ctx, fd);
	if (!ctx->fd.valid && fd >= 0 && path)
		fd_view(ctx, fd, path, NULL, 0, 0, 0);
}

const char *state_fd_kernel_path(const struct evt_ctx *ctx)
{
	int pi = lnr_evt_param_index(ctx->type, "fdpath");
	const char *path =
	    pi < 0 ? NULL : lnr_evt_get_str(&ctx->evt, (unsigned)pi);

	return path && path[0] == '/' ? path : NULL;
}

static void on_close(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;

	use_thread(ctx, state_thread_get(&ctx->st->threads, h->tid, h->pid));
	state_fd_view(ctx, get_s64(ctx, LNR_PI_CLOSE_fd, -1));
}

/* The fd a dup-like call copies; -1 for an fcntl that copies none. */
static int64_t dup_oldfd(struct evt_ctx *ctx)
{
	int64_t cmd;

	switch (ctx->type) {
	case LNR_EVT_DUP:
		return get_s64(ctx, LNR_PI_DUP_oldfd, -1);
	case LNR_EVT_DUP2:
		return get_s64(ctx, LNR_PI_DUP2_oldfd, -1);
	case LNR_EVT_DUP3:
		return get_s64(ctx, LNR_PI_DUP3_oldfd, -1);
	default:
		cmd = get_s64(ctx, LNR_PI_FCNTL_cmd, -1);
		return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC
			   ? get_s64(ctx, LNR_PI_FCNTL_fd, -1)
			   : -1;
	}
}

/* Rules see the fd being copied, or the one fcntl works on. */
static void on_dup(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;

	use_thread(ctx, state_thread_get(&ctx->st->threads, h->tid, h->pid));
	state_fd_view(ctx, ctx->type == LNR_EVT_FCNTL
			       ? get_s64(ctx, LNR_PI_FCNTL_fd, -1)
			       : dup_oldfd(ctx));
}

/*
 * The new fd names what the old one did, close-on-exec only when the
 * call asked. Whatever the new number named before is gone (dup2 and
 * dup3 close it), and unknown when the old fd was not in the table.
 */
static void dup_after(struct state *st, struct evt_ctx *ctx)
{
	int64_t oldfd = dup_oldfd(ctx), newfd = get_ret(ctx);
	uint32_t cloexec = 0;
	struct sfd *f, *n;

	if (!ctx->proc || oldfd < 0 || newfd < 0 || newfd == oldfd)
		return;
	f = state_fd_find(&st->fds, ctx->proc->pid, oldfd);
	if (!f) {
		state_fd_remove(&st->fds, ctx->proc, newfd);
		return;
	}
	if (ctx->type == LNR_EVT_DUP3)
		cloexec = (uint32_t)get_s64(ctx, LNR_PI_DUP3_flags, 0);
	else if (ctx->type == LNR_EVT_FCNTL &&
		 get_s64(ctx, LNR_PI_FCNTL_cmd, -1) == F_DUPFD_CLOEXEC)
		cloexec = O_CLOEXEC;
	n = state_fd_add(&st->fds, ctx->proc, newfd, f->name,
			 (f->flags & ~(uint32_t)O_CLOEXEC) |
			     (cloexec & O_CLOEXEC),
			 f->dev, f->ino);
	if (n) { /* a socket, pipe or memfd stays one */
		n->kind = f->kind;
		n->sock = f->sock;
	}
}

/* fcntl: F_SETFD sets or clears close-on-exec; F_DUPFD copies. */
static void fcntl_after(struct state *st, struct evt_ctx *ctx)
{
	struct sfd *f = NULL;

	if (get_s64(ctx, LNR_PI_FCNTL_cmd, -1) != F_SETFD) {
		dup_after(st, ctx);
		return;
	}
	if (ctx->proc && get_ret(ctx) == 0)
		f = state_fd_find(&st->fds, ctx->proc->pid,
				  get_s64(ctx, LNR_PI_FCNTL_fd, -1));
	if (!f)
		return;
	if (get_s64(ctx, LNR_PI_FCNTL_arg, 0) & FD_CLOEXEC)
		f->flags |= O_CLOEXEC;
	else
		f->flags &= ~(uint32_t)O_CLOEXEC;
}

/* close_range closes its range, or marks it close-on-exec. */
static void close_range_after(struct state *st, struct evt_ctx *ctx)
{
	uint64_t flags = (uint64_t)get_s64(ctx, LNR_PI_CLOSE_RANGE_flags, 0);
	uint32_t first = (uint32_t)get_s64(ctx, LNR_PI_CLOSE_RANGE_first, 0);
	uint32_t last = (uint32_t)get_s64(ctx, LNR_PI_CLOSE_RANGE_last, 0);

	if (!ctx->proc || get_ret(ctx) != 0)
		return;
	if (flags & CLOSE_RANGE_CLOEXEC_)
		state_fd_cloexec_range(&st->fds, ctx->proc, first, last);
	else
		state_fd_remove_range(&st->fds, ctx->proc, first, last);
}

static void on_fd_snapshot(struct evt_ctx *ctx)
{
	int64_t pid = get_s64(ctx, LNR_PI_FD_SNAPSHOT_pid, ctx->evt.hdr->pid);
	int64_t fd = get_s64(ctx, LNR_PI_FD_SNAPSHOT_fd, -1);
	const char *name = lnr_evt_get_str(&ctx->evt, LNR_PI_FD_SNAPSHOT_name);
	struct sthread *thr;
	struct sfd *f;

	thr = state_thread_find(&ctx->st->threads, (uint32_t)pid);
	if (!thr)
		thr = state_thread_get(&ctx->st->threads, (uint32_t)pid,
				       (uint32_t)pid);
	use_thread(ctx, thr);
	if (!ctx->proc || !name || fd < 0)
		return;
	f = state_fd_add(&ctx->st->fds, ctx->proc, fd, name,
			 (uint32_t)get_s64(ctx, LNR_PI_FD_SNAPSHOT_flags, 0),
			 (uint32_t)get_s64(ctx, LNR_PI_FD_SNAPSHOT_dev, 0),
			 (uint64_t)get_s64(ctx, LNR_PI_FD_SNAPSHOT_ino, 0));
	/* /proc names a memfd "/memfd:NAME (deleted)"; libsinsp keeps
	 * that name and calls it a memfd. */
	if (f && strncmp(name, "/memfd:", 7) == 0)
		f->kind = SFD_MEMFD;
	state_fd_view(ctx, fd);
}

void state_event_before(struct state *st, struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;

	switch (ctx->type) {
	case LNR_EVT_PROC_SNAPSHOT:
		on_snapshot(ctx);
		break;
	case LNR_EVT_EXECVE:
	case LNR_EVT_EXECVEAT:
		on_exec(ctx);
		break;
	case LNR_EVT_CLONE:
	case LNR_EVT_CLONE3:
	case LNR_EVT_FORK:
	case LNR_EVT_VFORK:
		on_clone(ctx);
		break;
	case LNR_EVT_OPEN:
	case LNR_EVT_OPENAT:
	case LNR_EVT_OPENAT2:
	case LNR_EVT_CREAT:
		on_open(ctx);
		break;
	case LNR_EVT_CLOSE:
		on_close(ctx);
		break;
	case LNR_EVT_FD_SNAPSHOT:
		on_fd_snapshot(ctx);
		break;
	case LNR_EVT_CHDIR:
	case LNR_EVT_FCHDIR:
	case LNR_EVT_CAPSET:
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		state_self_change(ctx);
		break;
	case LNR_EVT_SETUID:
	case LNR_EVT_SETGID:
	case LNR_EVT_SETREUID:
	case LNR_EVT_SETREGID:
	case LNR_EVT_SETRESUID:
	case LNR_EVT_SETRESGID:
	case LNR_EVT_PRCTL:
		/* The ids and the name change after the rules: user.* is
		 * who made the call, as Falco shows it on the call's entry,
		 * and a prctl that renames a process shows the old name. */
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		break;
	case LNR_EVT_DUP:
	case LNR_EVT_DUP2:
	case LNR_EVT_DUP3:
	case LNR_EVT_FCNTL:
		on_dup(ctx);
		break;
	case LNR_EVT_SOCKET:
	case LNR_EVT_SOCKETPAIR:
	case LNR_EVT_CONNECT:
	case LNR_EVT_ACCEPT:
	case LNR_EVT_ACCEPT4:
	case LNR_EVT_BIND:
	case LNR_EVT_LISTEN:
	case LNR_EVT_SHUTDOWN:
	case LNR_EVT_SENDTO:
	case LNR_EVT_SENDMSG:
	case LNR_EVT_RECVFROM:
	case LNR_EVT_GETSOCKOPT:
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		state_sock_event(ctx);
		break;
	case LNR_EVT_RECVMSG:
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		state_sock_event(ctx);
		state_scm_event(ctx); /* the fds it received */
		break;
	case LNR_EVT_PIPE:
	case LNR_EVT_PIPE2:
	case LNR_EVT_EVENTFD:
	case LNR_EVT_EVENTFD2:
	case LNR_EVT_SIGNALFD:
	case LNR_EVT_SIGNALFD4:
	case LNR_EVT_TIMERFD_CREATE:
	case LNR_EVT_INOTIFY_INIT:
	case LNR_EVT_INOTIFY_INIT1:
	case LNR_EVT_MEMFD_CREATE:
	case LNR_EVT_USERFAULTFD:
	case LNR_EVT_IO_URING_SETUP:
	case LNR_EVT_BPF:
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		state_anonfd_event(ctx);
		break;
	case LNR_EVT_READ:
	case LNR_EVT_WRITE:
	case LNR_EVT_PREAD64:
	case LNR_EVT_PWRITE64:
	case LNR_EVT_READV:
	case LNR_EVT_WRITEV:
		/* Read only: fd.* are about the fd the call moved data on. */
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		state_fd_view(
		    ctx,
		    get_s64(ctx, lnr_evt_param_index(ctx->type, "fd"), -1));
		break;
	case LNR_EVT_FCHMOD:
	case LNR_EVT_FCHOWN:
	case LNR_EVT_FTRUNCATE:
	case LNR_EVT_IOU_FTRUNCATE:
		use_thread(ctx, state_thread_get(&st->threads, h->tid, h->pid));
		fd_view_or_kernel(ctx);
		break;
	case LNR_EVT_DROP:
		break;
	default:
		if (h->tid)
			use_thread(ctx, state_thread_get(&st->threads, h->tid,
							 h->pid));
		break;
	}
}

/* The thread goes; children it made are adopted by its process, or by
 * the reaper the kernel named when the whole process is gone. */
static void on_exit(struct state *st, struct evt_ctx *ctx)
{
	uint32_t tid = ctx->evt.hdr->tid, pid = ctx->evt.hdr->pid;
	int64_t reaper = get_s64(ctx, LNR_PI_PROCEXIT_reaper_tid, 1);
	struct sproc *p = state_thread_remove(&st->threads, tid);

	if (reaper <= 0 || reaper == pid || reaper == tid)
		reaper = 1;
	if (!p) {
		if (tid != pid)
			state_proc_reparent(&st->threads, tid, pid);
		return;
	}
	state_proc_reparent(&st->threads, p->pid, (uint32_t)reaper);
	if (tid != p->pid)
		state_proc_reparent(&st->threads, tid, (uint32_t)reaper);
	state_fd_remove_all(&st->fds, p);
	state_proc_remove(&st->threads, p);
}

void state_event_after(struct state *st, struct evt_ctx *ctx)
{
	switch (ctx->type) {
	case LNR_EVT_CLOSE:
		if (ctx->proc && get_ret(ctx) == 0)
			state_fd_remove(&st->fds, ctx->proc,
					get_s64(ctx, LNR_PI_CLOSE_fd, -1));
		break;
	case LNR_EVT_PROCEXIT:
		on_exit(st, ctx);
		break;
	case LNR_EVT_DUP:
	case LNR_EVT_DUP2:
	case LNR_EVT_DUP3:
		dup_after(st, ctx);
		break;
	case LNR_EVT_FCNTL:
		fcntl_after(st, ctx);
		break;
	case LNR_EVT_CLOSE_RANGE:
		close_range_after(st, ctx);
		break;
	case LNR_EVT_SETUID:
	case LNR_EVT_SETGID:
	case LNR_EVT_SETREUID:
	case LNR_EVT_SETREGID:
	case LNR_EVT_SETRESUID:
	case LNR_EVT_SETRESGID:
	case LNR_EVT_PRCTL:
		state_self_change(ctx);
		break;
	case LNR_EVT_RENAME:
	case LNR_EVT_RENAMEAT:
	case LNR_EVT_RENAMEAT2:
		state_rename_after(ctx);
		break;
	default:
		break;
	}
	ctx->thr = NULL;
	ctx->proc = NULL;
}
