/*
 * Thread and process tables: two preallocated pools with chained hashes
 * (tid -> thread, pid -> process) and free lists. Nothing is allocated
 * after state_thread_init.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state_fd.h"
#include "state_thread.h"

static uint32_t pow2_above(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static uint32_t hash32(uint32_t k, uint32_t mask)
{
	return (k * 2654435761u) & mask;
}

int state_thread_init(struct thread_table *t, uint32_t max_threads,
		      uint32_t max_procs)
{
	memset(t, 0, sizeof(*t));
	t->tmax = max_threads;
	t->pmax = max_procs;
	t->tmask = pow2_above(max_threads) - 1;
	t->pmask = pow2_above(max_procs) - 1;
	t->threads = calloc(max_threads, sizeof(*t->threads));
	t->procs = calloc(max_procs, sizeof(*t->procs));
	t->thash = malloc((size_t)(t->tmask + 1) * sizeof(uint32_t));
	t->phash = malloc((size_t)(t->pmask + 1) * sizeof(uint32_t));
	t->ppids = calloc(max_procs, sizeof(uint32_t));
	if (!t->threads || !t->procs || !t->thash || !t->phash || !t->ppids) {
		state_thread_free(t);
		return -ENOMEM;
	}
	memset(t->thash, 0xff, (size_t)(t->tmask + 1) * sizeof(uint32_t));
	memset(t->phash, 0xff, (size_t)(t->pmask + 1) * sizeof(uint32_t));
	/* Slots are handed out in order, so untouched pages stay unmapped. */
	t->tfree = t->pfree = STATE_NONE;
	return 0;
}

void state_thread_free(struct thread_table *t)
{
	free(t->threads);
	free(t->procs);
	free(t->thash);
	free(t->phash);
	free(t->ppids);
	memset(t, 0, sizeof(*t));
}

struct sthread *state_thread_find(const struct thread_table *t, uint32_t tid)
{
	if (!t->thash)
		return NULL;
	for (uint32_t i = t->thash[hash32(tid, t->tmask)]; i != STATE_NONE;
	     i = t->threads[i].next)
		if (t->threads[i].tid == tid)
			return &t->threads[i];
	return NULL;
}

struct sproc *state_proc_find(const struct thread_table *t, uint32_t pid)
{
	if (!t->phash)
		return NULL;
	for (uint32_t i = t->phash[hash32(pid, t->pmask)]; i != STATE_NONE;
	     i = t->procs[i].next)
		if (t->procs[i].pid == pid)
			return &t->procs[i];
	return NULL;
}

struct sproc *state_thread_proc(const struct thread_table *t,
				const struct sthread *thr)
{
	return thr && thr->proc != STATE_NONE ? &t->procs[thr->proc] : NULL;
}

static struct sproc *proc_new(struct thread_table *t, uint32_t pid)
{
	uint32_t i = t->pfree, h;
	struct sproc *p;

	if (i == STATE_NONE && t->pfresh < t->pmax)
		i = t->pfresh++;
	else if (i != STATE_NONE && t->procs)
		t->pfree = t->procs[i].next;
	if (i == STATE_NONE || !t->procs) {
		t->refused_procs++;
		return NULL;
	}
	p = &t->procs[i];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->vpid = pid;
	p->sid = 0;
	p->loginuid = UINT32_MAX;
	p->fd_head = STATE_NONE;
	p->used = true;
	t->ppids[i] = 0;
	h = hash32(pid, t->pmask);
	p->next = t->phash[h];
	t->phash[h] = i;
	t->nprocs++;
	return p;
}

void state_proc_remove(struct thread_table *t, struct sproc *p)
{
	uint32_t idx = (uint32_t)(p - t->procs);
	uint32_t *link = &t->phash[hash32(p->pid, t->pmask)];

	while (*link != STATE_NONE && *link != idx)
		link = &t->procs[*link].next;
	if (*link != idx)
		return;
	*link = p->next;
	p->used = false;
	t->ppids[idx] = 0;
	p->next = t->pfree;
	t->pfree = idx;
	t->nprocs--;
}

