/*
 * The state's fd tables: a forked child's copies, the dup family and
 * close_range, pipes, eventfds, memfds and the other fds without a path.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "check.h"
#include "test_state.h"

/* Descriptors, memory and bpf. */

/* What rules see on a dup: the fd being copied. */
static void see_passwd(void)
{
	CHECK(ctx->fd.valid && ctx->fd.num == 3);
	CHECK(ctx->fd.name && strcmp(ctx->fd.name, "/etc/passwd") == 0);
}

static int dup_evt(enum lnr_evt_type type, uint64_t ts, int64_t res,
		   int64_t oldfd, int64_t newfd, uint32_t flags)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {[LNR_PI_RET] = LNR_PV_NUM(res)};

	switch (type) {
	case LNR_EVT_DUP:
		v[LNR_PI_DUP_oldfd] = LNR_PV_NUM((uint64_t)oldfd);
		break;
	case LNR_EVT_DUP2:
		v[LNR_PI_DUP2_oldfd] = LNR_PV_NUM((uint64_t)oldfd);
		v[LNR_PI_DUP2_newfd] = LNR_PV_NUM((uint64_t)newfd);
		break;
	case LNR_EVT_DUP3:
		v[LNR_PI_DUP3_oldfd] = LNR_PV_NUM((uint64_t)oldfd);
		v[LNR_PI_DUP3_newfd] = LNR_PV_NUM((uint64_t)newfd);
		v[LNR_PI_DUP3_flags] = LNR_PV_NUM(flags);
		break;
	default: /* fcntl: newfd is the command, flags its argument */
		v[LNR_PI_FCNTL_fd] = LNR_PV_NUM((uint64_t)oldfd);
		v[LNR_PI_FCNTL_cmd] = LNR_PV_NUM((uint64_t)newfd);
		v[LNR_PI_FCNTL_arg] = LNR_PV_NUM(flags);
		break;
	}
	return tevt_build(rec, type, ts, 800, 800, v);
}

static int close_range_evt(uint64_t ts, uint32_t first, uint32_t last,
			   uint32_t flags)
{
	const struct lnr_pval v[LNR_NPARAMS_CLOSE_RANGE] = {
	    [LNR_PI_CLOSE_RANGE_res] = LNR_PV_NUM(0),
	    [LNR_PI_CLOSE_RANGE_first] = LNR_PV_NUM(first),
	    [LNR_PI_CLOSE_RANGE_last] = LNR_PV_NUM(last),
	    [LNR_PI_CLOSE_RANGE_flags] = LNR_PV_NUM(flags),
	};

	return tevt_build(rec, LNR_EVT_CLOSE_RANGE, ts, 800, 800, v);
}

static int names_passwd(int64_t fd, uint32_t cloexec)
{
	struct sfd *f = state_fd_find(&st.fds, 800, fd);

	return f && strcmp(f->name, "/etc/passwd") == 0 &&
	       (f->flags & O_CLOEXEC) == cloexec;
}

/* The dup family copies fd entries; close_range drops a range of them. */
/*
 * A forked child holds copies of its parent's fds, from whichever clone
 * record comes first: the parent's, or the child's own; a thread shares
 * its process's.
 */
void test_fork_fds(void)
{
	struct tproc par = bash_p, kid = bash_p, thr = bash_p;

	par.tid = par.pid = 900;
	par.ptid = 1;
	feed(tevt_snapshot(rec, 100, &par), NULL);
	feed(tevt_fd_snapshot(rec, 101, 900, 7, "/var/log/app.log", O_WRONLY),
	     NULL);
	/* The parent's record first. */
	feed(tevt_clone(rec, LNR_EVT_FORK, 102, 901, 0, &par), NULL);
	CHECK(
	    state_fd_find(&st.fds, 901, 7) &&
	    !strcmp(state_fd_find(&st.fds, 901, 7)->name, "/var/log/app.log"));
	/* The child's first: its parent is its ptid. */
	kid.tid = kid.pid = 902;
	kid.ptid = 900;
	feed(tevt_clone(rec, LNR_EVT_CLONE, 103, 0, SIGCHLD, &kid), NULL);
	CHECK(state_fd_find(&st.fds, 902, 7) != NULL);
	/* The parent's record after the child's adds nothing twice. */
	feed(tevt_clone(rec, LNR_EVT_CLONE, 104, 902, SIGCHLD, &par), NULL);
	CHECK(state_proc_find(&st.threads, 902)->nfds == 1);
	/* A thread: no fds of its own. */
	thr.tid = 903;
	thr.pid = 900;
	thr.ptid = 1;
	feed(tevt_clone(rec, LNR_EVT_CLONE, 105, 0,
			CLONE_THREAD | CLONE_VM | CLONE_FILES, &thr),
	     NULL);
	CHECK(state_proc_find(&st.threads, 900)->nfds == 1);
}

