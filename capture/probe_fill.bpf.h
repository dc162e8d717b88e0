/*
 * The record writer of the probe: a record is built in a per-CPU scratch
 * area in the common/event.h format (header, u16 lengths, bytes) by one
 * filler call per parameter, in schema order. Every offset is masked so
 * the verifier can bound each write.
 */
#ifndef LNR_PROBE_FILL_BPF_H
#define LNR_PROBE_FILL_BPF_H

#define REC_MASK (LNR_PROBE_REC_MAX - 1)

/* A kernel pointer as its BTF type, for direct loads (6.2); NULL when
 * absent. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

/* The kernel's list of BPF features (6.17), matched by name at load:
 * vmlinux.h need not have it. */
enum bpf_features___lnr {
	BPF_FEAT_RDONLY_CAST_TO_VOID___lnr = 0,
};

/* Whether bpf_rdonly_cast(p, 0) gives an untyped pointer whose loads are
 * direct, at any offset (6.17): one load instead of a helper call. */
#define rdonly_void_cast()                                                     \
	(bpf_rdonly_cast &&                                                    \
	 bpf_core_enum_value_exists(enum bpf_features___lnr,                   \
				    BPF_FEAT_RDONLY_CAST_TO_VOID___lnr))

/* Whether a dentry walk's components hold a dotted name (name_dotted). */
enum walk_dots {
	WALK_DOTS_UNKNOWN, /* not looked for */
	WALK_DOTS_NONE,
	WALK_DOTS_FOUND,
};

/*
 * A path walk in progress (probe_path.bpf.h). It lives in the scratch
 * area, not on the stack: the verifier does not track values in map
 * memory, so it checks a step's code once (once per inline step), not
 * once for every depth and write position a walk could reach.
 */
struct walk {
	u64 comp[LNR_PROBE_PATH_DEPTH]; /* path components, leaf first */
	struct dentry *d;
	struct vfsmount *vm;
	struct mount *m;
	struct kernfs_node *kn;
	u16 n;	 /* components collected */
	u8 root; /* a dentry walk reached the root: the path is whole */
	u8 dots; /* enum walk_dots */
	u32 pos; /* next byte while writing them */
};
/* The open filter's key follows the walk: a key 8 bytes further on
 * measured about 60 ns more per open (bench/bpf_cost.sh). */

/* The fds a recvmsg received (probe_scm.bpf.h): found by its fds
 * filler, named by the fdnames filler after it. */
struct rfd_list {
	s32 fd[LNR_RFDS_MAX];
	u32 n;
};

struct scratch {
	u8 rec[LNR_PROBE_SCRATCH];
	struct walk walk;
	struct lnr_open_key key; /* an open's path, for the open filter */
	struct rfd_list rfds;
	u32 busy; /* a program is building a record here */
};

/*
 * The call an event reports, read once per program (the task's pointer
 * taken by one helper call): a syscall's exit, as the filters judge it
 * and its record shows it. Outside syscalls only the task is set, and the
 * result of an io_uring operation.
 */
struct sys_call {
	struct pt_regs *regs; /* saved user registers, NULL outside syscalls */
	struct task_struct *task;
	long ret;
	int compat; /* a 32-bit syscall: i386 argument registers */
};

static __always_inline void sys_call_init(struct sys_call *c, u64 *ctx)
{
	c->regs = (struct pt_regs *)ctx[0];
	c->ret = (long)ctx[1];
	c->task = bpf_get_current_task_btf();
	c->compat = syscall_compat(c->task);
}

/* The record of a syscall's own exit tracepoint (its format file). */
struct lnr_tp_exit {
	u64 common;
	s32 nr;
	long ret;
};

/* At a syscall's own exit tracepoint: the task's saved registers. Never
 * a 32-bit call: those tracepoints do not report them. */
static __always_inline void sys_call_init_tp(struct sys_call *c, long ret)
{
	c->task = bpf_get_current_task_btf();
	c->regs = (struct pt_regs *)bpf_task_pt_regs(c->task);
	c->ret = ret;
	c->compat = 0;
}

struct fill {
	struct scratch *s;
	u8 *rec;
	struct sys_call call;
	u32 pos;       /* next data byte */
	u32 idx;       /* next parameter */
	u32 argv0_len; /* bytes of argv[0] with its NUL, once read */
	u16 type;
	u8 exec_ok;   /* a successful exec: the argument registers are gone */
	u8 comm_seen; /* the record carries a comm, whose bit is comm_bit */
	u32 comm_bit;
	u32 sockargs; /* i386 socketcall: where its arguments are, else 0 */
	u8 fd_done;
	u32 fd_dev;
	u64 fd_ino;
	u8 how_done;
	struct open_how how;
	void *iou;	 /* what was kept of the io_uring request reported */
	void *iou_names; /* its names, for requests that carry them */
	u64 iou_kreq;	 /* the kernel's request (struct io_kiocb) */
	u8 iou_user;	 /* the submitter's memory is readable here */
	u64 pid_tgid;	 /* who the record names, 0 for the current task */
	struct mm_struct *mm; /* the task's, from the first PROC filler on */
	const struct cred *cred;
	u8 queue_done; /* accept: the listening socket's queue, read once */
	u8 pair_done;  /* socketpair: the two fds, read once */
	u32 queuelen;
	u32 queuemax;
	s32 pair_fd[2];
};

