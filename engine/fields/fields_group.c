/*
 * group.*: the effective group of the calling process, named from
 * /etc/group as read at start-up.
 */
#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

static int x_gid(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	if (!ctx->proc || !ctx->proc->full)
		return 0;
	return fv_u64(o, FT_UINT64, ctx->proc->egid);
}

static int x_name(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	const struct suser *g;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	g = state_group_find(&ctx->st->users, ctx->proc->egid);
	return g ? fv_str(o, g->name) : 0;
}

static const struct field_def group_fields[] = {
    F("group.gid", FT_UINT64, 0, 0, "effective group id", x_gid),
    F("group.name", FT_STRING, 0, 0, "effective group name", x_name),
};

FIELD_CLASS(group, "syscall", "the group the process runs as");
