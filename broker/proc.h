/*
 * The process graph as data: one entry per child the broker runs. Output
 * workers get one entry per channel; a channel runs only when its enable
 * key says so.
 */
#ifndef LNR_PROC_H
#define LNR_PROC_H

#include <stddef.h>

#include "conf_keys.h"

enum proc_role {
	ROLE_CAPTURE,
	ROLE_ENGINE,
	ROLE_OUTPUT,
	ROLE_WEB,
	ROLE_K8SAUDIT,
	ROLE_CONTAINERS,
	ROLE_RESOLVE,
	ROLE_COUNT
};

/* What the broker opens for a child and hands it as a descriptor: for
 * an output worker (common/channels.def) its file or program; for
 * lanner-containers, connections to the container runtime's socket. */
enum proc_sink { SINK_none, SINK_file, SINK_program, SINK_runtime };

struct proc_def {
	const char *name;     /* endpoint name: RUNDIR/<name>.ipc */
	const char *binary;   /* file name of the program */
	const char *builddir; /* its folder in the build tree */
	enum proc_role role;
	const char *channel;	/* outputs: the channel argument */
	const char *enable_key; /* config key switching it on, or NULL */
	int enable_default;
	/* Instead of enable_key: on when any of these keys is true. */
	const enum conf_key_id *enable_any;
	size_t nenable_any;
	int needs_ring;	 /* inherits the ring memfd and eventfd */
	int owns_stdout; /* inherits the broker's stdout */
	/* PROC_LIVE: only with the probe; PROC_REPLAY: only for -e. */
	enum proc_when { PROC_ALWAYS, PROC_LIVE, PROC_REPLAY } when;
	enum proc_sink sink;
	/* Not started with the others, only once it has work (the resolver:
	 * when the rules name a domain); supervised as any from then on. */
	int on_demand;
};

extern const struct proc_def proc_table[];
extern const size_t proc_count;

const char *proc_role_name(enum proc_role role);
/* Whether the configuration c runs the process (its `when` aside). */
int proc_enabled(const struct proc_def *def, const struct conf *c);

#endif
