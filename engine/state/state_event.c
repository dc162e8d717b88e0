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

/* The event's own thread, found or made. */
static void on_own_thread(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;

	use_thread(ctx, state_thread_get(&ctx->st->threads, h->tid, h->pid));
}

/* The same, for a type whose records may name no thread (tid 0). */
static void on_thread(struct evt_ctx *ctx)
{
	if (ctx->evt.hdr->tid)
		on_own_thread(ctx);
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
		on_own_thread(ctx);
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

/* A new process's fds: copies of its parent's, as the kernel made them,
 * once, before any of its own (whichever clone record comes first). */
static void clone_fds(struct evt_ctx *ctx, struct sproc *child,
		      const struct sproc *parent)
{
	if (child && parent && child != parent && child->nfds == 0)
		state_fd_copy_all(&ctx->st->fds, child, parent);
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
	clone_fds(ctx, cp, ctx->proc);
}

static void on_clone(struct evt_ctx *ctx)
{
	const struct lnr_evt_hdr *h = ctx->evt.hdr;
	int64_t res = get_ret(ctx);

	if (res == 0) {
		int64_t tid = get_proc(ctx, LNR_PROC_PI_tid, h->tid);
		int64_t pid = get_proc(ctx, LNR_PROC_PI_pid, h->pid);
		int64_t ppid = get_proc(ctx, LNR_PROC_PI_ptid, 0);

		use_thread(ctx, proc_record(ctx, (uint32_t)tid, (uint32_t)pid));
		if (tid == pid && ppid > 0)
			clone_fds(
			    ctx, ctx->proc,
			    state_proc_find(&ctx->st->threads, (uint32_t)ppid));
		return;
	}
	if (res < 0) {
		on_own_thread(ctx);
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
	const struct state_open_params *op = &open_params[ctx->type];
	const char *raw = lnr_evt_get_str(&ctx->evt, (unsigned)op->name);
	int64_t fd = get_ret(ctx);
	uint32_t flags, dev = (uint32_t)get_s64(ctx, op->dev, 0);
	uint64_t ino = (uint64_t)get_s64(ctx, op->ino, 0);
	const char *abs;

	on_own_thread(ctx);
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
	on_own_thread(ctx);
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
	on_own_thread(ctx);
	state_fd_view(ctx, ctx->type == LNR_EVT_FCNTL
			       ? get_s64(ctx, LNR_PI_FCNTL_fd, -1)
			       : dup_oldfd(ctx));
}

/*
 * The new fd names what the old one did, close-on-exec only when the
 * call asked. Whatever the new number named before is gone (dup2 and
 * dup3 close it), and unknown when the old fd was not in the table.
 */
static void dup_after(struct evt_ctx *ctx)
{
	struct state *st = ctx->st;
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
static void fcntl_after(struct evt_ctx *ctx)
{
	struct state *st = ctx->st;
	struct sfd *f = NULL;

	if (get_s64(ctx, LNR_PI_FCNTL_cmd, -1) != F_SETFD) {
		dup_after(ctx);
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
static void close_range_after(struct evt_ctx *ctx)
{
	struct state *st = ctx->st;
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
	uint32_t dev = (uint32_t)get_s64(ctx, LNR_PI_FD_SNAPSHOT_dev, 0);
	uint64_t ino = (uint64_t)get_s64(ctx, LNR_PI_FD_SNAPSHOT_ino, 0);
	struct sthread *thr;
	struct sfd *f;

	thr = state_thread_find(&ctx->st->threads, (uint32_t)pid);
	if (!thr)
		thr = state_thread_get(&ctx->st->threads, (uint32_t)pid,
				       (uint32_t)pid);
	use_thread(ctx, thr);
	if (!ctx->proc || !name || fd < 0)
		return;
	/* After a filter change the probe reports every file open: one
	 * the table has from its open keeps the name it was opened by. */
	f = state_fd_find(&ctx->st->fds, ctx->proc->pid, fd);
	if (f && ino && f->dev == dev && f->ino == ino) {
		state_fd_view(ctx, fd);
		return;
	}
	f = state_fd_add(&ctx->st->fds, ctx->proc, fd, name,
			 (uint32_t)get_s64(ctx, LNR_PI_FD_SNAPSHOT_flags, 0),
			 dev, ino);
	/* /proc names a memfd "/memfd:NAME (deleted)"; libsinsp keeps
	 * that name and calls it a memfd. */
	if (f && strncmp(name, "/memfd:", 7) == 0)
		f->kind = SFD_MEMFD;
	state_fd_view(ctx, fd);
}

/* chdir, fchdir, capset: the thread's cwd or capabilities change before
 * the rules. */
static void on_self_change(struct evt_ctx *ctx)
{
	on_own_thread(ctx);
	state_self_change(ctx);
}

static void on_sock(struct evt_ctx *ctx)
{
	on_own_thread(ctx);
	state_sock_event(ctx);
}

static void on_recvmsg(struct evt_ctx *ctx)
{
	on_sock(ctx);
	state_scm_event(ctx); /* the fds it received */
}

static void on_anonfd(struct evt_ctx *ctx)
{
	on_own_thread(ctx);
	state_anonfd_event(ctx);
}

/* Reads and writes: fd.* are about the fd the call moved data on. */
static void on_io(struct evt_ctx *ctx)
{
	on_own_thread(ctx);
	state_fd_view(ctx,
		      get_s64(ctx, lnr_evt_param_index(ctx->type, "fd"), -1));
}

/* fchmod, fchown, ftruncate. */
static void on_fd_change(struct evt_ctx *ctx)
{
	on_own_thread(ctx);
	fd_view_or_kernel(ctx);
}

static void on_nothing(struct evt_ctx *ctx)
{
	(void)ctx;
}

/* The thread goes; children it made are adopted by its process, or by
 * the reaper the kernel named when the whole process is gone. */
static void on_exit(struct evt_ctx *ctx)
{
	struct state *st = ctx->st;
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

static void close_after(struct evt_ctx *ctx)
{
	if (ctx->proc && get_ret(ctx) == 0)
		state_fd_remove(&ctx->st->fds, ctx->proc,
				get_s64(ctx, LNR_PI_CLOSE_fd, -1));
}

/*
 * What the state needs of an event type: NEEDED, emitted whatever the
 * rules (the syscall set, engine/evtsel.c); LEARNS, used when a rule has
 * it emitted (a socket's addresses); none, only viewed.
 */
enum state_need { STATE_VIEWS, STATE_NEEDED, STATE_LEARNS };

/*
 * What each event type does to the state (an io_uring type is looked up
 * as its syscall twin, evt_ctx_begin): before the rules see it, and
 * after, so a closing fd or an exiting process is still visible to the
 * rules. A type with no entry names its thread, when its record has
 * one. The snapshot and drop records always arrive.
 */
static const struct state_role {
	void (*before)(struct evt_ctx *ctx);
	void (*after)(struct evt_ctx *ctx);
	enum state_need need;
} roles[LNR_EVT_COUNT] = {
#define NEEDED(type, b, a) [LNR_EVT_##type] = {b, a, STATE_NEEDED}
#define LEARNS(type, b) [LNR_EVT_##type] = {b, NULL, STATE_LEARNS}
#define VIEWS(type, b) [LNR_EVT_##type] = {b, NULL, STATE_VIEWS}
    VIEWS(PROC_SNAPSHOT, on_snapshot),
    VIEWS(FD_SNAPSHOT, on_fd_snapshot),
    VIEWS(DROP, on_nothing),
    NEEDED(EXECVE, on_exec, NULL),
    NEEDED(EXECVEAT, on_exec, NULL),
    NEEDED(CLONE, on_clone, NULL),
    NEEDED(CLONE3, on_clone, NULL),
    NEEDED(FORK, on_clone, NULL),
    NEEDED(VFORK, on_clone, NULL),
    NEEDED(PROCEXIT, on_thread, on_exit),
    NEEDED(OPEN, on_open, NULL),
    NEEDED(OPENAT, on_open, NULL),
    NEEDED(OPENAT2, on_open, NULL),
    NEEDED(CREAT, on_open, NULL),
    NEEDED(CLOSE, on_close, close_after),
    NEEDED(CLOSE_RANGE, on_thread, close_range_after),
    NEEDED(DUP, on_dup, dup_after),
    NEEDED(DUP2, on_dup, dup_after),
    NEEDED(DUP3, on_dup, dup_after),
    NEEDED(FCNTL, on_dup, fcntl_after),
    NEEDED(CHDIR, on_self_change, NULL),
    NEEDED(FCHDIR, on_self_change, NULL),
    NEEDED(CAPSET, on_self_change, NULL),
    /* The ids and the name change after the rules: user.* is who made
     * the call, as Falco shows it on the call's entry, and a prctl that
     * renames a process shows the old name. */
    NEEDED(SETUID, on_own_thread, state_self_change),
    NEEDED(SETGID, on_own_thread, state_self_change),
    NEEDED(SETREUID, on_own_thread, state_self_change),
    NEEDED(SETREGID, on_own_thread, state_self_change),
    NEEDED(SETRESUID, on_own_thread, state_self_change),
    NEEDED(SETRESGID, on_own_thread, state_self_change),
    NEEDED(PRCTL, on_own_thread, state_self_change),
    NEEDED(RENAME, on_thread, state_rename_after),
    NEEDED(RENAMEAT, on_thread, state_rename_after),
    NEEDED(RENAMEAT2, on_thread, state_rename_after),
    NEEDED(SOCKET, on_sock, NULL),
    NEEDED(SOCKETPAIR, on_sock, NULL),
    NEEDED(CONNECT, on_sock, NULL),
    NEEDED(ACCEPT, on_sock, NULL),
    NEEDED(ACCEPT4, on_sock, NULL),
    NEEDED(BIND, on_sock, NULL),
    NEEDED(RECVMSG, on_recvmsg, NULL),
    LEARNS(LISTEN, on_sock),
    LEARNS(SHUTDOWN, on_sock),
    LEARNS(SENDTO, on_sock),
    LEARNS(SENDMSG, on_sock),
    LEARNS(RECVFROM, on_sock),
    LEARNS(GETSOCKOPT, on_sock),
    NEEDED(PIPE, on_anonfd, NULL),
    NEEDED(PIPE2, on_anonfd, NULL),
    NEEDED(EVENTFD, on_anonfd, NULL),
    NEEDED(EVENTFD2, on_anonfd, NULL),
    NEEDED(SIGNALFD, on_anonfd, NULL),
    NEEDED(SIGNALFD4, on_anonfd, NULL),
    NEEDED(TIMERFD_CREATE, on_anonfd, NULL),
    NEEDED(INOTIFY_INIT, on_anonfd, NULL),
    NEEDED(INOTIFY_INIT1, on_anonfd, NULL),
    NEEDED(MEMFD_CREATE, on_anonfd, NULL),
    NEEDED(USERFAULTFD, on_anonfd, NULL),
    NEEDED(IO_URING_SETUP, on_anonfd, NULL),
    NEEDED(BPF, on_anonfd, NULL),
    VIEWS(READ, on_io),
    VIEWS(WRITE, on_io),
    VIEWS(PREAD64, on_io),
    VIEWS(PWRITE64, on_io),
    VIEWS(READV, on_io),
    VIEWS(WRITEV, on_io),
    VIEWS(FCHMOD, on_fd_change),
    VIEWS(FCHOWN, on_fd_change),
    VIEWS(FTRUNCATE, on_fd_change),
#undef NEEDED
#undef LEARNS
#undef VIEWS
};

static const struct state_role *role_of(const struct evt_ctx *ctx)
{
	return ctx->type < LNR_EVT_COUNT ? &roles[ctx->type] : NULL;
}

void state_event_before(struct evt_ctx *ctx)
{
	const struct state_role *r = role_of(ctx);

	if (r && r->before)
		r->before(ctx);
	else
		on_thread(ctx);
}

void state_event_after(struct evt_ctx *ctx)
{
	const struct state_role *r = role_of(ctx);

	if (r && r->after)
		r->after(ctx);
	ctx->thr = NULL;
	ctx->proc = NULL;
}

void state_evt_types(uint8_t set[LNR_EVT_COUNT])
{
	for (size_t t = 0; t < LNR_EVT_COUNT; t++)
		if (roles[t].need == STATE_NEEDED)
			set[t] = 1;
}

void state_evt_types_learns(uint8_t set[LNR_EVT_COUNT])
{
	for (size_t t = 0; t < LNR_EVT_COUNT; t++)
		if (roles[t].need == STATE_LEARNS)
			set[t] = 1;
}

void state_evt_types_read(uint8_t set[LNR_EVT_COUNT])
{
	for (size_t t = 0; t < LNR_EVT_COUNT; t++)
		if (roles[t].need != STATE_VIEWS)
			set[t] = 1;
}
