/*
 * The eBPF probe. One program at raw syscall exit looks the syscall up
 * in a filter map and tail-calls the program of its event; each event
 * program is generated from common/event_table.def, one filler call per
 * parameter. A scheduler hook reports process exits; io_uring
 * operations are reported at completion (probe_iouring.bpf.h).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "event.h"
#include "openfilter.h"
#include "probe.h"
#include "procfilter.h"

char LICENSE[] SEC("license") = "GPL";

/* Wake the reader only once this much data waits; set before load. */
const volatile __u64 wakeup_watermark = LNR_PROBE_WATERMARK;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, LNR_PROBE_RINGBUF_SIZE);
} events SEC(".maps");

#include "probe_syscall.bpf.h"

/* Event types no rule wants, only the engine's state: 1. Their calls
 * that give the state nothing are left out (probe_scm.bpf.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_EVT_COUNT);
	__type(key, u32);
	__type(value, u16);
} evt_state_only SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, LNR_EVT_COUNT);
	__type(key, u32);
	__type(value, u32);
} evt_progs SEC(".maps");

#include "probe_fill.bpf.h"

/*
 * LNR_PROBE_AREAS scratch areas per CPU; the loader sizes the map to the
 * CPU count. LNR_PROBE_SLOTS of them are for records: a program can be
 * preempted by another task's program on the same CPU, so each takes a
 * free slot with an atomic exchange and drops its event (counted) when
 * all are taken. The last is the open filter's (scratch_open).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* Records lost, per CPU, by enum probe_drop reason and event type:
 * index reason * LNR_EVT_COUNT + type. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PROBE_DROP_COUNT *LNR_EVT_COUNT);
	__type(key, u32);
	__type(value, u64);
} drops SEC(".maps");

#include "probe_path.bpf.h"
#include "probe_names.bpf.h"
#include "probe_proc.bpf.h"
#include "probe_net.bpf.h"
#include "probe_scm.bpf.h"
#include "probe_fds.bpf.h"
#include "probe_io.bpf.h"

static __always_inline void count_drop(u32 why, u32 type)
{
	u32 key = why * LNR_EVT_COUNT + type;
	u64 *n = bpf_map_lookup_elem(&drops, &key);

	if (n)
		(*n)++;
}

static __always_inline struct scratch *scratch_take(u32 type)
{
	u32 base = bpf_get_smp_processor_id() * LNR_PROBE_AREAS;

	for (u32 i = 0; i < LNR_PROBE_SLOTS; i++) {
		u32 key = base + i;
		struct scratch *s = bpf_map_lookup_elem(&scratch, &key);

		if (!s)
			return NULL;
		if (__sync_lock_test_and_set(&s->busy, 1) == 0)
			return s;
	}
	count_drop(PROBE_DROP_BUSY, type);
	return NULL;
}

/*
 * The open filter's scratch area of this CPU, taken with no exchange:
 * only the programs lnr_sys_exit tail-calls judge opens, and that hook
 * runs with preemption off, never from an interrupt, and never twice at
 * once on a CPU (the kernel skips a run that would nest, and counts it
 * as missed), so one run at most uses it. A record of the open, if it
 * is kept, is built in a slot of its own.
 */
static __always_inline struct scratch *scratch_open(void)
{
	u32 key =
	    bpf_get_smp_processor_id() * LNR_PROBE_AREAS + LNR_PROBE_SLOTS;

	return bpf_map_lookup_elem(&scratch, &key);
}

/* Begins a record of type in a free scratch area; c is the syscall it
 * reports, NULL outside syscalls. */
static __always_inline int fill_begin(struct fill *f, const struct sys_call *c,
				      u16 type, u16 nparams)
{
	struct scratch *s = scratch_take(type);

	if (!s)
		return -1;
	__builtin_memset(f, 0, sizeof(*f));
	f->s = s;
	f->rec = s->rec;
	if (c) {
		f->call = *c;
		if (syscall_socketcall(c->regs, c->compat))
			f->sockargs = (u32)c->regs->cx;
	} else
		f->call.task = bpf_get_current_task_btf();
	f->type = type;
	f->pos = sizeof(struct lnr_evt_hdr) + 2 * (u32)nparams;
	return 0;
}

/* Writes the record's header; its length, 0 for a record too long. */
static __always_inline u32 fill_header(struct fill *f)
{
	struct lnr_evt_hdr *h = (struct lnr_evt_hdr *)f->rec;
	u64 id = f->pid_tgid ? f->pid_tgid : bpf_get_current_pid_tgid();
	u32 len = f->pos;

	if (len > LNR_PROBE_REC_MAX)
		return 0;
	h->ts = bpf_ktime_get_boot_ns();
	h->tid = (u32)id;
	h->pid = id >> 32;
	h->len = len;
	h->type = f->type;
	h->nparams = (u16)f->idx;
	return len;
}

