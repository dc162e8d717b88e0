/*
 * Synthetic event records for the engine's state and field tests, built
 * with the schema's record builder in the order event_table.def gives.
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

static inline void tevt_strs(struct lnr_evt_builder *b, const char *const *v,
			     unsigned n)
{
	char buf[1024];
	size_t used = 0;

	for (unsigned i = 0; i < n && v[i]; i++) {
		size_t l = strlen(v[i]) + 1;

		if (used + l > sizeof(buf))
			break;
		memcpy(buf + used, v[i], l);
		used += l;
	}
	lnr_evtb_add(b, buf, used);
}

static inline void tevt_proc(struct lnr_evt_builder *b, const struct tproc *p)
{
	lnr_evtb_add_str(b, p->exe ? p->exe : "");
	tevt_strs(b, p->args, 8);
	lnr_evtb_add_u64(b, p->tid);
	lnr_evtb_add_u64(b, p->pid);
	lnr_evtb_add_u64(b, p->ptid);
	lnr_evtb_add_str(b, p->cwd ? p->cwd : "/");
	lnr_evtb_add_str(b, p->comm ? p->comm : "");
	lnr_evtb_add_str(b, p->exepath ? p->exepath : "");
	lnr_evtb_add_u32(b, p->uid);
	lnr_evtb_add_u32(b, p->gid);
	lnr_evtb_add_u32(b, p->euid);
	lnr_evtb_add_u32(b, p->egid);
	lnr_evtb_add_u32(b, p->loginuid);
	lnr_evtb_add_u64(b, p->sid);
	lnr_evtb_add_u64(b, p->vpgid);
	lnr_evtb_add_u32(b, p->tty);
	lnr_evtb_add_u64(b, p->cap_inh);
	lnr_evtb_add_u64(b, p->cap_prm);
	lnr_evtb_add_u64(b, p->cap_eff);
	lnr_evtb_add_u64(b, p->vtid ? p->vtid : p->tid);
	lnr_evtb_add_u64(b, p->vpid ? p->vpid : p->pid);
	lnr_evtb_add_u32(b, p->flags);
	lnr_evtb_add_u64(b, p->start_ts);
	lnr_evtb_add_u64(b, p->exe_ino);
	lnr_evtb_add_u64(b, p->exe_ctime);
	lnr_evtb_add_u64(b, p->exe_mtime);
	lnr_evtb_add_str(b, p->cgroups ? p->cgroups : "");
	tevt_strs(b, p->env, 4);
}

static inline int tevt_snapshot(uint8_t *buf, uint64_t ts,
				const struct tproc *p)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_PROC_SNAPSHOT, ts, p->tid,
		      p->pid);
	tevt_proc(&b, p);
	return lnr_evtb_finish(&b);
}

/* A clone-family record made by task p (parent: res > 0, child: 0). */
static inline int tevt_clone(uint8_t *buf, enum lnr_evt_type type, uint64_t ts,
			     int64_t res, uint64_t flags, const struct tproc *p)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, type, ts, p->tid, p->pid);
	lnr_evtb_add_u64(&b, (uint64_t)res);
	if (type == LNR_EVT_CLONE || type == LNR_EVT_CLONE3)
		lnr_evtb_add_u64(&b, flags);
	tevt_proc(&b, p);
	return lnr_evtb_finish(&b);
}

static inline int tevt_execve(uint8_t *buf, uint64_t ts, int64_t res,
			      const char *filename, const struct tproc *p)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_EXECVE, ts, p->tid, p->pid);
	lnr_evtb_add_u64(&b, (uint64_t)res);
	lnr_evtb_add_str(&b, filename);
	tevt_proc(&b, p);
	return lnr_evtb_finish(&b);
}

static inline int tevt_open(uint8_t *buf, uint64_t ts, uint32_t tid,
			    uint32_t pid, int64_t fd, const char *name,
			    uint32_t flags, uint32_t mode)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_OPEN, ts, tid, pid);
	lnr_evtb_add_u64(&b, (uint64_t)fd);
	lnr_evtb_add_str(&b, name);
	lnr_evtb_add_u32(&b, flags);
	lnr_evtb_add_u32(&b, mode);
	lnr_evtb_add_u32(&b, 0x801);
	lnr_evtb_add_u64(&b, 4242);
	return lnr_evtb_finish(&b);
}

static inline int tevt_openat(uint8_t *buf, uint64_t ts, uint32_t tid,
			      uint32_t pid, int64_t fd, int64_t dirfd,
			      const char *name, uint32_t flags, uint32_t mode)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_OPENAT, ts, tid, pid);
	lnr_evtb_add_u64(&b, (uint64_t)fd);
	lnr_evtb_add_u64(&b, (uint64_t)dirfd);
	lnr_evtb_add_str(&b, name);
	lnr_evtb_add_u32(&b, flags);
	lnr_evtb_add_u32(&b, mode);
	lnr_evtb_add_u32(&b, 0x801);
	lnr_evtb_add_u64(&b, 4343);
	return lnr_evtb_finish(&b);
}

static inline int tevt_close(uint8_t *buf, uint64_t ts, uint32_t tid,
			     uint32_t pid, int64_t res, int64_t fd)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_CLOSE, ts, tid, pid);
	lnr_evtb_add_u64(&b, (uint64_t)res);
	lnr_evtb_add_u64(&b, (uint64_t)fd);
	return lnr_evtb_finish(&b);
}

static inline int tevt_exit(uint8_t *buf, uint64_t ts, uint32_t tid,
			    uint32_t pid)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_PROCEXIT, ts, tid, pid);
	lnr_evtb_add_u64(&b, 0);
	lnr_evtb_add_u64(&b, 0);
	lnr_evtb_add_u8(&b, 0);
	lnr_evtb_add_u8(&b, 0);
	lnr_evtb_add_u64(&b, 1);
	return lnr_evtb_finish(&b);
}

static inline int tevt_fd_snapshot(uint8_t *buf, uint64_t ts, uint32_t pid,
				   int64_t fd, const char *name, uint32_t flags)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, TEVT_BUF, LNR_EVT_FD_SNAPSHOT, ts, pid, pid);
	lnr_evtb_add_u64(&b, pid);
	lnr_evtb_add_u64(&b, (uint64_t)fd);
	lnr_evtb_add_str(&b, name);
	lnr_evtb_add_u32(&b, flags);
	lnr_evtb_add_u32(&b, 0x801);
	lnr_evtb_add_u64(&b, 99);
	return lnr_evtb_finish(&b);
}

#endif