static void thread_unlink(struct thread_table *t, struct sthread *thr)
{
	uint32_t idx = (uint32_t)(thr - t->threads);
	uint32_t *link = &t->thash[hash32(thr->tid, t->tmask)];

	while (*link != STATE_NONE && *link != idx)
		link = &t->threads[*link].next;
	if (*link == idx)
		*link = thr->next;
	thr->used = false;
	thr->next = t->tfree;
	t->tfree = idx;
	t->nthreads--;
}

/* Attaches a thread to process pid, making the process if needed. */
static int thread_attach(struct thread_table *t, struct sthread *thr,
			 uint32_t pid)
{
	struct sproc *p = state_proc_find(t, pid);

	if (!p)
		p = proc_new(t, pid);
	if (!p)
		return -ENOSPC;
	thr->proc = (uint32_t)(p - t->procs);
	p->nthreads++;
	return 0;
}

struct sthread *state_thread_get(struct thread_table *t, uint32_t tid,
				 uint32_t pid)
{
	struct sthread *thr = state_thread_find(t, tid);
	struct sproc *old;
	uint32_t i, h;

	if (thr) {
		old = state_thread_proc(t, thr);
		if (old && old->pid == pid)
			return thr;
		/* The thread now belongs elsewhere (exec by a non-leader
		 * thread, or a missed exit and tid reuse). */
		thr->proc = STATE_NONE;
		if (old && --old->nthreads == 0)
			state_proc_remove(t, old);
		if (thread_attach(t, thr, pid) < 0) {
			thread_unlink(t, thr);
			return NULL;
		}
		return thr;
	}
	i = t->tfree;
	if (i == STATE_NONE && t->tfresh < t->tmax)
		i = t->tfresh++;
	else if (i != STATE_NONE)
		t->tfree = t->threads[i].next;
	if (i == STATE_NONE) {
		t->refused_threads++;
		return NULL;
	}
	thr = &t->threads[i];
	memset(thr, 0, sizeof(*thr));
	thr->tid = tid;
	thr->vtid = tid;
	thr->used = true;
	h = hash32(tid, t->tmask);
	thr->next = t->thash[h];
	t->thash[h] = i;
	t->nthreads++;
	if (thread_attach(t, thr, pid) < 0) {
		thr->proc = STATE_NONE;
		thread_unlink(t, thr);
		return NULL;
	}
	return thr;
}

struct sproc *state_thread_remove(struct thread_table *t, uint32_t tid)
{
	struct sthread *thr = state_thread_find(t, tid);
	struct sproc *p;

	if (!thr)
		return NULL;
	p = state_thread_proc(t, thr);
	thread_unlink(t, thr);
	if (p && --p->nthreads == 0)
		return p;
	return NULL;
}

struct sproc *state_proc_parent(const struct thread_table *t,
				const struct sproc *p)
{
	struct sthread *pt;
	struct sproc *pp;

	if (!p->ppid || p->ppid == p->pid)
		return NULL;
	pt = state_thread_find(t, p->ppid);
	pp = pt ? state_thread_proc(t, pt) : state_proc_find(t, p->ppid);
	return pp != p ? pp : NULL;
}

