/*
 * Which event a syscall's exit reports: the maps capture fills from the
 * selected event types (probe_load.c), and their lookup at the raw
 * sys_exit hook. Shared with bench/bench_hooks.bpf.c, which measures it.
 */
#ifndef LNR_PROBE_SYSCALL_BPF_H
#define LNR_PROBE_SYSCALL_BPF_H

#define TS_COMPAT_ 0x0002	    /* x86: the task is in a 32-bit syscall */
#define X32_SYSCALL_BIT_ 0x40000000 /* x86: an x32 syscall */

/* Syscall number -> event type, 0 for syscalls nobody wants. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_NR_SYSCALLS);
	__type(key, u32);
	__type(value, u16);
} syscall_evt SEC(".maps");

/* i386 socketcall's call number (SYS_SOCKET, SYS_CONNECT, ...) -> event
 * type, 0 for calls nobody wants: one syscall number for them all. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_SOCKETCALLS);
	__type(key, u32);
	__type(value, u16);
} socketcall_evt SEC(".maps");

/* The same for the ia32 table: 32-bit programs and int $0x80. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_NR_SYSCALLS);
	__type(key, u32);
	__type(value, u16);
} syscall_evt32 SEC(".maps");

/* Whether the call is i386 socketcall(call, args): one number for all
 * the socket calls, its arguments in an array. */
static __always_inline int syscall_socketcall(struct pt_regs *regs, int compat)
{
	return compat && (u32)regs->orig_ax == LNR_PROBE_NR32_SOCKETCALL;
}

/* The event type a syscall reports, 0 for none: by the table of its
 * kind (compat: the 32-bit one). */
static __always_inline u16 syscall_type(struct pt_regs *regs, int compat)
{
	/* x32 calls use the 64-bit numbers with a marker bit; a 32-bit call
	 * with that bit is no call (the kernel answers ENOSYS). */
	u32 nr = (u32)regs->orig_ax & (compat ? ~0u : ~X32_SYSCALL_BIT_);
	u16 *type;

	if (syscall_socketcall(regs, compat)) {
		u32 call = (u32)regs->bx;

		type = bpf_map_lookup_elem(&socketcall_evt, &call);
	} else if (compat)
		type = bpf_map_lookup_elem(&syscall_evt32, &nr);
	else
		type = bpf_map_lookup_elem(&syscall_evt, &nr);
	return type ? *type : 0;
}

/* Whether task t is in a 32-bit syscall. */
static __always_inline int syscall_compat(struct task_struct *t)
{
	return (t->thread_info.status & TS_COMPAT_) != 0;
}

/*
 * The event program a syscall's exit goes to, 0 for none, before the
 * task is known. A 32-bit call, from a 32-bit program or int $0x80 in a
 * 64-bit one, has its own numbers: ignoring it would blind the probe;
 * socketcall multiplexes the socket calls behind one number. When one
 * table alone wants the number, its program is the candidate and checks
 * the call's kind itself (syscall_type, with the task it fetches anyway);
 * only a number both tables want, or socketcall's, costs the helper
 * call that fetches the task here. Most calls cost two loads.
 */
static __always_inline u16 syscall_candidate(struct pt_regs *regs)
{
	/* The x32 bit stripped for either kind: syscall_type decides. */
	u32 nr = (u32)regs->orig_ax & ~X32_SYSCALL_BIT_;
	u16 *t64 = bpf_map_lookup_elem(&syscall_evt, &nr);
	u16 *t32 = bpf_map_lookup_elem(&syscall_evt32, &nr);
	u16 a = t64 ? *t64 : 0, b = t32 ? *t32 : 0;

	if (nr == LNR_PROBE_NR32_SOCKETCALL || (a && b && a != b))
		return syscall_type(regs,
				    syscall_compat(bpf_get_current_task_btf()));
	return a ? a : b;
}

#endif
