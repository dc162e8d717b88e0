/*
 * Helpers of the probe test: load the probe through the capture loader,
 * keep the records that concern this process and its children, and wait
 * (bounded) for one that matches.
 */
#ifndef LNR_TEST_PROBE_UTIL_H
#define LNR_TEST_PROBE_UTIL_H

#include <stdint.h>
#include <sys/types.h>

#include "event.h"

#define TP_WAIT_MS 3000

/* 0, 77 when the probe cannot run here (not root, no BTF), or 1. */
int tp_start(void);
void tp_stop(void);

/*
 * The first kept record of `type` from thread tid that was not returned
 * before, waiting up to TP_WAIT_MS; NULL if none came. A record is kept
 * when this process or one of its children made it, or it is a procexit.
 */
const struct lnr_evt *tp_wait(enum lnr_evt_type type, pid_t tid);

/* Every event the probe emits had a record taken by some case: an
 * event added to the schema without a test fails here. */
void tp_check_all_taken(void);
/* The kernel here cannot make this event (an io_uring operation it
 * does not have): says so and excuses it from tp_check_all_taken. */
void tp_not_here(enum lnr_evt_type type, const char *why);
/* Whether the probe can report event type here: 0 (said, and excused
 * from tp_check_all_taken) for a syscall the kernel was built without
 * where syscalls are hooked at their own tracepoints, which it lacks. */
int tp_hooked(enum lnr_evt_type type);
/* Whether syscalls are hooked at their own tracepoints. */
int tp_hooks_tracepoint(void);
/* The next record of type from this thread made since t0, its header
 * checked. */
const struct lnr_evt *tp_own(enum lnr_evt_type type, uint64_t t0);

/* Parameter by name, in the record's own event type. */
const uint8_t *tp_param(const struct lnr_evt *e, const char *name,
			uint16_t *len);
int64_t tp_s64(const struct lnr_evt *e, const char *name);
/* NULL when e is NULL or has no such string. */
const char *tp_str(const struct lnr_evt *e, const char *name);
/* 1 when the parameter is present but empty. */
int tp_empty(const struct lnr_evt *e, const char *name);

/* Turns an event on or off in the probe's kernel filter. 0 or -errno. */
int tp_select(enum lnr_evt_type type, int on);

/* ns since boot, the probe's clock. */
uint64_t tp_boot_ns(void);

/* The checks the test cases share; each failure is counted by CHECK. */
extern char tp_dir[64]; /* the test's own folder, made by main */
/* A raw syscall's result as the kernel gave it: -errno on failure. */
long tp_res(long r);
int tp_str_is(const struct lnr_evt *e, const char *name, const char *v);
void tp_check_header(const struct lnr_evt *e, pid_t tid, pid_t pid,
		     uint64_t t0);
/* Header and result of a record that may be missing. */
int tp_res_is(const struct lnr_evt *e, long want, uint64_t t0);
/* The next record of type from this process whose parameter name is v. */
const struct lnr_evt *tp_wait_str(enum lnr_evt_type type, const char *name,
				  const char *v);
const struct lnr_evt *tp_wait_num(enum lnr_evt_type type, const char *name,
				  int64_t v);
/* tp_dir/name in buf (128 bytes). */
const char *tp_in_dir(char *buf, const char *name);
void tp_make_file(const char *name);
int tp_dir_fd(void);
/* Sends n fds (at most LNR_RFDS_MAX) with one byte over sock, by a
 * 64-bit sendmsg with SCM_RIGHTS. */
void tp_send_fds(int sock, const int *fds, unsigned n);

/* The case files: test_probe_files.c, test_probe_ident.c,
 * test_probe_compat.c, test_probe_iouring.c, test_probe_iouring_io.c,
 * test_probe_net.c, test_probe_scm.c, test_probe_fds.c,
 * test_probe_io.c. */
void tp_files_run(void);
void tp_ident_run(void);
void tp_compat_run(void);
void tp_iouring_run(void);
void tp_iouring_io_run(void);
void tp_net_run(void);
void tp_scm_run(void);
void tp_fds_run(void);
void tp_io_run(void);

#endif
