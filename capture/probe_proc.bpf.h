/*
 * The PROC_* fillers: the process description exec, clone and fork
 * events carry, always about the current task. Anything the task does
 * not have (a kernel thread has no mm) is written empty. The task is the
 * kernel's BTF pointer, so its fields are read with direct loads (a load
 * through a NULL pointer reads 0), not a helper call each: a clone or
 * exec record reads about forty of them.
 */
#ifndef LNR_PROBE_PROC_BPF_H
#define LNR_PROBE_PROC_BPF_H

#define OVERLAYFS_MAGIC 0x794c7630
#define S_IWUSR_ 0200
#define S_IWGRP_ 0020
#define S_IWOTH_ 0002
#define NSEC_MASK ((1u << 30) - 1)

/* From the task itself, not the mm PROC_ARGV0 keeps: put_arg names an
 * exec's file by it before the PROC fillers run. */
static __always_inline struct file *exe_file(struct fill *f)
{
	return ftask(f)->mm->exe_file;
}

static __noinline void put_exe_path(struct fill *f)
{
	struct file *file = exe_file(f);

	if (!file)
		put_empty(f);
	else
		put_path(f, &file->f_path);
}

/* The first of LNR_PROC_PARAMS: it also keeps the task's mm and cred for
 * the others (not for fillers other events use too, as the caps), so
 * that the verifier walks struct task_struct once for them. */
static __always_inline void fill_PROC_ARGV0(struct fill *f, int t)
{
	u32 before = f->pos;
	u64 start;

	f->mm = ftask(f)->mm;
	f->cred = ftask(f)->cred;
	start = f->mm->arg_start;

	put_user_str(f, start ? (void *)start : NULL);
	f->argv0_len = f->pos - before;
}

/* The arguments after argv[0], as exec wrote them. */
static __always_inline void fill_PROC_ARGS(struct fill *f, int t)
{
	struct mm_struct *mm = f->mm;
	u64 start = mm->arg_start;
	u64 end = mm->arg_end;

	if (!mm || !f->argv0_len)
		put_empty(f);
	else
		put_user_strings(f, start + f->argv0_len, end);
}

static __always_inline void fill_PROC_ENV(struct fill *f, int t)
{
	struct mm_struct *mm = f->mm;

	if (!mm)
		put_empty(f);
	else
		put_user_strings(f, mm->env_start, mm->env_end);
}

#define fill_PROC_TID(f, t) put_num(f, t, ftask(f)->pid)
#define fill_PROC_PID(f, t) put_num(f, t, ftask(f)->tgid)
#define fill_PROC_PTID(f, t) put_num(f, t, ftask(f)->real_parent->tgid)

/* The engine names the process by it: the process filter takes its bit. */
static __always_inline void fill_PROC_COMM(struct fill *f, int t)
{
	u32 at = f->pos;

	put_kernel_str(f, ftask(f)->comm, 16);
	names_hash(f, at, f->pos - at);
}

/* A field of the task's cred, NULL-checked: a kernel whose BTF carries
 * its rcu tag types task->cred as an RCU pointer that may be NULL, and
 * refuses a load through it unchecked. */
#define CRED_(f, field)                                                        \
	({                                                                     \
		const struct cred *c_ = (f)->cred;                             \
		c_ ? c_->field : 0;                                            \
	})
#define fill_PROC_UID(f, t) put_num(f, t, CRED_(f, uid.val))
#define fill_PROC_GID(f, t) put_num(f, t, CRED_(f, gid.val))
#define fill_PROC_EUID(f, t) put_num(f, t, CRED_(f, euid.val))
#define fill_PROC_EGID(f, t) put_num(f, t, CRED_(f, egid.val))
#define fill_PROC_START_TS(f, t) put_num(f, t, ftask(f)->start_boottime)

static __always_inline void fill_PROC_CWD(struct fill *f, int t)
{
	struct fs_struct *fs = ftask(f)->fs;

	if (!fs)
		put_empty(f);
	else
		put_path(f, &fs->pwd);
}

#define fill_PROC_EXEPATH(f, t) put_exe_path(f)

static __always_inline void fill_PROC_LOGINUID(struct fill *f, int t)
{
	if (bpf_core_field_exists(ftask(f)->loginuid))
		put_num(f, t, ftask(f)->loginuid.val);
	else
		put_empty(f);
}

/* The number of pid `p` as seen in namespace level `level`. */
static __always_inline u64 pid_at(struct pid *p, u32 level)
{
	struct upid up = {};

	/* A variable index into a kernel struct takes a read. */
	if (!p || level > p->level)
		return 0;
	bpf_core_read(&up, sizeof(up), &p->numbers[level & 31]);
	return up.nr;
}