static __always_inline void fill_end(struct fill *f)
{
	struct lnr_evt_hdr *h = (struct lnr_evt_hdr *)f->rec;
	u64 flags = BPF_RB_NO_WAKEUP;
	struct names_mark *names;
	u32 len = fill_header(f);

	if (!len) {
		f->s->busy = 0;
		return;
	}
	names = names_add(f);
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) + len >=
	    wakeup_watermark)
		flags = BPF_RB_FORCE_WAKEUP;
	if (bpf_ringbuf_output(&events, f->rec, len, flags))
		count_drop(PROBE_DROP_RINGBUF, f->type);
	else
		names_commit(f, names, h->ts);
	f->s->busy = 0;
}

#include "probe_open.bpf.h"
#include "probe_iouring.bpf.h"
/*
 * Whether this call of an event's syscall deserves a record, judged from
 * its arguments before anything is built. type is a constant in each
 * program, so events without a condition compile to nothing here.
 */
static __always_inline int evt_wanted(u16 type, const struct sys_call *c)
{
	return fds_wanted(type, c) && scm_wanted(type, c) &&
	       fds_seen(type, c) && open_wanted(type, c) &&
	       names_wanted(type, c);
}

/*
 * One body per SYSCALL event, one filler per parameter, in two programs:
 * one the raw sys_exit hook tail-calls, and one for the syscall's own
 * exit tracepoint (syscalls/sys_exit_<name>), attached while its event
 * is on where the loader hooks syscalls that way (probe_tphooks.c). The
 * loader loads one kind.
 */
