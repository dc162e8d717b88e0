/*
 * Synthetic event records for the engine's state and field tests, built
 * with the schema's record builder from values indexed by the generated
 * LNR_PI_ constants, so no fixture restates the parameter order.
 */
#ifndef LNR_TEST_STATE_EVTS_H
#define LNR_TEST_STATE_EVTS_H

#include <stdint.h>
#include <string.h>

#include "common/event.h"

#define TEVT_BUF 8192

struct tproc {
	const char *exe, *cwd, *comm, *exepath, *cgroups;
	const char *args[8];
	const char *env[4];
	uint32_t tid, pid, ptid;
	uint32_t uid, gid, euid, egid, loginuid, sid, vpgid, tty;
	uint64_t cap_inh, cap_prm, cap_eff;
	uint32_t vtid, vpid, flags;
	uint64_t start_ts, exe_ino, exe_ctime, exe_mtime;
};

/* Strings one after another (a CHARBUFARRAY) in out. */
static inline struct lnr_pval tevt_strs(char *out, size_t cap,
					const char *const *v, unsigned n)
{
	size_t used = 0;

	for (unsigned i = 0; i < n && v[i]; i++) {
		size_t l = strlen(v[i]) + 1;

		if (used + l > cap)
			break;
		memcpy(out + used, v[i], l);
		used += l;
	}
	return LNR_PV_BYTES(out, used);
}

/* Room for a process's argument and environment strings. */
struct tevt_arrays {
	char args[1024], env[1024];
};

/* Fills LNR_PROC_PARAMS: v points where the block starts. */
static inline void tevt_proc(struct lnr_pval *v, const struct tproc *p,
			     struct tevt_arrays *a)
{
	v[LNR_PROC_PI_exe] = LNR_PV_STR(p->exe ? p->exe : "");
	v[LNR_PROC_PI_args] = tevt_strs(a->args, sizeof(a->args), p->args, 8);
	v[LNR_PROC_PI_tid] = LNR_PV_NUM(p->tid);
	v[LNR_PROC_PI_pid] = LNR_PV_NUM(p->pid);
	v[LNR_PROC_PI_ptid] = LNR_PV_NUM(p->ptid);
	v[LNR_PROC_PI_cwd] = LNR_PV_STR(p->cwd ? p->cwd : "/");
	v[LNR_PROC_PI_comm] = LNR_PV_STR(p->comm ? p->comm : "");
	v[LNR_PROC_PI_exepath] = LNR_PV_STR(p->exepath ? p->exepath : "");
	v[LNR_PROC_PI_uid] = LNR_PV_NUM(p->uid);
	v[LNR_PROC_PI_gid] = LNR_PV_NUM(p->gid);
	v[LNR_PROC_PI_euid] = LNR_PV_NUM(p->euid);
	v[LNR_PROC_PI_egid] = LNR_PV_NUM(p->egid);
	v[LNR_PROC_PI_loginuid] = LNR_PV_NUM(p->loginuid);
	v[LNR_PROC_PI_sid] = LNR_PV_NUM(p->sid);
	v[LNR_PROC_PI_vpgid] = LNR_PV_NUM(p->vpgid);
	v[LNR_PROC_PI_tty] = LNR_PV_NUM(p->tty);
	v[LNR_PROC_PI_cap_inheritable] = LNR_PV_NUM(p->cap_inh);
	v[LNR_PROC_PI_cap_permitted] = LNR_PV_NUM(p->cap_prm);
	v[LNR_PROC_PI_cap_effective] = LNR_PV_NUM(p->cap_eff);
	v[LNR_PROC_PI_vtid] = LNR_PV_NUM(p->vtid ? p->vtid : p->tid);
	v[LNR_PROC_PI_vpid] = LNR_PV_NUM(p->vpid ? p->vpid : p->pid);
	v[LNR_PROC_PI_flags] = LNR_PV_NUM(p->flags);
	v[LNR_PROC_PI_start_ts] = LNR_PV_NUM(p->start_ts);
	v[LNR_PROC_PI_exe_ino] = LNR_PV_NUM(p->exe_ino);
	v[LNR_PROC_PI_exe_ino_ctime] = LNR_PV_NUM(p->exe_ctime);
	v[LNR_PROC_PI_exe_ino_mtime] = LNR_PV_NUM(p->exe_mtime);
	v[LNR_PROC_PI_cgroups] = LNR_PV_STR(p->cgroups ? p->cgroups : "");
	v[LNR_PROC_PI_env] = tevt_strs(a->env, sizeof(a->env), p->env, 4);
}

/* A record of `type` from values indexed by its LNR_PI_ constants. */
static inline int tevt_build(uint8_t *buf, enum lnr_evt_type type, uint64_t ts,
			     uint32_t tid, uint32_t pid,
			     const struct lnr_pval *v)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, type, ts, tid, pid);
	lnr_evtb_add_vals(&b, v, lnr_events[type].nparams);
	return lnr_evtb_finish(&b);
}

static inline int tevt_snapshot(uint8_t *buf, uint64_t ts,
				const struct tproc *p)
{
	struct lnr_pval v[LNR_NPARAMS_PROC_SNAPSHOT] = {0};
	struct tevt_arrays a;

	tevt_proc(v + LNR_PI_PROC_SNAPSHOT_exe, p, &a);
	return tevt_build(buf, LNR_EVT_PROC_SNAPSHOT, ts, p->tid, p->pid, v);
}

