/*
 * user.*: the effective user of the calling process and its login user,
 * named from /etc/passwd as read at start-up.
 */
#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

static const struct suser *user(struct evt_ctx *ctx, uint32_t uid)
{
	return state_user_find(&ctx->st->users, uid);
}

static int x_uid(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	if (!ctx->proc || !ctx->proc->full)
		return 0;
	return fv_u64(o, FT_UINT64, ctx->proc->euid);
}

static int x_name(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	const struct suser *u;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	u = user(ctx, ctx->proc->euid);
	return u ? fv_str(o, u->name) : 0;
}

static int x_homedir(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	const struct suser *u;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	u = user(ctx, ctx->proc->euid);
	return u ? fv_str(o, u->home) : 0;
}

static int x_shell(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	const struct suser *u;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	u = user(ctx, ctx->proc->euid);
	return u ? fv_str(o, u->shell) : 0;
}

/* The audit login uid; -1 (unset) as Falco shows it. */
static int x_loginuid(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	if (!ctx->proc || !ctx->proc->full)
		return 0;
	return fv_i64(o, ctx->proc->loginuid == UINT32_MAX
			     ? -1
			     : (int64_t)ctx->proc->loginuid);
}

static int x_loginname(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	const struct suser *u;

	if (!ctx->proc || !ctx->proc->full || ctx->proc->loginuid == UINT32_MAX)
		return 0;
	u = user(ctx, ctx->proc->loginuid);
	return u ? fv_str(o, u->name) : 0;
}

static const struct field_def user_fields[] = {
    F("user.uid", FT_UINT64, 0, 0, "effective user id", x_uid),
    F("user.name", FT_STRING, 0, 0, "effective user name", x_name),
    F("user.homedir", FT_STRING, 0, 0, "home directory of the user", x_homedir),
    F("user.shell", FT_STRING, 0, 0, "login shell of the user", x_shell),
    F("user.loginuid", FT_INT64, 0, 0, "audit login user id, -1 when unset",
      x_loginuid),
    F("user.loginname", FT_STRING, 0, 0, "audit login user name", x_loginname),
};

FIELD_CLASS(user, "syscall", "the user the process runs as");
