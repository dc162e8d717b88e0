/*
 * The marks of fds whose open the probe left out (probe_open.bpf.h): a
 * byte per fd number, kept with the process's leader for its fd table, so
 * the close of a marked fd can be left out too and an open through a
 * marked directory fd judged by the kernel's path. A mark only ever
 * makes the probe leave out a close or a copy the state alone wants, or
 * judge an open in full.
 *
 * A byte, not a bit: each fd's mark is stored on its own, with a plain
 * store, where a bit would take a locked read-modify-write of a word
 * other threads of the process update too (about 15 ns each, on every
 * left-out open, copy and close). Calls on the same fd number race
 * either way, in the order their hooks run. What a byte changes is
 * unseen_clear's test and clear, two steps: a mark set between them is
 * lost (a close then recorded), and two closes of one number whose hooks
 * overlap both find the mark. The second close is of an fd reopened
 * by another thread between the two closes, and its open's hook has not
 * run yet: the hooks already reach the engine out of the kernel's order
 * there, as they can with an atomic bit too.
 */
#ifndef LNR_PROBE_UNSEEN_BPF_H
#define LNR_PROBE_UNSEEN_BPF_H

#define UNSEEN_FDS 1024 /* fds below this can be marked */

struct unseen {
	u64 files; /* the fd table marked: struct files_struct * */
	u8 marks[UNSEEN_FDS];
};

/* Kept with the process's leader, freed with it. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct unseen);
} open_unseen SEC(".maps");

/*
 * The marks of the current fd table; with create, made when missing.
 * A thread with a table of its own (unshare(CLONE_FILES)) finds marks of
 * another table: they go, which only makes closes recorded.
 */
static __always_inline struct unseen *unseen_get(struct task_struct *t,
						 int create)
{
	u64 files = (u64)t->files;
	struct unseen *u =
	    bpf_task_storage_get(&open_unseen, t->group_leader, 0,
				 create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);

	if (u && u->files != files) {
		__builtin_memset(u->marks, 0, sizeof(u->marks));
		u->files = files;
	}
	return u;
}

static __always_inline int fd_markable(long fd)
{
	return fd >= 0 && fd < UNSEEN_FDS;
}

/* The mark of fd in u, NULL for a number that cannot be marked. */
static __always_inline volatile u8 *unseen_at(struct unseen *u, long fd)
{
	return u && fd_markable(fd) ? &u->marks[fd & (UNSEEN_FDS - 1)] : NULL;
}

static __always_inline void unseen_set(struct unseen *u, long fd)
{
	volatile u8 *m = unseen_at(u, fd);

	if (m)
		*m = 1;
}

/* Unmarks fd in u; whether it was marked. */
static __always_inline int unseen_clear(struct unseen *u, long fd)
{
	volatile u8 *m = unseen_at(u, fd);

	if (!m || !*m)
		return 0;
	*m = 0;
	return 1;
}

static __always_inline int unseen_in(struct unseen *u, long fd)
{
	volatile u8 *m = unseen_at(u, fd);

	return m && *m;
}

static __always_inline void unseen_mark(struct task_struct *t, long fd)
{
	if (fd_markable(fd))
		unseen_set(unseen_get(t, 1), fd);
}

/* Unmarks fd; whether it was marked. */
static __always_inline int unseen_take(struct task_struct *t, long fd)
{
	return fd_markable(fd) && unseen_clear(unseen_get(t, 0), fd);
}

/* Whether fd is marked. */
static __always_inline int unseen_has(struct task_struct *t, long fd)
{
	return fd_markable(fd) && unseen_in(unseen_get(t, 0), fd);
}

static __always_inline void unseen_forget_all(struct task_struct *t)
{
	struct unseen *u = unseen_get(t, 0);

	if (u)
		__builtin_memset(u->marks, 0, sizeof(u->marks));
}

#endif