void test_dup_close_range(void)
{
	struct tproc p = bash_p;

	p.tid = p.pid = 800;
	feed(tevt_snapshot(rec, 100, &p), NULL);
	feed(tevt_open(rec, 101, 800, 800, 3, "/etc/passwd",
		       O_RDONLY | O_CLOEXEC, 0),
	     NULL);
	feed(tevt_open(rec, 102, 800, 800, 9, "/tmp/x", O_RDONLY, 0), NULL);
	feed(dup_evt(LNR_EVT_DUP, 103, 4, 3, 0, 0), see_passwd);
	CHECK(names_passwd(4, 0));
	/* dup2 onto an open fd replaces it. */
	feed(dup_evt(LNR_EVT_DUP2, 104, 9, 3, 9, 0), see_passwd);
	CHECK(names_passwd(9, 0));
	feed(dup_evt(LNR_EVT_DUP3, 105, 5, 3, 5, O_CLOEXEC), see_passwd);
	CHECK(names_passwd(5, O_CLOEXEC));
	feed(dup_evt(LNR_EVT_FCNTL, 106, 6, 3, F_DUPFD_CLOEXEC, 6), see_passwd);
	CHECK(names_passwd(6, O_CLOEXEC));
	feed(dup_evt(LNR_EVT_FCNTL, 107, 7, 3, F_DUPFD, 7), see_passwd);
	CHECK(names_passwd(7, 0));
	/* F_SETFL copies nothing; a failed dup changes nothing. */
	feed(dup_evt(LNR_EVT_FCNTL, 108, 0, 3, F_SETFL, 8), NULL);
	CHECK(state_fd_find(&st.fds, 800, 0) == NULL);
	feed(dup_evt(LNR_EVT_DUP2, 109, -EBADF, 20, 8, 0), NULL);
	CHECK(state_fd_find(&st.fds, 800, 8) == NULL);
	/* A copy of an fd the table does not know: what was there is gone. */
	feed(dup_evt(LNR_EVT_DUP2, 110, 9, 20, 9, 0), NULL);
	CHECK(state_fd_find(&st.fds, 800, 9) == NULL);
	CHECK(state_proc_find(&st.threads, 800)->nfds == 5);

	/* Marking close-on-exec closes nothing; it marks the range. */
	feed(close_range_evt(111, 4, 6, CLOSE_RANGE_CLOEXEC), NULL);
	CHECK(state_proc_find(&st.threads, 800)->nfds == 5);
	CHECK(names_passwd(4, O_CLOEXEC) && names_passwd(6, O_CLOEXEC));
	CHECK(names_passwd(7, 0));
	feed(close_range_evt(112, 4, 6, 0), NULL);
	CHECK(names_passwd(3, O_CLOEXEC) && names_passwd(7, 0));
	CHECK(state_fd_find(&st.fds, 800, 4) == NULL);
	CHECK(state_fd_find(&st.fds, 800, 6) == NULL);
	CHECK(state_proc_find(&st.threads, 800)->nfds == 2);
	/* exec closes the close-on-exec fds: 3 goes, 7 stays; a failed
	 * exec closes nothing. */
	feed(dup_evt(LNR_EVT_DUP3, 113, 5, 7, 5, O_CLOEXEC), NULL);
	feed(tevt_execve(rec, 114, -2, "/nope", &p), NULL);
	CHECK(state_proc_find(&st.threads, 800)->nfds == 3);
	feed(tevt_execve(rec, 115, 0, "/usr/bin/cat", &p), NULL);
	CHECK(state_fd_find(&st.fds, 800, 3) == NULL);
	CHECK(state_fd_find(&st.fds, 800, 5) == NULL);
	CHECK(names_passwd(7, 0));
	CHECK(state_proc_find(&st.threads, 800)->nfds == 1);
	feed(tevt_exit(rec, 116, 800, 800), NULL);
}

/* An fd-making call of process 800: its result, its flags when it takes
 * some, and the one other parameter a test names (-1: none). */
static int make_evt(enum lnr_evt_type type, uint64_t ts, int64_t res,
		    uint64_t flags, int pi, struct lnr_pval extra)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {[LNR_PI_RET] =
						 LNR_PV_NUM((uint64_t)res)};
	int fi = lnr_evt_param_index(type, "flags");

	if (fi >= 0)
		v[fi] = LNR_PV_NUM(flags);
	if (pi >= 0)
		v[pi] = extra;
	return tevt_build(rec, type, ts, 800, 800, v);
}

