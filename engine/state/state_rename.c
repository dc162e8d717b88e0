/*
 * Renames move the names of the fds open on what was renamed: after a
 * successful rename, renameat or renameat2 (io_uring's too), an fd whose
 * file is the old path, or below it when a directory moved, is named by
 * the new path; with RENAME_EXCHANGE the two trade places. It happens
 * after the rules saw the call, so fd.* show the new names from the next
 * event on. Every fd of every process is looked at: the table is
 * bounded (STATE_FDS_MAX) and renames are far rarer than the calls that
 * read names.
 */
#include <stdio.h>
#include <string.h>

#include "state.h"
#include "state_fd.h"

#define RENAME_EXCHANGE_ (1u << 1)

/* The rename's paths, absolute (in ctx's arena), and its flags; -1 when
 * it failed or a path cannot be resolved. */
static int paths(struct evt_ctx *ctx, const char **from, const char **to,
		 int64_t *flags)
{
	int old_dfd = -1, new_dfd = -1, res_pi = 0;
	const char *oldp, *newp;
	int64_t res = -1;

	*flags = 0;
	if (ctx->type != LNR_EVT_RENAME) {
		old_dfd = lnr_evt_param_index(ctx->type, "olddirfd");
		new_dfd = lnr_evt_param_index(ctx->type, "newdirfd");
	}
	oldp = lnr_evt_get_str(
	    &ctx->evt, (unsigned)lnr_evt_param_index(ctx->type, "oldpath"));
	newp = lnr_evt_get_str(
	    &ctx->evt, (unsigned)lnr_evt_param_index(ctx->type, "newpath"));
	if (lnr_evt_get_s64(&ctx->evt, (unsigned)res_pi, &res) < 0 || res ||
	    !oldp || !newp || !ctx->proc)
		return -1;
	if (ctx->type == LNR_EVT_RENAMEAT2 &&
	    lnr_evt_get_s64(&ctx->evt, LNR_PI_RENAMEAT2_flags, flags) < 0)
		*flags = 0;
	*from = state_path_abs(ctx, old_dfd, oldp);
	*to = state_path_abs(ctx, new_dfd, newp);
	return *from && *to && **from == '/' && **to == '/' ? 0 : -1;
}

/* What follows path in name when name is path or below it, else NULL. */
static const char *below(const char *name, const char *path, size_t n)
{
	if (strncmp(name, path, n) != 0 || (name[n] != '\0' && name[n] != '/'))
		return NULL;
	return name + n;
}

static void rename_fd(struct sfd *f, const char *to, const char *rest)
{
	char buf[SFD_NAME_LEN];
	int n = snprintf(buf, sizeof(buf), "%s%s", to, rest);

	if (n > 0 && (size_t)n < sizeof(buf))
		memcpy(f->name, buf, (size_t)n + 1);
}

void state_rename_after(struct evt_ctx *ctx)
{
	struct fd_table *t = &ctx->st->fds;
	const char *from, *to, *rest;
	size_t nf, nt;
	int64_t flags;

	if (paths(ctx, &from, &to, &flags) < 0 || strcmp(from, to) == 0)
		return;
	nf = strlen(from);
	nt = strlen(to);
	for (uint32_t i = 0; i < t->fresh; i++) {
		struct sfd *f = &t->fds[i];

		if (!f->used ||
		    (f->kind != SFD_FILE && f->kind != SFD_DIRECTORY))
			continue;
		if ((rest = below(f->name, from, nf)))
			rename_fd(f, to, rest);
		else if ((flags & RENAME_EXCHANGE_) &&
			 (rest = below(f->name, to, nt)))
			rename_fd(f, from, rest);
	}
}