static void copy_str(char *dst, size_t cap, const struct lnr_evt *e, unsigned i)
{
	const char *s = lnr_evt_get_str(e, i);
	size_t n;

	if (!s) {
		dst[0] = '\0';
		return;
	}
	n = strnlen(s, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Copies a string array, keeping only whole strings that fit. */
static uint16_t copy_array(char *dst, size_t cap, const struct lnr_evt *e,
			   unsigned i)
{
	size_t len, keep = 0;
	const char *p;

	if (i >= e->nparams || e->plen[i] == 0)
		return 0;
	p = (const char *)e->param[i];
	len = e->plen[i];
	while (keep < len) {
		size_t n = strnlen(p + keep, len - keep) + 1;

		if (keep + n > cap)
			break;
		keep += n;
	}
	memcpy(dst, p, keep);
	return (uint16_t)keep;
}

static uint32_t get_u32(const struct lnr_evt *e, unsigned i, uint32_t dflt)
{
	uint64_t v;

	return lnr_evt_get_u64(e, i, &v) == 0 ? (uint32_t)v : dflt;
}

static uint64_t get_u64(const struct lnr_evt *e, unsigned i)
{
	uint64_t v;

	return lnr_evt_get_u64(e, i, &v) == 0 ? v : 0;
}

void state_proc_set_parent(struct thread_table *t, struct sproc *p,
			   uint32_t ppid)
{
	p->ppid = ppid;
	t->ppids[p - t->procs] = ppid;
}

/* A scan of one small array: exits are far rarer than other events. */
void state_proc_reparent(struct thread_table *t, uint32_t old, uint32_t reaper)
{
	if (!old)
		return;
	for (uint32_t i = 0; i < t->pfresh; i++)
		if (t->ppids[i] == old && t->procs[i].used)
			state_proc_set_parent(t, &t->procs[i], reaper);
}

void state_proc_fill(struct thread_table *t, struct sproc *p,
		     const struct lnr_evt *e, unsigned f)
{
	copy_str(p->exe, sizeof(p->exe), e, f + LNR_PROC_PI_exe);
	p->args_len =
	    copy_array(p->args, sizeof(p->args), e, f + LNR_PROC_PI_args);
	copy_str(p->cwd, sizeof(p->cwd), e, f + LNR_PROC_PI_cwd);
	copy_str(p->comm, sizeof(p->comm), e, f + LNR_PROC_PI_comm);
	copy_str(p->exepath, sizeof(p->exepath), e, f + LNR_PROC_PI_exepath);
	state_proc_set_parent(t, p, get_u32(e, f + LNR_PROC_PI_ptid, p->ppid));
	p->uid = get_u32(e, f + LNR_PROC_PI_uid, p->uid);
	p->gid = get_u32(e, f + LNR_PROC_PI_gid, p->gid);
	p->euid = get_u32(e, f + LNR_PROC_PI_euid, p->euid);
	p->egid = get_u32(e, f + LNR_PROC_PI_egid, p->egid);
	p->loginuid = get_u32(e, f + LNR_PROC_PI_loginuid, p->loginuid);
	p->sid = get_u32(e, f + LNR_PROC_PI_sid, p->sid);
	p->vpgid = get_u32(e, f + LNR_PROC_PI_vpgid, p->vpgid);
	p->tty = get_u32(e, f + LNR_PROC_PI_tty, p->tty);
	p->cap_inh = get_u64(e, f + LNR_PROC_PI_cap_inheritable);
	p->cap_prm = get_u64(e, f + LNR_PROC_PI_cap_permitted);
	p->cap_eff = get_u64(e, f + LNR_PROC_PI_cap_effective);
	p->vpid = get_u32(e, f + LNR_PROC_PI_vpid, p->vpid);
	p->flags = get_u32(e, f + LNR_PROC_PI_flags, 0);
	p->start_ts = get_u64(e, f + LNR_PROC_PI_start_ts);
	p->exe_ino = get_u64(e, f + LNR_PROC_PI_exe_ino);
	p->exe_ctime = get_u64(e, f + LNR_PROC_PI_exe_ino_ctime);
	p->exe_mtime = get_u64(e, f + LNR_PROC_PI_exe_ino_mtime);
	copy_str(p->cgroups, sizeof(p->cgroups), e, f + LNR_PROC_PI_cgroups);
	p->env_len = copy_array(p->env, sizeof(p->env), e, f + LNR_PROC_PI_env);
	p->full = true;
}

void state_proc_inherit(struct thread_table *t, struct sproc *c,
			const struct sproc *par)
{
	uint32_t pid = c->pid, fd_head = c->fd_head, next = c->next;
	uint32_t nthreads = c->nthreads, nfds = c->nfds;

	memcpy(c, par, sizeof(*c));
	c->pid = pid;
	c->vpid = pid == par->pid ? par->vpid : pid;
	state_proc_set_parent(t, c, par->pid);
	c->fd_head = fd_head;
	c->next = next;
	c->nthreads = nthreads;
	c->nfds = nfds;
	c->start_ts = 0;
}
