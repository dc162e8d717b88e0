/*
 * The /proc snapshot: at start, one PROC_SNAPSHOT record per existing
 * thread and one FD_SNAPSHOT record per open regular file, so the engine
 * knows the processes that started before the probe did.
 */
#ifndef LNR_PROC_SNAPSHOT_H
#define LNR_PROC_SNAPSHOT_H

#include <stdint.h>
#include <sys/types.h>

#include "source.h"

struct proc_snapshot_stats {
	uint64_t threads;
	uint64_t fds;
	uint64_t failed; /* threads or fds that vanished or did not fit */
};

/*
 * Walks procroot ("/proc") and hands each record to emit. Timestamps are
 * ns since the epoch. Returns 0 or -errno if procroot cannot be read.
 */
int proc_snapshot(const char *procroot, source_emit_fn emit, void *arg,
		  struct proc_snapshot_stats *st);

/*
 * One thread's record into buf, read through dir, a descriptor of
 * /proc/PID/task/TID; its length or -errno (also once that thread is gone,
 * whoever has its number now). Not reentrant: the readers share one
 * static work area.
 */
int proc_snapshot_thread(int dir, pid_t pid, pid_t tid, void *buf, size_t cap);

#endif