/* Keeps struct fill out of CO-RE relocations: read through a call. */
static __always_inline struct task_struct *ftask(struct fill *f)
{
	return f->call.task;
}

static __always_inline void put_len(struct fill *f, u32 len)
{
	u32 off = sizeof(struct lnr_evt_hdr) + 2 * (f->idx & 63);

	*(u16 *)&f->rec[off] = (u16)len;
	f->pos += len;
	f->idx++;
}

static __always_inline void put_empty(struct fill *f)
{
	put_len(f, 0);
}

/* An integer of the width the parameter type says. */
static __always_inline void put_num(struct fill *f, int t, u64 v)
{
	u32 n = lnr_param_fixed_size(t);
	u32 p = f->pos & REC_MASK;

	if (f->pos + 8 > LNR_PROBE_REC_MAX) {
		put_empty(f);
		return;
	}
	if (n == 8) {
		__builtin_memcpy(&f->rec[p], &v, 8);
	} else if (n == 4) {
		u32 v32 = (u32)v;

		__builtin_memcpy(&f->rec[p], &v32, 4);
	} else {
		f->rec[p] = (u8)v;
	}
	put_len(f, n);
}

static __always_inline void put_user_str(struct fill *f, const void *uptr)
{
	u32 p = f->pos & REC_MASK;
	long n = 0;

	if (uptr && f->pos + LNR_PROBE_STR_MAX <= LNR_PROBE_REC_MAX)
		n = bpf_probe_read_user_str(&f->rec[p], LNR_PROBE_STR_MAX,
					    uptr);
	put_len(f, n > 0 ? (u32)n : 0);
}

static __always_inline void put_kernel_str(struct fill *f, const void *kptr,
					   u32 max)
{
	u32 p = f->pos & REC_MASK;
	long n = 0;

	if (kptr && f->pos + LNR_PROBE_STR_MAX <= LNR_PROBE_REC_MAX)
		n = bpf_probe_read_kernel_str(&f->rec[p], max & 4095, kptr);
	put_len(f, n > 0 ? (u32)n : 0);
}

/* NUL-separated strings from user memory [start, end), bounded. */
static __always_inline void put_user_strings(struct fill *f, u64 start, u64 end)
{
	u32 p = f->pos & REC_MASK;
	u64 len = end > start ? end - start : 0;

	if (len > LNR_PROBE_STR_MAX)
		len = LNR_PROBE_STR_MAX;
	if (len == 0 || f->pos + LNR_PROBE_STR_MAX > LNR_PROBE_REC_MAX ||
	    bpf_probe_read_user(&f->rec[p], len, (void *)start) != 0) {
		put_empty(f);
		return;
	}
	f->rec[(p + len - 1) & REC_MASK] = 0; /* truncated: still a string */
	put_len(f, (u32)len);
}

/* i386 passes arguments in bx, cx, dx, si, di, bp. r is the tracepoint's
 * own BTF pointer: its fields are loaded directly, no helper call. */
static __always_inline u64 reg_arg32(struct pt_regs *r, int i)
{
	switch (i) {
	case 0:
		return (u32)r->bx;
	case 1:
		return (u32)r->cx;
	case 2:
		return (u32)r->dx;
	case 3:
		return (u32)r->si;
	case 4:
		return (u32)r->di;
	default:
		return (u32)r->bp;
	}
}

/* Syscall argument i from the saved user registers, of a 64-bit call or
 * (compat) a 32-bit one. */
static __always_inline u64 regs_arg(struct pt_regs *r, int compat, int i)
{
	if (compat)
		return reg_arg32(r, i);
	switch (i) {
	case 0:
		return r->di;
	case 1:
		return r->si;
	case 2:
		return r->dx;
	case 3:
		return r->r10;
	case 4:
		return r->r8;
	default:
		return r->r9;
	}
}

static __always_inline u64 call_arg(const struct sys_call *c, int i)
{
	return regs_arg(c->regs, c->compat, i);
}

/* Argument i: a register, or for i386 socketcall the i-th 32-bit word
 * of the array it points to. */
static __always_inline u64 reg_arg(struct fill *f, int i)
{
	u32 v = 0;

	if (f->sockargs) {
		bpf_probe_read_user(&v, sizeof(v),
				    (void *)(u64)(f->sockargs + 4 * (u32)i));
		return v;
	}
	return call_arg(&f->call, i);
}

static void put_exe_path(struct fill *f);

/*
 * A syscall argument. After a successful exec the registers belong to the
 * new program, so the path is the executable's and the rest is absent.
 */