#define LNR_P(type, name, source, flagset) fill_##source(&f, LNR_PT_##type);
#define PROG_SYSCALL(ID, sysname, params)                                      \
	static __always_inline int evt_##ID(const struct sys_call *c)          \
	{                                                                      \
		struct fill f;                                                 \
                                                                               \
		if (syscall_type(c->regs, c->compat) != LNR_EVT_##ID ||        \
		    !evt_wanted(LNR_EVT_##ID, c) ||                            \
		    fill_begin(&f, c, LNR_EVT_##ID, LNR_NPARAMS_##ID))         \
			return 0;                                              \
		f.exec_ok = (LNR_EVT_##ID == LNR_EVT_EXECVE ||                 \
			     LNR_EVT_##ID == LNR_EVT_EXECVEAT) &&              \
			    f.call.ret == 0;                                   \
		params fill_end(&f);                                           \
		return 0;                                                      \
	}                                                                      \
	SEC("tp_btf/sys_exit")                                                 \
	int lnr_evt_##ID(u64 *ctx)                                             \
	{                                                                      \
		struct sys_call c;                                             \
                                                                               \
		sys_call_init(&c, ctx);                                        \
		return evt_##ID(&c);                                           \
	}                                                                      \
	SEC("tracepoint/syscalls/sys_exit_" #sysname)                          \
	int lnr_tpe_##ID(struct lnr_tp_exit *ctx)                              \
	{                                                                      \
		struct sys_call c;                                             \
                                                                               \
		sys_call_init_tp(&c, ctx->ret);                                \
		return evt_##ID(&c);                                           \
	}
#define PROG_SCHED(ID, sysname, params)                                        \
	static __always_inline void fill_params_##ID(struct fill *fp)          \
	{                                                                      \
		struct fill f = *fp;                                           \
		params *fp = f;                                                \
	}
/* An io_uring event's program on one hook: HOOK's tracepoint, begun and
 * ended by iou_AT_begin and iou_AT_end. */
#define PROG_IOU_AT(ID, params, hook, prefix, at)                              \
	SEC("tp_btf/" hook)                                                    \
	int prefix##ID(u64 *ctx)                                               \
	{                                                                      \
		struct fill f;                                                 \
                                                                               \
		if (iou_##at##_begin(&f, ctx, LNR_EVT_##ID, LNR_NPARAMS_##ID)) \
			return 0;                                              \
		params iou_##at##_end(&f, ctx, LNR_EVT_##ID);                  \
		return 0;                                                      \
	}
/* At completion, and at submission for a success no completion reports. */
#define PROG_IOURING(ID, sysname, params)                                      \
	PROG_IOU_AT(ID, params, "io_uring_submit_req", lnr_skp_, skip)         \
	PROG_IOU_AT(ID, params, "io_uring_complete", lnr_evt_, fill)
#define PROG_SYNTH(ID, sysname, params)
#define PROG_PLUGIN(ID, sysname, params)
#define LNR_EVENT(ID, name, kind, params) PROG_##kind(ID, name, params)

/* Exit status as wait(2) reports it, from task->exit_code. */
#define EXIT_CODE_(f) BPF_CORE_READ(ftask(f), exit_code)
#define fill_EXIT_CODE(f, t) put_num(f, t, EXIT_CODE_(f))
#define fill_EXIT_RET(f, t) put_num(f, t, (EXIT_CODE_(f) >> 8) & 0xff)
#define fill_EXIT_SIG(f, t) put_num(f, t, EXIT_CODE_(f) & 0x7f)
#define fill_EXIT_CORE(f, t) put_num(f, t, (EXIT_CODE_(f) & 0x80) != 0)
#define fill_EXIT_REAPER(f, t) put_num(f, t, exit_reaper(f))

/*
 * Who inherits the children: another live thread of the group, else the
 * child reaper of the task's pid namespace.
 */
static __always_inline u64 exit_reaper(struct fill *f)
{
	struct task_struct *t = ftask(f);
	struct pid *p = BPF_CORE_READ(t, thread_pid);
	u32 level = BPF_CORE_READ(p, level);
	struct pid_namespace *ns;
	struct upid up = {};

	if (BPF_CORE_READ(t, signal, live.counter) > 0 &&
	    BPF_CORE_READ(t, group_leader) != t)
		return BPF_CORE_READ(t, group_leader, pid);
	bpf_core_read(&up, sizeof(up), &p->numbers[level & 31]);
	ns = up.ns;
	return BPF_CORE_READ(ns, child_reaper, pid);
}

#include "event_table.def"

SEC("tp_btf/sys_exit")
int BPF_PROG(lnr_sys_exit, struct pt_regs *regs, long ret)
{
	u16 type = syscall_candidate(regs);

	if (!type)
		return 0;
	/* Most fcntl calls (F_GETFL, F_SETFD) need no program. Whether the
	 * call is 32-bit is the program's to find out: here the command is
	 * taken from either kind's register, and a call goes on when either
	 * is wanted. */
	if (type == LNR_EVT_FCNTL &&
	    !fcntl_cmd_wanted((u32)regs_arg(regs, 0, 1)) &&
	    !fcntl_cmd_wanted((u32)regs_arg(regs, 1, 1)))
		return 0;
	/* A tail call to a constant index is a direct jump; to a computed
	 * one, an indirect jump, through a retpoline where the kernel uses
	 * them (15 ns more on this project's test machine). */
	switch (type) {
#undef LNR_EVENT
#define LNR_EVENT(ID, name, kind, params) TAIL_##kind(ID)
#define TAIL_SYSCALL(ID)                                                       \
	case LNR_EVT_##ID:                                                     \
		bpf_tail_call_static(ctx, &evt_progs, LNR_EVT_##ID);           \
		break;
#define TAIL_SCHED(ID)
#define TAIL_SYNTH(ID)
#define TAIL_PLUGIN(ID)
#define TAIL_IOURING(ID)
#include "event_table.def"
	}
	return 0;
}

/*
 * Run by capture once the open filter changed (probe_openfilter.c): every
 * open file and directory of every process is reported, as the /proc
 * snapshot reports files, into the iterator's output, and unmarked once
 * it is there, so that the engine knows those the old filter left out
 * (however their marks fared: an exec, close_range or a table of a
 * thread's own wipe them) and sees their closes. A table is walked
 * through its leader, or through each thread that holds another (the
 * leader exited, or a thread unshared it): the engine dedups.
 */
SEC("iter/task_file")
int lnr_fd_dump(struct bpf_iter__task_file *ctx)
{
	struct task_struct *t = ctx->task;
	struct file *file = ctx->file;
	struct inode *ino;
	struct fill f;
	u32 len, mode;

	if (!t || !file ||
	    (t != t->group_leader && t->files == t->group_leader->files))
		return 0;
	ino = file->f_inode;
	mode = ino ? ino->i_mode & S_IFMT_ : 0;
	if ((mode != S_IFREG_ && mode != S_IFDIR_) ||
	    fill_begin(&f, NULL, LNR_EVT_FD_SNAPSHOT, LNR_NPARAMS_FD_SNAPSHOT))
		return 0;
	f.call.task = t;
	f.pid_tgid = (u64)t->tgid << 32 | t->tgid;
	put_num(&f, LNR_PT_PID, t->tgid);
	put_num(&f, LNR_PT_FD, ctx->fd);
	put_file_path(&f, file);
	put_num(&f, LNR_PT_FLAGS32, file->f_flags);
	put_num(&f, LNR_PT_UINT32, inode_dev(ino));
	put_num(&f, LNR_PT_UINT64, ino->i_ino);
	len = fill_header(&f);
	/* Full output: the same fd comes again, in the next read. */
	if (len && !bpf_seq_write(ctx->meta->seq, f.rec, len))
		unseen_clear(unseen_get(t, 0), ctx->fd);
	f.s->busy = 0;
	return 0;
}

SEC("tp_btf/sched_process_exit")
int lnr_sched_exit(u64 *ctx)
{
	struct fill f;

	unseen_release(bpf_get_current_task_btf());
	if (fill_begin(&f, NULL, LNR_EVT_PROCEXIT, LNR_NPARAMS_PROCEXIT))
		return 0;
	fill_params_PROCEXIT(&f);
	fill_end(&f);
	return 0;
}
