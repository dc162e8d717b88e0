/*
 * Threads and processes the engine knows about, built from /proc
 * snapshots, clone, exec and exit records. Both tables are preallocated
 * pools with a bound; what does not fit is refused and counted.
 */
#ifndef LNR_STATE_THREAD_H
#define LNR_STATE_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define STATE_THREADS_MAX 131072
#define STATE_PROCS_MAX 16384

#define SPROC_COMM_LEN 17
#define SPROC_EXE_LEN 256
#define SPROC_PATH_LEN 1024
#define SPROC_ARGS_LEN 2048
#define SPROC_ENV_LEN 2048
#define SPROC_CGROUP_LEN 512

#define STATE_NONE UINT32_MAX /* no pool slot */

/* A thread group: everything a process's threads share. */
struct sproc {
	uint32_t pid;
	uint32_t ppid; /* parent's tid as the kernel reported it */
	uint32_t sid, vpgid, vpid;
	uint32_t uid, gid, euid, egid, loginuid;
	uint32_t tty, flags;
	uint64_t cap_inh, cap_prm, cap_eff;
	uint64_t start_ts;
	uint64_t exe_ino, exe_ctime, exe_mtime;
	uint32_t nthreads;
	uint32_t nfds;
	uint32_t fd_head; /* first of this process's fds (state_fd) */
	uint32_t next;	  /* hash chain / free list */
	bool used;
	bool full;	   /* filled from a record with PROC params */
	uint16_t args_len; /* bytes of args (NUL-separated strings) */
	uint16_t env_len;
	char comm[SPROC_COMM_LEN];
	char exe[SPROC_EXE_LEN];
	char exepath[SPROC_PATH_LEN];
	char cwd[SPROC_PATH_LEN];
	char args[SPROC_ARGS_LEN];
	char env[SPROC_ENV_LEN];
	char cgroups[SPROC_CGROUP_LEN];
};

struct sthread {
	uint32_t tid;
	uint32_t vtid;
	uint32_t proc; /* slot in the process pool */
	uint32_t next;
	bool used;
};

struct thread_table {
	struct sthread *threads;
	struct sproc *procs;
	uint32_t *thash, *phash; /* bucket heads */
	uint32_t *ppids; /* parent of each process slot, for reparenting */
	uint32_t tmask, pmask;
	uint32_t tfree, pfree;	 /* free list heads */
	uint32_t tfresh, pfresh; /* slots never used start here */
	uint32_t tmax, pmax;
	uint32_t nthreads, nprocs;
	uint64_t refused_threads;
	uint64_t refused_procs;
};

int state_thread_init(struct thread_table *t, uint32_t max_threads,
		      uint32_t max_procs);
void state_thread_free(struct thread_table *t);

struct sthread *state_thread_find(const struct thread_table *t, uint32_t tid);
struct sproc *state_proc_find(const struct thread_table *t, uint32_t pid);
struct sproc *state_thread_proc(const struct thread_table *t,
				const struct sthread *thr);

/*
 * The thread tid of process pid, created with a minimal process entry
 * when unknown; a thread seen under another pid moves there. NULL when a
 * table is full (counted).
 */
struct sthread *state_thread_get(struct thread_table *t, uint32_t tid,
				 uint32_t pid);

/* Removes a thread; returns its process when that was its last thread
 * (the caller drops the process's fds, then calls state_proc_remove). */
struct sproc *state_thread_remove(struct thread_table *t, uint32_t tid);
void state_proc_remove(struct thread_table *t, struct sproc *p);

/* Copies the LNR_PROC_PARAMS starting at parameter `first` into p. */
void state_proc_fill(struct thread_table *t, struct sproc *p,
		     const struct lnr_evt *e, unsigned first);
/* A new process's image and credentials from its parent (a fork whose
 * child record has not arrived). */
void state_proc_inherit(struct thread_table *t, struct sproc *child,
			const struct sproc *parent);
void state_proc_set_parent(struct thread_table *t, struct sproc *p,
			   uint32_t ppid);
/* Children whose parent was `old` (an exited thread or process) now have
 * `reaper` as parent, as the kernel reparents them. */
void state_proc_reparent(struct thread_table *t, uint32_t old, uint32_t reaper);

/* The parent process, or NULL when unknown. */
struct sproc *state_proc_parent(const struct thread_table *t,
				const struct sproc *p);

#endif