#define NONE -1, LNR_PV_NUM(0)

static int pipe_evt(enum lnr_evt_type type, uint64_t ts, int64_t res,
		    int64_t fd1, int64_t fd2, uint64_t flags)
{
	const int two = type == LNR_EVT_PIPE2;
	struct lnr_pval v[LNR_MAX_PARAMS] = {
	    [LNR_PI_RET] = LNR_PV_NUM((uint64_t)res),
	    [LNR_PI_PIPE_fd1] = LNR_PV_NUM((uint64_t)fd1),
	    [LNR_PI_PIPE_fd2] = LNR_PV_NUM((uint64_t)fd2),
	    [LNR_PI_PIPE_dev] = LNR_PV_NUM(0xd),
	    [LNR_PI_PIPE_ino] = LNR_PV_NUM(7777)};

	_Static_assert((int)LNR_PI_PIPE_fd1 == (int)LNR_PI_PIPE2_fd1 &&
			   (int)LNR_PI_PIPE_ino == (int)LNR_PI_PIPE2_ino,
		       "pipe2 is pipe and its flags");
	if (two)
		v[LNR_PI_PIPE2_flags] = LNR_PV_NUM(flags);
	return tevt_build(rec, type, ts, 800, 800, v);
}

static int is_kind(int64_t fd, enum sfd_kind kind, uint32_t cloexec)
{
	const struct sfd *f = state_fd_find(&st.fds, 800, fd);

	return f && f->kind == kind && (f->flags & O_CLOEXEC) == cloexec;
}

/* Pipes and the other fds without a path enter the table with their kind,
 * close-on-exec where the call asked or the kernel always sets it. */
static void make_anon_fds(void)
{
	feed(pipe_evt(LNR_EVT_PIPE, 201, 0, 3, 4, 0), NULL);
	feed(pipe_evt(LNR_EVT_PIPE2, 202, 0, 5, 6, O_CLOEXEC | O_NONBLOCK),
	     NULL);
	feed(make_evt(LNR_EVT_EVENTFD, 203, 7, 0, NONE), NULL);
	feed(make_evt(LNR_EVT_EVENTFD2, 204, 8, EFD_CLOEXEC, NONE), NULL);
	feed(make_evt(LNR_EVT_SIGNALFD4, 205, 9, SFD_CLOEXEC,
		      LNR_PI_SIGNALFD4_fd, LNR_PV_NUM((uint64_t)-1)),
	     NULL);
	feed(make_evt(LNR_EVT_TIMERFD_CREATE, 206, 10, TFD_CLOEXEC, NONE),
	     NULL);
	feed(make_evt(LNR_EVT_INOTIFY_INIT, 207, 11, 0, NONE), NULL);
	feed(make_evt(LNR_EVT_INOTIFY_INIT1, 208, 12, IN_CLOEXEC, NONE), NULL);
	feed(make_evt(LNR_EVT_MEMFD_CREATE, 209, 13, MFD_CLOEXEC,
		      LNR_PI_MEMFD_CREATE_name, LNR_PV_STR("jit")),
	     NULL);
	feed(make_evt(LNR_EVT_USERFAULTFD, 210, 14, O_NONBLOCK, NONE), NULL);
	feed(make_evt(LNR_EVT_IO_URING_SETUP, 211, 15, 0, NONE), NULL);
	feed(make_evt(LNR_EVT_BPF, 212, 16, 0, LNR_PI_BPF_cmd,
		      LNR_PV_NUM(BPF_PROG_LOAD)),
	     NULL);
	CHECK(is_kind(3, SFD_PIPE, 0) && is_kind(4, SFD_PIPE, 0));
	CHECK(state_fd_find(&st.fds, 800, 4)->ino == 7777);
	CHECK(state_fd_find(&st.fds, 800, 4)->name[0] == '\0');
	CHECK(is_kind(5, SFD_PIPE, O_CLOEXEC) &&
	      is_kind(6, SFD_PIPE, O_CLOEXEC));
	CHECK(is_kind(7, SFD_EVENT, 0) && is_kind(8, SFD_EVENT, O_CLOEXEC));
	CHECK(is_kind(9, SFD_SIGNALFD, O_CLOEXEC));
	CHECK(is_kind(10, SFD_TIMERFD, O_CLOEXEC));
	CHECK(is_kind(11, SFD_INOTIFY, 0) &&
	      is_kind(12, SFD_INOTIFY, O_CLOEXEC));
	CHECK(is_kind(13, SFD_MEMFD, O_CLOEXEC));
	CHECK(strcmp(state_fd_find(&st.fds, 800, 13)->name, "jit") == 0);
	CHECK(is_kind(14, SFD_USERFAULTFD, 0));
	CHECK(is_kind(15, SFD_IO_URING, O_CLOEXEC));
	CHECK(is_kind(16, SFD_BPF, O_CLOEXEC));
}

