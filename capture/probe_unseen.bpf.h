/*
 * The marks of fds whose open the probe left out (probe_open.bpf.h),
 * kept with the process's leader for its fd table: a bit per fd number,
 * so the close of a marked fd can be left out too, and for directories
 * nothing below which a read can be taken (barren), a slot holding the
 * directory's dentry and when it was judged. A barren mark holds only
 * while the fd still names that dentry, the filter is the one it was
 * judged by and no rename was seen since (the engine follows renames):
 * a mark gone stale (its number freed without a close the probe saw,
 * by another process sharing the table, say) makes opens judged in full,
 * never left out by name.
 */
#ifndef LNR_PROBE_UNSEEN_BPF_H
#define LNR_PROBE_UNSEEN_BPF_H

#define UNSEEN_FDS 1024	 /* fds below this can be marked */
#define BARREN_SLOTS 32 /* barren directory fds per process, a power of 2 */

struct barren_dir {
	u64 dentry; /* 0: a free slot */
	u64 renames; /* renames_seen when it was judged */
	s32 fd;
	u32 gen; /* the open filter's generation */
};

struct unseen {
	u64 files; /* the fd table marked: struct files_struct * */
	u64 bits[UNSEEN_FDS / 64];
	/* Fds with a slot in dirs: a quick test before its scan. */
	u64 barren[UNSEEN_FDS / 64];
	struct barren_dir dirs[BARREN_SLOTS];
};

#define UNSEEN_WORD(fd) (((u64)(fd) >> 6) & (UNSEEN_FDS / 64 - 1))
#define UNSEEN_BIT(fd) (1ull << ((u64)(fd)&63))

/* Successful renames seen (the rename calls and io_uring's). */
unsigned long long renames_seen = 0; /* a plain type: the skeleton has it too */

static __always_inline void renames_note(void)
{
	__sync_fetch_and_add(&renames_seen, 1);
}

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
		__builtin_memset(u->bits, 0, sizeof(u->bits));
		__builtin_memset(u->barren, 0, sizeof(u->barren));
		__builtin_memset(u->dirs, 0, sizeof(u->dirs));
		u->files = files;
	}
	return u;
}

static __always_inline int fd_markable(long fd)
{
	return fd >= 0 && fd < UNSEEN_FDS;
}

/* fd's slot: one per fd number modulo BARREN_SLOTS, the last mark
 * taking it (fds are handed out lowest first, so the directories a walk
 * holds open rarely share one). */
static __always_inline struct barren_dir *barren_dir_of(struct unseen *u,
							long fd)
{
	return &u->dirs[(u64)fd & (BARREN_SLOTS - 1)];
}

/* Unmarks fd as barren; its slot looked at only when it has one. */
static __always_inline void barren_drop(struct unseen *u, long fd)
{
	struct barren_dir *d = barren_dir_of(u, fd);

	if (!(u->barren[UNSEEN_WORD(fd)] & UNSEEN_BIT(fd)))
		return;
	__sync_fetch_and_and(&u->barren[UNSEEN_WORD(fd)], ~UNSEEN_BIT(fd));
	if (d->fd == fd)
		d->dentry = 0;
}

/* Marks fd barren: the directory dentry, judged under filter gen. The
 * fd whose slot it takes is barren no more. */
static __always_inline void barren_put(struct unseen *u, long fd, u64 dentry,
				       u32 gen)
{
	struct barren_dir *d = barren_dir_of(u, fd);

	if (d->dentry && d->fd != fd && fd_markable(d->fd))
		__sync_fetch_and_and(&u->barren[UNSEEN_WORD(d->fd)],
				     ~UNSEEN_BIT(d->fd));
	d->fd = (s32)fd;
	d->gen = gen;
	d->renames = renames_seen;
	d->dentry = dentry;
	__sync_fetch_and_or(&u->barren[UNSEEN_WORD(fd)], UNSEEN_BIT(fd));
}

/* Marks fd; barren when dentry is not 0, its directory's. */
static __always_inline void unseen_mark(struct task_struct *t, long fd,
					u64 dentry, u32 gen)
{
	struct unseen *u;

	if (!fd_markable(fd) || !(u = unseen_get(t, 1)))
		return;
	if (dentry)
		barren_put(u, fd, dentry, gen);
	else
		barren_drop(u, fd);
	__sync_fetch_and_or(&u->bits[UNSEEN_WORD(fd)], UNSEEN_BIT(fd));
}

/* Unmarks fd; whether it was marked. */
static __always_inline int unseen_take(struct task_struct *t, long fd)
{
	struct unseen *u;
	u64 old;

	if (!fd_markable(fd) || !(u = unseen_get(t, 0)))
		return 0;
	old = __sync_fetch_and_and(&u->bits[UNSEEN_WORD(fd)], ~UNSEEN_BIT(fd));
	barren_drop(u, fd);
	return (old & UNSEEN_BIT(fd)) != 0;
}

/* Whether fd is marked. */
static __always_inline int unseen_has(struct task_struct *t, long fd)
{
	struct unseen *u;

	if (!fd_markable(fd) || !(u = unseen_get(t, 0)))
		return 0;
	return (u->bits[UNSEEN_WORD(fd)] & UNSEEN_BIT(fd)) != 0;
}

/* Whether fd is marked barren, and the mark holds: it names dentry, the
 * filter is generation gen, no rename was seen since. */
static __always_inline int barren_has(struct task_struct *t, long fd,
				      u64 dentry, u32 gen)
{
	struct unseen *u;
	struct barren_dir *d;

	if (!fd_markable(fd) || !dentry || !(u = unseen_get(t, 0)) ||
	    !(u->barren[UNSEEN_WORD(fd)] & UNSEEN_BIT(fd)))
		return 0;
	d = barren_dir_of(u, fd);
	return d->fd == fd && d->dentry == dentry && d->gen == gen &&
	       d->renames == renames_seen;
}

static __always_inline void unseen_forget_all(struct task_struct *t)
{
	struct unseen *u = unseen_get(t, 0);

	if (u) {
		__builtin_memset(u->bits, 0, sizeof(u->bits));
		__builtin_memset(u->barren, 0, sizeof(u->barren));
		__builtin_memset(u->dirs, 0, sizeof(u->dirs));
	}
}

#endif
