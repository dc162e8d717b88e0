/*
 * The marks of fds whose open the probe left out (probe_open.bpf.h): a
 * byte per fd number, kept per process for its fd table, so the close of
 * a marked fd can be left out too and an open through a marked directory
 * fd judged by the kernel's path. A mark only ever makes the probe leave
 * out a close or a copy the state alone wants, or judge an open in full.
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
 *
 * The marks live in an array of slots (struct lnr_unseen, probe.h): a
 * process's slot is in one of two places its id hashes to, and is owned
 * by its signal_struct. Finding it is an array lookup the verifier
 * inlines, where task storage took a helper call on every left-out open
 * and every close (about 30 ns of an open+close). A slot is only ever
 * used by the one live process that owns it: it is taken with a
 * compare-and-swap of a free slot, and given back, cleared, when the
 * process's last thread exits (lnr_sched_exit). So no process reads or
 * writes another's marks. A process that finds both of its places owned
 * by others gets no marks: the closes of its left-out opens are then
 * recorded, and opens through its directory fds judged in full. Should a
 * slot ever outlive its owner, a process that later gets the same
 * signal_struct finds the leader's start time differ, and clears the
 * slot before it uses it.
 */
#ifndef LNR_PROBE_UNSEEN_BPF_H
#define LNR_PROBE_UNSEEN_BPF_H

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_UNSEEN_SLOTS);
	__type(key, u32);
	__type(value, struct lnr_unseen);
} open_unseen SEC(".maps");

/* Every mark of u cleared; the files and start follow. */
static __always_inline void unseen_wipe(struct lnr_unseen *u, u64 files,
					u64 start)
{
	__builtin_memset(u->marks, 0, sizeof(u->marks));
	u->files = files;
	/* A thread that sees the start sees the marks cleared: the compiler
	 * keeps the order, and x86, the only target, keeps stores in it. */
	barrier();
	u->start = start;
}

/* The slot of place i (0 or 1) of process tgid. */
static __always_inline struct lnr_unseen *unseen_slot(u32 tgid, u32 i)
{
	u32 k = LNR_UNSEEN_SLOT(tgid, i);

	return bpf_map_lookup_elem(&open_unseen, &k);
}

/* The slot t's process owns, NULL for none. */
static __always_inline struct lnr_unseen *unseen_owned(struct task_struct *t,
						       u64 owner)
{
	struct lnr_unseen *u = unseen_slot(t->tgid, 0);

	if (u && u->owner == owner)
		return u;
	u = unseen_slot(t->tgid, 1);
	return u && u->owner == owner ? u : NULL;
}

/* Takes a free place for t's process; NULL when both are owned. */
static __always_inline struct lnr_unseen *unseen_claim(struct task_struct *t,
						       u64 owner)
{
	struct lnr_unseen *u;

	for (u32 i = 0; i < 2; i++) {
		u = unseen_slot(t->tgid, i);
		if (u && !u->owner &&
		    !__sync_val_compare_and_swap(&u->owner, 0, owner)) {
			u->tgid = t->tgid;
			return u;
		}
	}
	return NULL;
}

/*
 * The marks of the current fd table; with create, a slot taken when the
 * process has none. Only the table of the process's leader has marks: a
 * thread with a table of its own (unshare(CLONE_FILES)) gets none, so
 * two tables never share a slot, and neither does a zombie leader's
 * process. Marks of another table (the leader unshared its own) or of a
 * process that had the same signal_struct before go: that only makes
 * closes recorded. A thread that passed the test just as its leader
 * unshared can still set a mark in the leader's new table.
 */
static __always_inline struct lnr_unseen *unseen_get(struct task_struct *t,
						     int create)
{
	struct task_struct *lead = t->group_leader;
	u64 owner = (u64)t->signal, files = (u64)t->files;
	u64 start = lead->start_time;
	struct lnr_unseen *u;

	if (files != (u64)lead->files)
		return NULL;
	u = unseen_owned(t, owner);
	if (!u && create)
		u = unseen_claim(t, owner);
	if (u && (u->files != files || u->start != start))
		unseen_wipe(u, files, start);
	return u;
}

/*
 * At the exit of a process's last thread (the live count is 0), its
 * slots are cleared and freed: both places, as two threads claiming at
 * once can each take one. A slot is marked as being given back first:
 * nobody takes it while it is cleared, and a thread that also saw the
 * count at 0 gives back nothing.
 */
static __always_inline void unseen_release(struct task_struct *t)
{
	u64 owner = (u64)t->signal;

	if (t->signal->live.counter)
		return;
	for (u32 i = 0; i < 2; i++) {
		struct lnr_unseen *u = unseen_slot(t->tgid, i);

		if (!u || u->owner != owner ||
		    __sync_val_compare_and_swap(&u->owner, owner,
						LNR_UNSEEN_GIVING) != owner)
			continue;
		unseen_wipe(u, 0, 0);
		u->tgid = 0;
		__sync_lock_test_and_set(&u->owner, 0);
	}
}

static __always_inline int fd_markable(long fd)
{
	return fd >= 0 && fd < LNR_UNSEEN_FDS;
}

/* The mark of fd in u, NULL for a number that cannot be marked. */
static __always_inline volatile u8 *unseen_at(struct lnr_unseen *u, long fd)
{
	return u && fd_markable(fd) ? &u->marks[fd & (LNR_UNSEEN_FDS - 1)]
				    : NULL;
}

static __always_inline void unseen_set(struct lnr_unseen *u, long fd)
{
	volatile u8 *m = unseen_at(u, fd);

	if (m)
		*m = 1;
}

/* Unmarks fd in u; whether it was marked. */
static __always_inline int unseen_clear(struct lnr_unseen *u, long fd)
{
	volatile u8 *m = unseen_at(u, fd);

	if (!m || !*m)
		return 0;
	*m = 0;
	return 1;
}

static __always_inline int unseen_in(struct lnr_unseen *u, long fd)
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
	struct lnr_unseen *u = unseen_get(t, 0);

	if (u)
		__builtin_memset(u->marks, 0, sizeof(u->marks));
}

#endif
