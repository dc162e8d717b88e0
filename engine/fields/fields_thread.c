/*
 * thread.*: the calling thread, its ids and capability sets (capabilities
 * are kept per process: lanner records them at clone, exec and snapshot).
 */
#include <string.h>

#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

static const char *const cap_names[] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};
#define NCAPS (sizeof(cap_names) / sizeof(cap_names[0]))

/* Capability names space-separated, as Falco prints a capability set. */
static int caps(struct evt_ctx *ctx, struct fval *o, uint64_t set)
{
	size_t room = 32 * NCAPS, used = 0;
	char *p;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	p = evt_ctx_alloc(ctx, room);
	if (!p)
		return 0;
	for (unsigned i = 0; i < NCAPS; i++) {
		size_t n;

		if (!(set & (1ull << i)))
			continue;
		n = strlen(cap_names[i]);
		if (used)
			p[used++] = ' ';
		memcpy(p + used, cap_names[i], n);
		used += n;
	}
	p[used] = '\0';
	return fv_strn(o, FT_STRING, p, used);
}

static int x_cap_effective(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	return ctx->proc ? caps(ctx, o, ctx->proc->cap_eff) : 0;
}

static int x_cap_permitted(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	return ctx->proc ? caps(ctx, o, ctx->proc->cap_prm) : 0;
}

static int x_cap_inheritable(struct evt_ctx *ctx, const struct field_arg *a,
			     struct fval *o, int max)
{
	return ctx->proc ? caps(ctx, o, ctx->proc->cap_inh) : 0;
}

static int x_tid(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	return fv_i64(o, ctx->evt.hdr->tid);
}

static int x_vtid(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return ctx->thr && ctx->thr->vtid ? fv_i64(o, ctx->thr->vtid) : 0;
}

static int x_ismain(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	return fv_bool(o, ctx->evt.hdr->tid == ctx->evt.hdr->pid);
}

static int x_cgroups(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	if (!ctx->proc || !*ctx->proc->cgroups)
		return 0;
	return fv_str(o, ctx->proc->cgroups);
}

static const struct field_def thread_fields[] = {
    F("thread.tid", FT_INT64, 0, 0, "id of the thread generating the event",
      x_tid),
    F("thread.vtid", FT_INT64, 0, 0, "thread id as seen from its pid namespace",
      x_vtid),
    F("thread.ismain", FT_BOOL, 0, 0,
      "true if the thread is its process's main thread", x_ismain),
    F("thread.cap_effective", FT_STRING, 0, 0,
      "effective capabilities, space-separated names", x_cap_effective),
    F("thread.cap_permitted", FT_STRING, 0, 0,
      "permitted capabilities, space-separated names", x_cap_permitted),
    F("thread.cap_inheritable", FT_STRING, 0, 0,
      "inheritable capabilities, space-separated names", x_cap_inheritable),
    F("thread.cgroups", FT_STRING, 0, 0,
      "cgroup membership as recorded at start or exec", x_cgroups),
};

FIELD_CLASS(thread, "syscall", "the thread that made the call");
