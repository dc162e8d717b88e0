/*
 * Open file descriptors per process, from open/openat/openat2/creat
 * results, sockets, pipes and the other kinds of state_fd_kind.def, fd
 * snapshots, the dup family, fcntl, close and close_range. One
 * preallocated pool keyed by (pid, fd), with a bound per process and a
 * global one; refusals are counted.
 */
#ifndef LNR_STATE_FD_H
#define LNR_STATE_FD_H

#include <stdbool.h>
#include <stdint.h>

#include "evt_ctx.h"

struct sproc;
struct thread_table;

#define STATE_FDS_MAX 32768
#define STATE_FDS_PER_PROC 1024
#define SFD_NAME_LEN 1024

struct sfd {
	uint32_t pid;
	int32_t fd;
	uint32_t flags;
	uint32_t dev;
	uint64_t ino;
	enum sfd_kind kind;
	bool used;
	struct fd_sock sock;
	uint32_t next;	       /* hash chain / free list */
	uint32_t pnext, pprev; /* the process's list */
	char name[SFD_NAME_LEN];
};

struct fd_table {
	struct sfd *fds;
	uint32_t *hash;
	uint32_t mask;
	uint32_t free;
	uint32_t fresh; /* slots never used start here */
	uint32_t max;
	uint32_t count;
	uint64_t refused; /* pool or per-process bound hit */
};

int state_fd_init(struct fd_table *t, uint32_t max);
void state_fd_free(struct fd_table *t);

struct sfd *state_fd_find(const struct fd_table *t, uint32_t pid, int64_t fd);
/* Adds or replaces pid's fd, a file or directory as flags say (callers
 * adding another kind set it). NULL when refused. */
struct sfd *state_fd_add(struct fd_table *t, struct sproc *p, int64_t fd,
			 const char *name, uint32_t flags, uint32_t dev,
			 uint64_t ino);
void state_fd_remove(struct fd_table *t, struct sproc *p, int64_t fd);
/* Drops pid's fds first..last, both included (close_range). */
void state_fd_remove_range(struct fd_table *t, struct sproc *p, uint32_t first,
			   uint32_t last);
/* Marks pid's fds first..last close-on-exec (close_range). */
void state_fd_cloexec_range(struct fd_table *t, struct sproc *p, uint32_t first,
			    uint32_t last);
/* Drops the fds opened with O_CLOEXEC (the process exec'd). */
void state_fd_remove_cloexec(struct fd_table *t, struct sproc *p);
/* Drops every fd of a process (it exited). */
void state_fd_remove_all(struct fd_table *t, struct sproc *p);
/* Gives process to a copy of each fd of from (a fork's child). */
void state_fd_copy_all(struct fd_table *t, struct sproc *to,
		       const struct sproc *from);

/* The kind an open with these flags makes: a directory with
 * O_DIRECTORY, else a file. */
enum sfd_kind state_fd_open_kind(uint32_t flags);
/* The name fd.type shows for kind k, and fd.typechar's letter as a
 * one-letter string. */
const char *state_fd_kind_name(enum sfd_kind k);
const char *state_fd_kind_letter(enum sfd_kind k);

#endif
