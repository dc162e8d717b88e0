/*
 * Event sources: where capture gets records from. The live eBPF probe is
 * the first; a capture-file replay or user-space instrumentation plugs in
 * behind the same calls. A source hands whole records in the
 * common/event.h format to an emit callback.
 */
#ifndef LNR_SOURCE_H
#define LNR_SOURCE_H

#include <stddef.h>
#include <stdint.h>

/* 0 when the record was taken; > 0 asks a source that can keep it
 * (the probe's) to hand it over again later, with what follows it. */
typedef int (*source_emit_fn)(void *arg, const void *rec, size_t len);

struct source_stats {
	uint64_t records;	      /* handed to emit */
	uint64_t kernel_drops;	      /* lost before they reached us */
	uint64_t kernel_buffer_drops; /* of those, to a full kernel buffer */
};

struct event_source {
	const char *name;
	/* Timestamps are ns since boot and need converting to the epoch. */
	int boot_time;
	/* The kernel buffer's size in bytes for a source that has one, set
	 * before open; 0 for its default. */
	uint32_t buffer_bytes;
	/* The probe's enum probe_hooks, set before open (0: auto). */
	int hooks;
	/* Starts the source; records go to emit(arg, ...). 0 or -errno. */
	int (*open)(struct event_source *s, const char *arg,
		    source_emit_fn emit, void *emit_arg);
	/* A descriptor to poll for readability, or -1 to poll on a timer. */
	int (*fd)(const struct event_source *s);
	/* Delivers the records waiting now; returns how many, or -errno
	 * (-ENODATA: a finite source has no more). */
	int (*next)(struct event_source *s);
	void (*stats)(const struct event_source *s, struct source_stats *st);
	void (*close)(struct event_source *s);
	void *priv;
};

/* The live probe; copy it and call open. arg is unused. */
extern const struct event_source source_probe;

/* Turns a SYSCALL event on or off in the live probe's kernel filter. */
int source_probe_set_event(struct event_source *s, int type, int on);
struct openfilter;
/* Which opens the live probe records. */
int source_probe_set_openfilter(struct event_source *s,
				const struct openfilter *f);
/* The live probe's process filter (capture/probe_load.h). */
int source_probe_set_procfilter(struct event_source *s, const uint8_t *set,
				const uint8_t *mask);
int source_probe_trust_names(struct event_source *s, uint64_t after_ns);

#endif
