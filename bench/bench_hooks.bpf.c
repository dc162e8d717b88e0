/*
 * The hooks bench/bench_hooks compares, each doing as little as it can:
 * the probe's raw sys_exit filter (the same lookups, then a tail call
 * only when the syscall is selected), and an empty program for one
 * syscall's own syscalls/sys_exit_<name> tracepoint. raw_enter and
 * raw_evt, both empty, are the floor bench/filter.sh measures against.
 * raw_path does the least a filter that judges opens by their path can.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "openfilter.h"
#include "probe.h"
#include "probe_syscall.bpf.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, u32);
} evt_progs SEC(".maps");

/* Where raw_path copies a path: as large as a scratch area of the
 * probe, so that the kernel allocates it as it does theirs (vmalloc),
 * where the copy's hardened-usercopy check is cheapest. One for all
 * CPUs: nothing reads it. */
struct path_copy {
	char bytes[LNR_PROBE_SCRATCH];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct path_copy);
} path_copy SEC(".maps");

/* openat's number, set before load. */
const volatile __u32 openat_nr;

/* The bench's calls seen by tp_count, for the coverage check. */
__u64 hits;
__u32 tgid;

/* An empty program on the raw sys_enter hook. */
SEC("tp_btf/sys_enter")
int raw_enter(u64 *ctx)
{
	return 0;
}

/* The tail call's target: an event program that builds nothing. The
 * work an event program does whatever its hook (the task, the record)
 * is left out of every column. */
SEC("tp_btf/sys_exit")
int raw_evt(u64 *ctx)
{
	return 0;
}

/* lnr_sys_exit's filter (capture/probe_syscall.bpf.h). */
SEC("tp_btf/sys_exit")
int BPF_PROG(raw_exit, struct pt_regs *regs, long ret)
{
	/* The one selected type is 1: a constant index, as the probe's. */
	if (syscall_candidate(regs) == 1)
		bpf_tail_call_static(ctx, &evt_progs, 1);
	return 0;
}

/* An empty program, but that it copies the path of each openat from
 * the caller's memory, as the probe's open filter must before it can
 * judge the open: the least such a filter costs. */
SEC("tp_btf/sys_exit")
int BPF_PROG(raw_path, struct pt_regs *regs, long ret)
{
	struct path_copy *p;
	u32 zero = 0;

	if ((u32)regs->orig_ax != openat_nr)
		return 0;
	p = bpf_map_lookup_elem(&path_copy, &zero);
	if (p)
		bpf_probe_read_user_str(p->bytes, OPENFILTER_KEY_MAX,
					(const void *)regs->si);
	return 0;
}

/* The raw hook kept only for what tracepoints miss: 32-bit calls. */
SEC("tp_btf/sys_exit")
int BPF_PROG(raw_compat, struct pt_regs *regs, long ret)
{
	u16 type;

	if (!syscall_compat(bpf_get_current_task_btf()))
		return 0;
	type = syscall_type(regs, 1);
	if (!type)
		return 0;
	bpf_tail_call(ctx, &evt_progs, type);
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
