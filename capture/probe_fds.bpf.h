/*
 * The fillers of the descriptor, memory and bpf events that read more
 * than a register: the fds pipe wrote back, signal masks and the
 * structs io_uring_setup and bpf take. Also which of these calls are
 * worth a record at all (fds_wanted).
 */
#ifndef LNR_PROBE_FDS_BPF_H
#define LNR_PROBE_FDS_BPF_H

#define PROT_EXEC_ 0x4
#define F_DUPFD_ 0
#define F_SETFL_ 4
#define F_DUPFD_CLOEXEC_ 1030

/* The fcntl commands worth a record: a copy of the fd, or a change of its
 * status flags. */
static __always_inline int fcntl_cmd_wanted(u32 cmd)
{
	return cmd == F_DUPFD_ || cmd == F_DUPFD_CLOEXEC_ || cmd == F_SETFL_;
}

/*
 * mmap and mprotect matter only when they make memory executable, and
 * fcntl only for fcntl_cmd_wanted: the rest are dropped before a record
 * is begun.
 */
static __always_inline int fds_wanted(u16 type, const struct sys_call *c)
{
	switch (type) {
	case LNR_EVT_MMAP:
	case LNR_EVT_MPROTECT:
		return (call_arg(c, 2) & PROT_EXEC_) != 0;
	case LNR_EVT_FCNTL:
		return fcntl_cmd_wanted((u32)call_arg(c, 1));
	default:
		return 1;
	}
}

/* The path of the file behind fd, walked in the kernel. */
static __always_inline void put_file_path(struct fill *f, struct file *file)
{
	if (!file)
		put_empty(f);
	else
		put_path(f, &file->f_path);
}

#define fill_FD_PATH0(f, t) put_file_path(f, fd_file(f, (s32)reg_arg(f, 0)))

#define AT_FDCWD_ -100

/* The path of a call's directory fd, read in the kernel, for the engine
 * to resolve a relative path against when it never saw the directory
 * opened; empty for AT_FDCWD, and after an exec (the registers are the
 * new program's). */
static __always_inline void put_dirfd_path(struct fill *f, s32 fd)
{
	if (fd == AT_FDCWD_ || f->exec_ok)
		put_empty(f);
	else
		put_file_path(f, fd_file(f, fd));
}
#define fill_DIRFD_PATH0(f, t) put_dirfd_path(f, (s32)reg_arg(f, 0))
#define fill_DIRFD_PATH1(f, t) put_dirfd_path(f, (s32)reg_arg(f, 1))
#define fill_DIRFD_PATH2(f, t) put_dirfd_path(f, (s32)reg_arg(f, 2))

/* A u32 in the caller's memory. */
static __always_inline void put_user_u32(struct fill *f, int t, u64 uptr)
{
	u32 v;

	if (bpf_probe_read_user(&v, sizeof(v), (void *)uptr))
		put_empty(f);
	else
		put_num(f, t, v);
}

/* Fd i of the pair a successful pipe or pipe2 wrote back. */
static __always_inline int pipe_fd(struct fill *f, int i, s32 *fd)
{
	s32 *fds = (s32 *)reg_arg(f, 0);

	if (f->call.ret != 0)
		return -1;
	return bpf_probe_read_user(fd, sizeof(*fd), &fds[i & 1]) ? -1 : 0;
}

static __always_inline void put_pipe_fd(struct fill *f, int t, int i)
{
	s32 fd;

	if (pipe_fd(f, i, &fd))
		put_empty(f);
	else
		put_num(f, t, (u64)(s64)fd);
}

/* The pipe's own file: fd1, looked up in the task's table. */
static __always_inline int pipe_file(struct fill *f)
{
	s32 fd;

	return pipe_fd(f, 0, &fd) ? -1 : fd_lookup_at(f, fd);
}

#define fill_PIPE_FD1(f, t) put_pipe_fd(f, t, 0)
#define fill_PIPE_FD2(f, t) put_pipe_fd(f, t, 1)
#define fill_PIPE_DEV(f, t)                                                    \
	(pipe_file(f) == 0 ? put_num(f, t, (f)->fd_dev) : put_empty(f))
#define fill_PIPE_INO(f, t)                                                    \
	(pipe_file(f) == 0 ? put_num(f, t, (f)->fd_ino) : put_empty(f))

/* signalfd's mask: a sigset_t, 64 bits on x86_64. */
static __always_inline void fill_SIGSET_ARG1(struct fill *f, int t)
{
	u64 mask;

	if (bpf_probe_read_user(&mask, sizeof(mask), (void *)reg_arg(f, 1)))
		put_empty(f);
	else
		put_num(f, t, mask);
}

#define URING_PARAM_(f, t, member)                                             \
	put_user_u32(f, t,                                                     \
		     reg_arg(f, 1) +                                           \
			 __builtin_offsetof(struct io_uring_params, member))
#define fill_URING_SQ_ENTRIES(f, t) URING_PARAM_(f, t, sq_entries)
#define fill_URING_CQ_ENTRIES(f, t) URING_PARAM_(f, t, cq_entries)
#define fill_URING_FLAGS(f, t) URING_PARAM_(f, t, flags)
#define fill_URING_SQ_THREAD_CPU(f, t) URING_PARAM_(f, t, sq_thread_cpu)
#define fill_URING_SQ_THREAD_IDLE(f, t) URING_PARAM_(f, t, sq_thread_idle)
#define fill_URING_FEATURES(f, t) URING_PARAM_(f, t, features)

/* The program type of a BPF_PROG_LOAD; empty for other commands. */
static __always_inline void fill_BPF_PROG_TYPE(struct fill *f, int t)
{
	if ((u32)reg_arg(f, 0) != BPF_PROG_LOAD)
		put_empty(f);
	else
		put_user_u32(f, t,
			     reg_arg(f, 1) +
				 __builtin_offsetof(union bpf_attr, prog_type));
}

#endif
