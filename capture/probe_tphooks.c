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
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
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

/* The directory of the syscall events in a mounted tracefs, NULL while
 * there is none; once found, it stays. */
static const char *tracefs_syscalls(void)
{
	static char found[PATH_MAX];

	for (size_t i = 0;
	     !found[0] && i < sizeof(tracefs_roots) / sizeof(*tracefs_roots);
	     i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/events/syscalls",
			 tracefs_roots[i]);
		if (!access(path, X_OK))
			memcpy(found, path, sizeof(found));
	}
	return found[0] ? found : NULL;
}

/*
 * Tracepoint ids are read from tracefs. Where nobody mounted it (a host
 * without systemd, a container), it is mounted for this thread alone,
 * in a mount namespace of its own: the host's mounts stay as they are.
 * 0, or -errno when the kernel has no syscall tracepoints to find.
 */
static int tracefs_ready(void)
{
	int err = 0;

	if (tracefs_syscalls())
		return 0;
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tracefs", tracefs_roots[0], "tracefs",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		err = -errno;
	if (!err && !tracefs_syscalls())
		err = -ENOENT;
	if (err)
		log_warn("no tracefs with syscall events at %s: %s",
			 tracefs_roots[0], strerror(-err));
	else
		log_info(
		    "tracefs mounted at %s, in a mount namespace of its own",
		    tracefs_roots[0]);
	return err;
}

/* The id of syscall call's exit tracepoint, or -errno. */
static int tp_id_read(const char *call)
{
	const char *dir = tracefs_syscalls();
	char path[PATH_MAX], text[32], *end;
	FILE *f;
	long id;

	if (!dir)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/sys_exit_%s/id", dir, call);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(text, sizeof(text), f))
		text[0] = 0;
	fclose(f);
	errno = 0;
	id = strtol(text, &end, 10);
	return errno || end == text || id < 0 || id > INT_MAX ? -EINVAL
							      : (int)id;
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
int probe_tp_choose(enum probe_hooks want)
{
	int ia32, x32;

	if (want == PROBE_HOOKS_RAW)
		return want;
	ia32 = syscall_abi_ia32(); /* -errno: unknown, taken as yes */
	x32 = syscall_abi_x32();
	if (want == PROBE_HOOKS_AUTO && (ia32 || x32))
		return PROBE_HOOKS_RAW;
	if (tracefs_ready())
		return want == PROBE_HOOKS_AUTO ? PROBE_HOOKS_RAW : -ENOENT;
	if (want == PROBE_HOOKS_TRACEPOINT) {
		if (ia32 || x32)
			log_warn("32-bit and x32 syscalls go unseen with "
				 "tracepoint hooks");
		tp_missing(LOG_LVL_WARN);
		return want;
	}
	return tp_missing(LOG_LVL_DEBUG) ? PROBE_HOOKS_RAW
					 : PROBE_HOOKS_TRACEPOINT;
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
		struct bpf_program *tprog =
		    probe_event_prog(p->skel, t, PROBE_AT_TRACEPOINT);

		if (!tprog)
			continue;
		bpf_program__set_autoload(
		    probe_event_prog(p->skel, t, PROBE_AT_EXIT), !tp);
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
		struct bpf_program *tprog =
		    probe_event_prog(p->skel, t, PROBE_AT_TRACEPOINT);
		int id;

		if (!tprog || !bpf_program__autoload(tprog))
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
