/*
 * Loading the eBPF probe: open the skeleton, set its tuning values, load,
 * wire the per-event programs and the syscall filter, attach. Used by the
 * live event source and by the probe tests.
 */
#ifndef LNR_PROBE_LOAD_H
#define LNR_PROBE_LOAD_H

#include <stdint.h>

#include "event.h"
#include "probe.h"

typedef int (*probe_record_fn)(void *arg, const void *rec, size_t len);

struct probe_ctx {
	struct probe *skel;
	struct ring_buffer *rb;
	probe_record_fn fn;
	void *arg;
};

/*
 * Loads and attaches the probe with every SYSCALL event enabled; records
 * go to fn(arg, ...) from probe_poll. watermark: bytes waiting in the
 * kernel ring before the reader is woken (0 for the default).
 */
int probe_load(struct probe_ctx *p, uint64_t watermark, probe_record_fn fn,
	       void *arg);
/* Turns one SYSCALL event on or off in the kernel filter. */
int probe_set_event(struct probe_ctx *p, enum lnr_evt_type type, int on);
/* A descriptor that polls readable when records wait. */
int probe_fd(const struct probe_ctx *p);
/* Delivers waiting records; returns how many, or -errno. */
int probe_poll(struct probe_ctx *p, int timeout_ms);
/* Records the kernel side lost: its ring was full, or every scratch
 * area of the CPU was in use. why (or NULL) gets them by enum
 * probe_drop reason. */
uint64_t probe_kernel_drops(const struct probe_ctx *p,
			    uint64_t why[PROBE_DROP_COUNT]);
void probe_unload(struct probe_ctx *p);

#endif
