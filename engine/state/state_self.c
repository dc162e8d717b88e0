/*
 * What a process changes about itself after it started: its working
 * directory (chdir, fchdir), its user and group ids (the set*id family),
 * its capability sets (capset) and its name (prctl PR_SET_NAME). Later
 * events then resolve relative paths against the new directory,
 * user.name names the user the kernel now acts for and proc.name is the
 * new name. Only successful calls change anything; -1 leaves an id as
 * it is.
 */
#include <string.h>
#include <sys/prctl.h>

#include "state.h"
#include "state_fd.h"

#define NO_ID 0xffffffffu

static int64_t arg(const struct evt_ctx *ctx, unsigned i)
{
	int64_t v;

	return lnr_evt_get_s64(&ctx->evt, i, &v) < 0 ? -1 : v;
}

/* A directory too long to keep makes the cwd unknown, not wrong. */
static void set_cwd(struct sproc *p, const char *base, const char *path)
{
	char abs[2 * SPROC_PATH_LEN];
	size_t n;

	if (!path)
		return;
	n = state_path_resolve(base, path, abs, sizeof(abs));
	if (n < sizeof(p->cwd))
		memcpy(p->cwd, abs, n + 1);
	else
		p->cwd[0] = '\0';
}

/* Into a directory the engine saw opened, or else the one whose path the
 * kernel gave (its open left out by the probe). */
static void on_fchdir(struct evt_ctx *ctx, struct sproc *p)
{
	struct sfd *d =
	    state_fd_find(&ctx->st->fds, p->pid, arg(ctx, LNR_PI_FCHDIR_fd));
	const char *kernel = state_fd_kernel_path(ctx);

	if (d)
		set_cwd(p, NULL, d->name);
	else if (kernel)
		set_cwd(p, NULL, kernel);
}

/* An id argument, or the current value when it is -1. */
static uint32_t id_or(const struct evt_ctx *ctx, unsigned i, uint32_t cur)
{
	uint32_t v = (uint32_t)arg(ctx, i);

	return v == NO_ID ? cur : v;
}

/* setuid and setgid change every id of a privileged process, else only
 * the effective one. */
static void on_set_one(uint32_t *real, uint32_t *eff, int privileged,
		       uint32_t v)
{
	if (privileged)
		*real = v;
	*eff = v;
}

static void on_setid(struct evt_ctx *ctx, struct sproc *p)
{
	int privileged = p->euid == 0;

	switch (ctx->type) {
	case LNR_EVT_SETUID:
		on_set_one(&p->uid, &p->euid, privileged,
			   (uint32_t)arg(ctx, LNR_PI_SETUID_uid));
		break;
	case LNR_EVT_SETGID:
		on_set_one(&p->gid, &p->egid, privileged,
			   (uint32_t)arg(ctx, LNR_PI_SETGID_gid));
		break;
	case LNR_EVT_SETREUID:
		p->uid = id_or(ctx, LNR_PI_SETREUID_ruid, p->uid);
		p->euid = id_or(ctx, LNR_PI_SETREUID_euid, p->euid);
		break;
	case LNR_EVT_SETREGID:
		p->gid = id_or(ctx, LNR_PI_SETREGID_rgid, p->gid);
		p->egid = id_or(ctx, LNR_PI_SETREGID_egid, p->egid);
		break;
	case LNR_EVT_SETRESUID:
		p->uid = id_or(ctx, LNR_PI_SETRESUID_ruid, p->uid);
		p->euid = id_or(ctx, LNR_PI_SETRESUID_euid, p->euid);
		break;
	case LNR_EVT_SETRESGID:
		p->gid = id_or(ctx, LNR_PI_SETRESGID_rgid, p->gid);
		p->egid = id_or(ctx, LNR_PI_SETRESGID_egid, p->egid);
		break;
	default:
		break;
	}
}

/*
 * PR_SET_NAME renames the calling thread; the probe read the name the
 * call left. lanner keeps one name per process, the one ps and
 * /proc/PID/comm show, which is its leader's: a thread naming itself
 * (a worker pool, a JVM's threads) leaves proc.name as it was.
 */
static void on_prctl(struct evt_ctx *ctx, struct sproc *p)
{
	const char *comm = lnr_evt_get_str(&ctx->evt, LNR_PI_PRCTL_comm);
	size_t n;

	if (arg(ctx, LNR_PI_PRCTL_option) != PR_SET_NAME || !comm ||
	    ctx->evt.hdr->tid != p->pid)
		return;
	n = strnlen(comm, sizeof(p->comm) - 1);
	memcpy(p->comm, comm, n);
	p->comm[n] = '\0';
}

void state_self_change(struct evt_ctx *ctx)
{
	struct sproc *p = ctx->proc;

	if (!p || arg(ctx, (unsigned)lnr_evt_ret_index(ctx->type)) != 0)
		return;
	switch (ctx->type) {
	case LNR_EVT_CHDIR:
		set_cwd(p, p->cwd[0] ? p->cwd : NULL,
			lnr_evt_get_str(&ctx->evt, LNR_PI_CHDIR_path));
		break;
	case LNR_EVT_FCHDIR:
		on_fchdir(ctx, p);
		break;
	case LNR_EVT_CAPSET:
		/* The probe read the sets the call left. */
		p->cap_inh = (uint64_t)arg(ctx, LNR_PI_CAPSET_cap_inheritable);
		p->cap_prm = (uint64_t)arg(ctx, LNR_PI_CAPSET_cap_permitted);
		p->cap_eff = (uint64_t)arg(ctx, LNR_PI_CAPSET_cap_effective);
		break;
	case LNR_EVT_PRCTL:
		on_prctl(ctx, p);
		break;
	default:
		on_setid(ctx, p);
		break;
	}
}