/* A clone-family record made by task p (parent: res > 0, child: 0). */
static inline int tevt_clone(uint8_t *buf, enum lnr_evt_type type, uint64_t ts,
			     int64_t res, uint64_t flags, const struct tproc *p)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {0};
	struct tevt_arrays a;

	v[LNR_PI_RET] = LNR_PV_NUM((uint64_t)res);
	if (type == LNR_EVT_CLONE)
		v[LNR_PI_CLONE_clone_flags] = LNR_PV_NUM(flags);
	if (type == LNR_EVT_CLONE3)
		v[LNR_PI_CLONE3_clone_flags] = LNR_PV_NUM(flags);
	tevt_proc(v + lnr_evt_proc_index(type), p, &a);
	return tevt_build(buf, type, ts, p->tid, p->pid, v);
}

static inline int tevt_execve(uint8_t *buf, uint64_t ts, int64_t res,
			      const char *filename, const struct tproc *p)
{
	struct lnr_pval v[LNR_NPARAMS_EXECVE] = {0};
	struct tevt_arrays a;

	v[LNR_PI_EXECVE_res] = LNR_PV_NUM((uint64_t)res);
	v[LNR_PI_EXECVE_filename] = LNR_PV_STR(filename);
	tevt_proc(v + LNR_PI_EXECVE_exe, p, &a);
	return tevt_build(buf, LNR_EVT_EXECVE, ts, p->tid, p->pid, v);
}

static inline int tevt_open(uint8_t *buf, uint64_t ts, uint32_t tid,
			    uint32_t pid, int64_t fd, const char *name,
			    uint32_t flags, uint32_t mode)
{
	const struct lnr_pval v[LNR_NPARAMS_OPEN] = {
	    [LNR_PI_OPEN_fd] = LNR_PV_NUM((uint64_t)fd),
	    [LNR_PI_OPEN_name] = LNR_PV_STR(name),
	    [LNR_PI_OPEN_flags] = LNR_PV_NUM(flags),
	    [LNR_PI_OPEN_mode] = LNR_PV_NUM(mode),
	    [LNR_PI_OPEN_dev] = LNR_PV_NUM(0x801),
	    [LNR_PI_OPEN_ino] = LNR_PV_NUM(4242),
	};

	return tevt_build(buf, LNR_EVT_OPEN, ts, tid, pid, v);
}

static inline int tevt_openat(uint8_t *buf, uint64_t ts, uint32_t tid,
			      uint32_t pid, int64_t fd, int64_t dirfd,
			      const char *name, uint32_t flags, uint32_t mode)
{
	const struct lnr_pval v[LNR_NPARAMS_OPENAT] = {
	    [LNR_PI_OPENAT_fd] = LNR_PV_NUM((uint64_t)fd),
	    [LNR_PI_OPENAT_dirfd] = LNR_PV_NUM((uint64_t)dirfd),
	    [LNR_PI_OPENAT_name] = LNR_PV_STR(name),
	    [LNR_PI_OPENAT_flags] = LNR_PV_NUM(flags),
	    [LNR_PI_OPENAT_mode] = LNR_PV_NUM(mode),
	    [LNR_PI_OPENAT_dev] = LNR_PV_NUM(0x801),
	    [LNR_PI_OPENAT_ino] = LNR_PV_NUM(4343),
	};

	return tevt_build(buf, LNR_EVT_OPENAT, ts, tid, pid, v);
}

static inline int tevt_close(uint8_t *buf, uint64_t ts, uint32_t tid,
			     uint32_t pid, int64_t res, int64_t fd)
{
	const struct lnr_pval v[LNR_NPARAMS_CLOSE] = {
	    [LNR_PI_CLOSE_res] = LNR_PV_NUM((uint64_t)res),
	    [LNR_PI_CLOSE_fd] = LNR_PV_NUM((uint64_t)fd),
	};

	return tevt_build(buf, LNR_EVT_CLOSE, ts, tid, pid, v);
}

static inline int tevt_exit(uint8_t *buf, uint64_t ts, uint32_t tid,
			    uint32_t pid)
{
	const struct lnr_pval v[LNR_NPARAMS_PROCEXIT] = {
	    [LNR_PI_PROCEXIT_status] = LNR_PV_NUM(0),
	    [LNR_PI_PROCEXIT_ret] = LNR_PV_NUM(0),
	    [LNR_PI_PROCEXIT_sig] = LNR_PV_NUM(0),
	    [LNR_PI_PROCEXIT_core] = LNR_PV_NUM(0),
	    [LNR_PI_PROCEXIT_reaper_tid] = LNR_PV_NUM(1),
	};

	return tevt_build(buf, LNR_EVT_PROCEXIT, ts, tid, pid, v);
}

/* A snapshot of a file on device 0x801, inode ino. */
static inline int tevt_fd_snapshot_ino(uint8_t *buf, uint64_t ts, uint32_t pid,
				       int64_t fd, const char *name,
				       uint32_t flags, uint64_t ino)
{
	const struct lnr_pval v[LNR_NPARAMS_FD_SNAPSHOT] = {
	    [LNR_PI_FD_SNAPSHOT_pid] = LNR_PV_NUM(pid),
	    [LNR_PI_FD_SNAPSHOT_fd] = LNR_PV_NUM((uint64_t)fd),
	    [LNR_PI_FD_SNAPSHOT_name] = LNR_PV_STR(name),
	    [LNR_PI_FD_SNAPSHOT_flags] = LNR_PV_NUM(flags),
	    [LNR_PI_FD_SNAPSHOT_dev] = LNR_PV_NUM(0x801),
	    [LNR_PI_FD_SNAPSHOT_ino] = LNR_PV_NUM(ino),
	};

	return tevt_build(buf, LNR_EVT_FD_SNAPSHOT, ts, pid, pid, v);
}

static inline int tevt_fd_snapshot(uint8_t *buf, uint64_t ts, uint32_t pid,
				   int64_t fd, const char *name, uint32_t flags)
{
	return tevt_fd_snapshot_ino(buf, ts, pid, fd, name, flags, 99);
}

#endif