/* Calls that made no fd add none. */
static void make_no_fds(void)
{
	uint32_t n = state_proc_find(&st.threads, 800)->nfds;

	feed(pipe_evt(LNR_EVT_PIPE, 220, -EMFILE, 20, 21, 0), NULL);
	feed(make_evt(LNR_EVT_EVENTFD, 221, -EMFILE, 0, NONE), NULL);
	/* A bpf command that returns 0, not an fd. */
	feed(make_evt(LNR_EVT_BPF, 222, 0, 0, LNR_PI_BPF_cmd,
		      LNR_PV_NUM(BPF_MAP_UPDATE_ELEM)),
	     NULL);
	/* IORING_SETUP_REGISTERED_FD_ONLY: the result is a ring index. */
	feed(make_evt(LNR_EVT_IO_URING_SETUP, 223, 0, 0,
		      LNR_PI_IO_URING_SETUP_flags, LNR_PV_NUM(1u << 15)),
	     NULL);
	/* signalfd on a signalfd changes its mask, not the fd. */
	feed(make_evt(LNR_EVT_SIGNALFD, 224, 9, 0, LNR_PI_SIGNALFD_fd,
		      LNR_PV_NUM(9)),
	     NULL);
	CHECK(is_kind(9, SFD_SIGNALFD, O_CLOEXEC));
	CHECK(state_fd_find(&st.fds, 800, 0) == NULL);
	CHECK(state_fd_find(&st.fds, 800, 20) == NULL);
	CHECK(state_proc_find(&st.threads, 800)->nfds == n);
}

/* dup keeps the kind; F_SETFD sets and clears close-on-exec; close and
 * exec end them as any fd. */
void test_anon_fds(void)
{
	struct tproc p = bash_p;

	p.tid = p.pid = 800;
	feed(tevt_snapshot(rec, 200, &p), NULL);
	make_anon_fds();
	make_no_fds();
	feed(dup_evt(LNR_EVT_DUP, 230, 20, 5, 0, 0), NULL);
	feed(dup_evt(LNR_EVT_DUP3, 231, 21, 13, 21, O_CLOEXEC), NULL);
	feed(dup_evt(LNR_EVT_FCNTL, 232, 22, 16, F_DUPFD, 22), NULL);
	CHECK(is_kind(20, SFD_PIPE, 0) && is_kind(21, SFD_MEMFD, O_CLOEXEC));
	CHECK(is_kind(22, SFD_BPF, 0));
	CHECK(strcmp(state_fd_find(&st.fds, 800, 21)->name, "jit") == 0);
	feed(dup_evt(LNR_EVT_FCNTL, 233, 0, 3, F_SETFD, FD_CLOEXEC), NULL);
	feed(dup_evt(LNR_EVT_FCNTL, 234, 0, 5, F_SETFD, 0), NULL);
	CHECK(is_kind(3, SFD_PIPE, O_CLOEXEC) && is_kind(5, SFD_PIPE, 0));
	/* F_GETFL's result (here 4) is no fd. */
	feed(dup_evt(LNR_EVT_FCNTL, 235, 4, 3, F_GETFL, 0), NULL);
	CHECK(is_kind(4, SFD_PIPE, 0));
	feed(tevt_close(rec, 236, 800, 800, 0, 4), NULL);
	feed(tevt_close(rec, 237, 800, 800, 0, 7), NULL);
	CHECK(state_fd_find(&st.fds, 800, 4) == NULL);
	CHECK(state_fd_find(&st.fds, 800, 7) == NULL);
	CHECK(state_proc_find(&st.threads, 800)->nfds == 15);
	feed(tevt_execve(rec, 238, 0, "/usr/bin/cat", &p), NULL);
	/* 5, 11, 14, 20 and 22 stay. */
	CHECK(is_kind(5, SFD_PIPE, 0) && is_kind(20, SFD_PIPE, 0));
	CHECK(is_kind(11, SFD_INOTIFY, 0) && is_kind(14, SFD_USERFAULTFD, 0));
	CHECK(is_kind(22, SFD_BPF, 0));
	CHECK(state_proc_find(&st.threads, 800)->nfds == 5);
	feed(tevt_exit(rec, 239, 800, 800), NULL);
}
