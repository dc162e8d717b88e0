/*
 * Loading the eBPF probe: open the skeleton, set its tuning values, load,
 * wire the per-event programs and the syscall filter, attach. Used by the
 * live event source and by the probe tests.
 */
#ifndef LNR_PROBE_LOAD_H
#define LNR_PROBE_LOAD_H

#include <stdint.h>

#include "event.h"
#include "kring.h"
#include "probe.h"
#include "procfilter.h"

typedef kring_fn probe_record_fn;

/* The maps used once the probe runs, by descriptor: they outlive the
 * libbpf object when probe_release_object has freed it. The three
 * tail-call tables are kept open so their programs stay in them. */
#define PROBE_MAPS(X)                                                          \
	X(events)                                                              \
	X(drops)                                                               \
	X(syscall_evt)                                                         \
	X(syscall_evt32)                                                       \
	X(socketcall_evt)                                                      \
	X(evt_state_only)                                                      \
	X(iou_op_evt)                                                          \
	X(open_cfg)                                                            \
	X(open_paths)                                                          \
	X(names_cfg)                                                           \
	X(evt_by_name)                                                         \
	X(evt_progs)                                                           \
	X(iou_progs)                                                           \
	X(iou_skip_progs)

struct probe_maps {
#define PROBE_MAP_FD(name) int name;
	PROBE_MAPS(PROBE_MAP_FD)
#undef PROBE_MAP_FD
};

/* How syscalls are hooked (probe_tphooks.c): AUTO picks tracepoints
 * where they see every syscall, else the raw hook. */
enum probe_hooks { PROBE_HOOKS_AUTO, PROBE_HOOKS_RAW, PROBE_HOOKS_TRACEPOINT };

/* A SYSCALL event's tracepoint program, its perf event and, while the
 * event is on, their link; -1 for none. */
struct probe_tp {
	int prog, perf, link;
};

struct probe_ctx {
	struct probe *skel;
	enum probe_hooks hooks; /* RAW or TRACEPOINT, once opened */
	struct probe_tp tp[LNR_EVT_COUNT];
	struct probe_maps fd;
	int released; /* fd holds copies; the object is gone */
	struct kring ring;
	probe_record_fn fn;
	void *arg;
	/* The IOURING event each io_uring opcode of the running kernel
	 * stands for, 0 for none. */
	uint16_t iou_op_evt[LNR_PROBE_IOU_OPS];
	struct lnr_open_cfg open_cfg; /* the open filter's settings now */
	struct lnr_names_cfg names;   /* the process filter's, when on */
	int names_broken;	      /* its last change failed: off */
};

/*
 * Loads and attaches the probe with every event enabled but reads and
 * writes; records go to
 * fn(arg, ...) from probe_poll. ring_bytes: the kernel ring buffer's
 * size, a power of two of at least a page (0: LNR_PROBE_RINGBUF_SIZE).
 */
int probe_load(struct probe_ctx *p, uint32_t ring_bytes, probe_record_fn fn,
	       void *arg);
/* probe_load in two steps, for a caller that looks at the programs in
 * between (bench/bench_probe_load asks for the verifier's figures):
 * probe_open opens the skeleton and sizes it, probe_start loads, wires
 * and attaches it. Both unload the probe when they fail. probe_load
 * hooks syscalls the way PROBE_HOOKS_AUTO picks. */
int probe_open(struct probe_ctx *p, uint32_t ring_bytes,
	       enum probe_hooks hooks);
int probe_start(struct probe_ctx *p, probe_record_fn fn, void *arg);
/* Frees the libbpf object (the programs' instructions, the object's BTF)
 * of a started probe, keeping the programs attached and the maps in fd:
 * what capture needs from then on. */
int probe_release_object(struct probe_ctx *p);
/* Turns one SYSCALL or IOURING event on (1, or PROBE_STATE_ONLY when no
 * rule wants it) or off (0) in the kernel filter. */
#define PROBE_STATE_ONLY 2
int probe_set_event(struct probe_ctx *p, enum lnr_evt_type type, int on);
struct openfilter;
/* Records every open (the state after a load), or those f names
 * (probe_openfilter.c). */
int probe_openfilter_init(struct probe_ctx *p);
int probe_openfilter_set(struct probe_ctx *p, const struct openfilter *f);
/* The process filter (probe_procfilter.c): off after a load; trust
 * starts it for the names of processes first seen after boot-time
 * after_ns (once capture's /proc snapshot is done); set gives the types
 * it applies to (PROCFILTER_EVT in set) and the names' mask. */
int probe_procfilter_init(struct probe_ctx *p);
int probe_procfilter_trust(struct probe_ctx *p, uint64_t after_ns);
int probe_procfilter_set(struct probe_ctx *p, const uint8_t set[LNR_EVT_COUNT],
			 const uint8_t mask[PROCFILTER_BYTES]);
/* Returns once every probe program that began before has returned: they
 * run under the RCU read lock, and this waits for a grace period. */
int probe_programs_drain(void);
/* A descriptor that polls readable when records wait. */
int probe_fd(const struct probe_ctx *p);
/* Delivers waiting records, waiting up to timeout_ms for the first;
 * returns how many were taken, or -errno. A record fn declines stays in
 * the kernel's ring for the next call. */
int probe_poll(struct probe_ctx *p, int timeout_ms);
/* Records the kernel side lost, summed over CPUs: its ring was full,
 * every scratch area of the CPU was in use, or an io_uring request found
 * no room. why and by_type (or NULL) get them by enum probe_drop reason
 * and by event type. */
uint64_t probe_kernel_drops(const struct probe_ctx *p,
			    uint64_t why[PROBE_DROP_COUNT],
			    uint64_t by_type[LNR_EVT_COUNT]);
void probe_unload(struct probe_ctx *p);

/* Where an event's program runs: at the syscall's exit, tail-called by
 * the raw hook (or an IOURING event's at its completion); an IOURING
 * event's at submission, for requests that post no completion
 * (probe.bpf.c PROG_IOURING); a SYSCALL event's at its own exit
 * tracepoint. probe_event_prog: the program, NULL for none. */
enum probe_prog_at {
	PROBE_AT_EXIT,
	PROBE_AT_SUBMIT,
	PROBE_AT_TRACEPOINT,
	PROBE_AT_COUNT
};
struct bpf_program;
struct bpf_program *probe_event_prog(struct probe *skel, enum lnr_evt_type t,
				     enum probe_prog_at at);

/* probe_tphooks.c, for the loader: the hooks to use for want (-errno
 * when tracepoints are wanted and the kernel has none); which
 * programs load; after the load, the perf events and programs to attach
 * (nothing with the raw hook); an event on or off; all closed. */
int probe_tp_choose(enum probe_hooks want);
void probe_tp_autoload(struct probe_ctx *p);
int probe_tp_open(struct probe_ctx *p);
int probe_tp_set(struct probe_ctx *p, enum lnr_evt_type t, int on);
void probe_tp_close(struct probe_ctx *p);

#endif