static __always_inline u32 task_level(struct task_struct *t)
{
	return t->thread_pid->level;
}

#define fill_PROC_SID(f, t)                                                    \
	put_num(f, t, pid_at(ftask(f)->signal->pids[PIDTYPE_SID], 0))
#define fill_PROC_VPGID(f, t)                                                  \
	put_num(f, t,                                                          \
		pid_at(ftask(f)->signal->pids[PIDTYPE_PGID],                   \
		       task_level(ftask(f))))
#define fill_PROC_VTID(f, t)                                                   \
	put_num(f, t, pid_at(ftask(f)->thread_pid, task_level(ftask(f))))
#define fill_PROC_VPID(f, t)                                                   \
	put_num(                                                               \
	    f, t,                                                              \
	    pid_at(ftask(f)->group_leader->thread_pid, task_level(ftask(f))))

/* The controlling tty's device number, encoded as stat(2) does; 0 if none. */
static __always_inline void fill_PROC_TTY(struct fill *f, int t)
{
	struct tty_struct *tty = ftask(f)->signal->tty;
	u32 major, minor;

	if (!tty) {
		put_num(f, t, 0);
		return;
	}
	major = tty->driver->major;
	minor = tty->driver->minor_start + tty->index;
	put_num(f, t, (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12));
}

static __always_inline u64 cap_read(const kernel_cap_t *cap)
{
	u64 v = 0;

	bpf_core_read(&v, sizeof(v), cap);
	return v;
}

#define fill_PROC_CAP_INH(f, t)                                                \
	put_num(f, t, cap_read(&BPF_CORE_READ(ftask(f), cred)->cap_inheritable))
#define fill_PROC_CAP_PRM(f, t)                                                \
	put_num(f, t, cap_read(&BPF_CORE_READ(ftask(f), cred)->cap_permitted))
#define fill_PROC_CAP_EFF(f, t)                                                \
	put_num(f, t, cap_read(&BPF_CORE_READ(ftask(f), cred)->cap_effective))

static __always_inline struct inode *exe_inode(struct fill *f)
{
	return f->mm->exe_file->f_inode;
}

static __noinline void fill_proc_flags(struct fill *f)
{
	struct task_struct *task = ftask(f);
	struct inode *ino = exe_inode(f);
	u32 flags = 0;

	if (task->pid == task->tgid)
		flags |= LNR_PROCF_THREAD_LEADER;
	if (ino) {
		u32 mode = ino->i_mode;
		u32 euid = CRED_(f, euid.val);
		u32 egid = CRED_(f, egid.val);
		char name[8] = {};

		if ((mode & S_IWOTH_) ||
		    ((mode & S_IWUSR_) && ino->i_uid.val == euid) ||
		    ((mode & S_IWGRP_) && ino->i_gid.val == egid))
			flags |= LNR_PROCF_EXE_WRITABLE;
		if (ino->i_sb->s_magic == OVERLAYFS_MAGIC)
			flags |= LNR_PROCF_EXE_OVERLAY;
		if (ino->__i_nlink == 0)
			flags |= LNR_PROCF_EXE_DELETED;
		bpf_probe_read_kernel_str(
		    name, sizeof(name),
		    f->mm->exe_file->f_path.dentry->d_name.name);
		if (name[0] == 'm' && name[1] == 'e' && name[2] == 'm' &&
		    name[3] == 'f' && name[4] == 'd' && name[5] == ':')
			flags |= LNR_PROCF_EXE_MEMFD;
	}
	put_num(f, LNR_PT_UINT32, flags);
}

#define fill_PROC_FLAGS(f, t) fill_proc_flags(f)

static __always_inline void put_exe_u64(struct fill *f, int t, int what)
{
	struct inode *ino = exe_inode(f);
	u64 v;

	if (!ino) {
		put_empty(f);
		return;
	}
	if (what == 0)
		v = ino->i_ino;
	else if (what == 1)
		/* The top bits of i_ctime_nsec are multigrain flags. */
		v = ino->i_ctime_sec * 1000000000ull +
		    (ino->i_ctime_nsec & NSEC_MASK);
	else
		v = ino->i_mtime_sec * 1000000000ull + ino->i_mtime_nsec;
	put_num(f, t, v);
}

#define fill_PROC_EXE_INO(f, t) put_exe_u64(f, t, 0)
#define fill_PROC_EXE_CTIME(f, t) put_exe_u64(f, t, 1)
#define fill_PROC_EXE_MTIME(f, t) put_exe_u64(f, t, 2)
#define fill_PROC_CGROUP(f, t) put_cgroup(f)

#endif
