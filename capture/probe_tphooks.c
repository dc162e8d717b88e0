/*
 * Syscalls hooked at their own exit tracepoints (syscalls/sys_exit_<name>)
 * instead of the raw sys_exit hook, where the kernel takes neither i386
 * nor x32 syscalls, which those tracepoints do not report. There, an
 * event's tracepoint program is attached while the event is on, and a
 * syscall no event wants pays only the kernel's test of its bit, where
 * the raw hook runs a program for every syscall (bench/bench_hooks.c).
 * Each event's perf event and program are opened at load: capture, its
 * privileges dropped, then attaches and detaches with links alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "probe.skel.h"
#include "probe_load.h"
#include "syscall_abi.h"

static const char *const tracefs_roots[] = {
    "/sys/kernel/tracing",
    "/sys/kernel/debug/tracing",
};

/* The id of syscall call's exit tracepoint, or -errno. */
static int tp_id_read(const char *call)
{
	int err = -ENOENT;

	for (size_t i = 0; i < sizeof(tracefs_roots) / sizeof(*tracefs_roots);
	     i++) {
		char path[PATH_MAX], text[32], *end;
		FILE *f;
		long id;

		snprintf(path, sizeof(path),
			 "%s/events/syscalls/sys_exit_%s/id", tracefs_roots[i],
			 call);
		f = fopen(path, "re");
		if (!f) {
			err = -errno;
			continue;
		}
		if (!fgets(text, sizeof(text), f))
			text[0] = 0;
		fclose(f);
		errno = 0;
		id = strtol(text, &end, 10);
		return errno || end == text || id < 0 || id > INT_MAX ? -EINVAL
								      : (int)id;
	}
	return err;
}

/* The id of SYSCALL event t's exit tracepoint, or -errno; read from
 * tracefs once, as ids stay as they are while the kernel runs. */
static int tp_id(enum lnr_evt_type t)
{
	static int ids[LNR_EVT_COUNT], known[LNR_EVT_COUNT];

	if (!known[t]) {
		ids[t] = tp_id_read(lnr_events[t].name);
		known[t] = 1;
	}
	return ids[t];
}

/* The programs of SYSCALL event t: at its tracepoint (tp) or tail-called
 * from the raw hook; 0 for other kinds. */
static int syscall_progs(struct probe *skel, enum lnr_evt_type t,
			 struct bpf_program **tp, struct bpf_program **raw)
{
#define PROG_SYSCALL(ID)                                                       \
	case LNR_EVT_##ID:                                                     \
		*tp = skel->progs.lnr_tpe_##ID;                                \
		*raw = skel->progs.lnr_evt_##ID;                               \
		return 1;
#define PROG_SCHED(ID)
#define PROG_SYNTH(ID)
#define PROG_PLUGIN(ID)
#define PROG_IOURING(ID)
	switch (t) {
#define LNR_EVENT(ID, name, kind, params) PROG_##kind(ID)
#include "event_table.def"
#undef LNR_EVENT
	default:
		return 0;
	}
#undef PROG_SYSCALL
#undef PROG_SCHED
#undef PROG_SYNTH
#undef PROG_PLUGIN
#undef PROG_IOURING
}

/* The SYSCALL events whose syscall has no exit tracepoint here, logged
 * at level; how many. */
static int tp_missing(enum log_level level)
{
	int n = 0;

	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++)
		if (lnr_events[t].kind == LNR_KIND_SYSCALL && tp_id(t) < 0) {
			log_msg(
			    level,
			    "no tracepoint for %s: its calls go unseen with "
			    "tracepoint hooks",
			    lnr_events[t].name);
			n++;
		}
	return n;
}

/* Tracepoints where they miss nothing: the kernel takes no i386 or x32
 * calls, and every syscall the probe reports has its tracepoint. */
enum probe_hooks probe_tp_choose(enum probe_hooks want)
{
	int ia32, x32;

	if (want == PROBE_HOOKS_RAW)
		return want;
	ia32 = syscall_abi_ia32(); /* -errno: unknown, taken as yes */
	x32 = syscall_abi_x32();
	if (want == PROBE_HOOKS_TRACEPOINT) {
		if (ia32 || x32)
			log_warn("32-bit and x32 syscalls go unseen with "
				 "tracepoint hooks");
		tp_missing(LOG_LVL_WARN);
		return want;
	}
	if (ia32 || x32 || tp_missing(LOG_LVL_DEBUG))
		return PROBE_HOOKS_RAW;
	return PROBE_HOOKS_TRACEPOINT;
}

/*
 * One kind of program is loaded: the raw hook and the programs it
 * tail-calls, or the tracepoint programs, attached by probe_tp_set. A
 * syscall the kernel was built without has no tracepoint: it only ever
 * fails, and goes unseen with tracepoints.
 */
void probe_tp_autoload(struct probe_ctx *p)
{
	int tp = p->hooks == PROBE_HOOKS_TRACEPOINT;

	bpf_program__set_autoload(p->skel->progs.lnr_sys_exit, !tp);
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++) {
		struct bpf_program *tprog, *raw;

		if (!syscall_progs(p->skel, t, &tprog, &raw))
			continue;
		bpf_program__set_autoattach(tprog, false);
		bpf_program__set_autoload(raw, !tp);
		bpf_program__set_autoload(tprog, tp && tp_id(t) >= 0);
	}
}

/* The perf event of the tracepoint with this id, for every task. */
static int tp_perf_open(int id)
{
	struct perf_event_attr attr = {
	    .type = PERF_TYPE_TRACEPOINT,
	    .size = sizeof(attr),
	    .config = (uint64_t)id,
	};
	int fd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1,
			      PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int probe_tp_open(struct probe_ctx *p)
{
	if (p->hooks != PROBE_HOOKS_TRACEPOINT)
		return 0;
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++) {
		struct bpf_program *tprog, *raw;
		int id;

		if (!syscall_progs(p->skel, t, &tprog, &raw) ||
		    !bpf_program__autoload(tprog))
			continue;
		id = tp_id(t);
		if (id < 0)
			return id;
		p->tp[t].perf = tp_perf_open(id);
		if (p->tp[t].perf < 0)
			return p->tp[t].perf;
		/* The program outlives the object (probe_release_object). */
		p->tp[t].prog =
		    fcntl(bpf_program__fd(tprog), F_DUPFD_CLOEXEC, 3);
		if (p->tp[t].prog < 0)
			return -errno;
	}
	return 0;
}

int probe_tp_set(struct probe_ctx *p, enum lnr_evt_type t, int on)
{
	struct probe_tp *tp = &p->tp[t];

	if (p->hooks != PROBE_HOOKS_TRACEPOINT || tp->prog < 0)
		return 0;
	if (!on && tp->link >= 0) {
		close(tp->link);
		tp->link = -1;
	} else if (on && tp->link < 0) {
		tp->link =
		    bpf_link_create(tp->prog, tp->perf, BPF_PERF_EVENT, NULL);
		if (tp->link < 0)
			return -errno;
	}
	return 0;
}

void probe_tp_close(struct probe_ctx *p)
{
	for (uint32_t t = 0; t < LNR_EVT_COUNT; t++) {
		struct probe_tp *tp = &p->tp[t];

		if (tp->link >= 0)
			close(tp->link);
		if (tp->perf >= 0)
			close(tp->perf);
		if (tp->prog >= 0)
			close(tp->prog);
		tp->link = tp->perf = tp->prog = -1;
	}
}
