/*
 * The hooks bench/bench_hooks compares, each doing as little as it can:
 * the probe's raw sys_exit filter (the same lookups, then a tail call
 * only when the syscall is selected), and an empty program for one
 * syscall's own syscalls/sys_exit_<name> tracepoint. raw_enter and
 * raw_evt, both empty, are the floor bench/filter.sh measures against.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "probe.h"

char LICENSE[] SEC("license") = "GPL";

#define TS_COMPAT_ 0x0002	    /* x86: the task is in a 32-bit syscall */
#define X32_SYSCALL_BIT_ 0x40000000 /* x86: an x32 syscall */

/* As in capture/probe.bpf.c: syscall number -> event type, 0 for none. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_NR_SYSCALLS);
	__type(key, u32);
	__type(value, u16);
} syscall_evt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_SOCKETCALLS);
	__type(key, u32);
	__type(value, u16);
} socketcall_evt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_NR_SYSCALLS);
	__type(key, u32);
	__type(value, u16);
} syscall_evt32 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, u32);
} evt_progs SEC(".maps");

/* The bench's calls seen by tp_count, for the coverage check. */
__u64 hits;
__u32 tgid;

/* An empty program on the raw sys_enter hook. */
SEC("tp_btf/sys_enter")
int raw_enter(u64 *ctx)
{
	return 0;
}

/* The tail call's target: an event program that builds nothing. */
SEC("tp_btf/sys_exit")
int raw_evt(u64 *ctx)
{
	return 0;
}

/* lnr_sys_exit's filter, line for line. */
SEC("tp_btf/sys_exit")
int BPF_PROG(raw_exit, struct pt_regs *regs, long ret)
{
	u32 nr = (u32)regs->orig_ax & ~X32_SYSCALL_BIT_;
	u16 *type = bpf_map_lookup_elem(&syscall_evt, &nr);
	u16 *type32 = bpf_map_lookup_elem(&syscall_evt32, &nr);
	struct task_struct *task;

	if ((!type || !*type) && (!type32 || !*type32) &&
	    nr != LNR_PROBE_NR32_SOCKETCALL)
		return 0;
	task = bpf_get_current_task_btf();
	if ((task->thread_info.status & TS_COMPAT_) &&
	    nr == LNR_PROBE_NR32_SOCKETCALL) {
		u32 call = (u32)regs->bx;

		type = bpf_map_lookup_elem(&socketcall_evt, &call);
	} else if (task->thread_info.status & TS_COMPAT_)
		type = type32;
	if (!type || !*type)
		return 0;
	bpf_tail_call(ctx, &evt_progs, *type);
	return 0;
}

/* The raw hook kept only for what tracepoints miss: 32-bit calls. */
SEC("tp_btf/sys_exit")
int BPF_PROG(raw_compat, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	u32 nr = (u32)regs->orig_ax;
	u16 *type;

	if (!(task->thread_info.status & TS_COMPAT_))
		return 0;
	type = bpf_map_lookup_elem(&syscall_evt32, &nr);
	if (!type || !*type)
		return 0;
	bpf_tail_call(ctx, &evt_progs, *type);
	return 0;
}

/* Attached by name at run time: syscalls/sys_exit_<name>. */
SEC("tracepoint")
int tp_empty(void *ctx)
{
	return 0;
}

SEC("tracepoint")
int tp_count(void *ctx)
{
	if (bpf_get_current_pid_tgid() >> 32 == tgid)
		__sync_fetch_and_add(&hits, 1);
	return 0;
}