static __always_inline void put_arg(struct fill *f, int t, int i)
{
	u64 v;

	if (f->exec_ok) {
		if (lnr_param_is_string(t))
			put_exe_path(f);
		else
			put_empty(f);
		return;
	}
	v = reg_arg(f, i);
	if (lnr_param_is_string(t))
		put_user_str(f, (const void *)v);
	else if (t == LNR_PT_FD || t == LNR_PT_PID || t == LNR_PT_ERRNO)
		put_num(f, t, (u64)(s64)(s32)v); /* C int arguments */
	else
		put_num(f, t, v);
}

#define fill_RET(f, t) put_num(f, t, (u64)(f)->call.ret)
#define fill_ARG0(f, t) put_arg(f, t, 0)
#define fill_ARG1(f, t) put_arg(f, t, 1)
#define fill_ARG2(f, t) put_arg(f, t, 2)
#define fill_ARG3(f, t) put_arg(f, t, 3)
#define fill_ARG4(f, t) put_arg(f, t, 4)
#define fill_ARG5(f, t) put_arg(f, t, 5)

/* The open file behind descriptor fd of task t, or NULL. t is the
 * current task's BTF pointer: the table is walked with direct loads, and
 * the array slot too where the kernel allows. */
#define FD_MASK 0x7fffffff

/* Task t's fd table when fd is within it, else NULL; t is a BTF pointer,
 * read with direct loads. max_fds is below 2^31 (fs.nr_open's bound):
 * FD_MASK only bounds an offset for the verifier. */
static __always_inline struct fdtable *fd_table(struct task_struct *t, long fd)
{
	struct fdtable *fdt = t->files->fdt;

	return fd >= 0 && fd < fdt->max_fds ? fdt : NULL;
}

static __always_inline struct file *task_fd_file(struct task_struct *t, long fd)
{
	struct fdtable *fdt = fd_table(t, fd);
	struct file *file = NULL;

	if (!fdt)
		return NULL;
	fd &= FD_MASK;
	if (rdonly_void_cast()) {
		struct file **slots = bpf_rdonly_cast(fdt->fd, 0);

		return slots[fd];
	}
	if (bpf_probe_read_kernel(&file, sizeof(file), &fdt->fd[fd]))
		return NULL;
	return file;
}

/* The open file behind descriptor fd of the record's task, or NULL. */
static __always_inline struct file *fd_file(struct fill *f, long fd)
{
	return task_fd_file(ftask(f), fd);
}

/* The device of an inode's file system, in the encoding stat(2)
 * reports in st_dev. */
static __always_inline u32 inode_dev(struct inode *ino)
{
	u32 kdev = BPF_CORE_READ(ino, i_sb, s_dev);
	u32 major = kdev >> 20, minor = kdev & 0xfffff;

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* dev and inode of the file fd names, looked up once per record. */
static __always_inline int fd_lookup_at(struct fill *f, long fd)
{
	struct file *file;
	struct inode *ino;

	if (f->fd_done)
		return f->fd_done == 1 ? 0 : -1;
	f->fd_done = 2;
	file = fd_file(f, fd);
	if (!file)
		return -1;
	ino = BPF_CORE_READ(file, f_inode);
	if (!ino)
		return -1;
	f->fd_dev = inode_dev(ino);
	f->fd_ino = BPF_CORE_READ(ino, i_ino);
	f->fd_done = 1;
	return 0;
}

/* dev and inode of the file a successful open returned. */
static __always_inline int fd_lookup(struct fill *f)
{
	return fd_lookup_at(f, f->call.ret);
}

#define fill_FD_DEV(f, t)                                                      \
	(fd_lookup(f) == 0 ? put_num(f, t, (f)->fd_dev) : put_empty(f))
#define fill_FD_INO(f, t)                                                      \
	(fd_lookup(f) == 0 ? put_num(f, t, (f)->fd_ino) : put_empty(f))

/* openat2's struct open_how, read once from user memory. */
static __always_inline int how_lookup(struct fill *f)
{
	if (!f->how_done)
		f->how_done = bpf_probe_read_user(&f->how, sizeof(f->how),
						  (void *)reg_arg(f, 2))
				  ? 2
				  : 1;
	return f->how_done == 1 ? 0 : -1;
}

#define fill_OPEN_HOW_FLAGS(f, t)                                              \
	(how_lookup(f) == 0 ? put_num(f, t, (f)->how.flags) : put_empty(f))
#define fill_OPEN_HOW_MODE(f, t)                                               \
	(how_lookup(f) == 0 ? put_num(f, t, (f)->how.mode) : put_empty(f))
#define fill_OPEN_HOW_RESOLVE(f, t)                                            \
	(how_lookup(f) == 0 ? put_num(f, t, (f)->how.resolve) : put_empty(f))

/* clone3: the flags are the first member of struct clone_args. */
static __always_inline void fill_CLONE3_FLAGS(struct fill *f, int t)
{
	u64 flags;

	if (bpf_probe_read_user(&flags, sizeof(flags), (void *)reg_arg(f, 0)))
		put_empty(f);
	else
		put_num(f, t, flags);
}

#endif
