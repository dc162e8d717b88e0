/*
 * container.*: the container a process runs in. The id comes from the
 * process's cgroup path (docker, containerd, cri-o and podman put the
 * 64-hex container id there); host processes have id, name and type
 * "host". The rest is what the container runtime said about it
 * (state/state_container.c), asked for when the engine first saw the
 * container: events before the answer came have no value, as with
 * Falco's asynchronous lookups.
 */
#include <fnmatch.h>
#include <string.h>

#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

/* The id from the cgroup path, `len` hex digits of it, or "host". */
static int container_id(struct evt_ctx *ctx, struct fval *o, size_t len)
{
	const char *id;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	id = state_container_id(ctx->proc->cgroups, NULL);
	if (!id)
		return fv_str(o, "host");
	return fv_strn(o, FT_STRING, id, len);
}

static int x_id(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		int max)
{
	return container_id(ctx, o, CONTAINER_ID_SHORT);
}

static int x_full_id(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	return container_id(ctx, o, CONTAINER_ID_HEX);
}

/* What the runtime said about the process's container, or NULL. */
static const struct container *info(const struct evt_ctx *ctx)
{
	const struct container *c =
	    state_container_of(&ctx->st->containers, ctx->proc);

	return c && c->has_info ? c : NULL;
}

static bool on_host(const struct evt_ctx *ctx)
{
	return ctx->proc && ctx->proc->full &&
	       !state_container_id(ctx->proc->cgroups, NULL);
}

/* String i of the runtime's answer. */
static int str(struct evt_ctx *ctx, struct fval *o, enum ctrinfo_str i)
{
	const struct container *c = info(ctx);

	return c ? fv_str(o, c->str[i]) : 0;
}

static int x_name(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return on_host(ctx) ? fv_str(o, "host") : str(ctx, o, CTRINFO_NAME);
}

#define STR_FIELD(fn, i)                                                       \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		return str(ctx, o, i);                                         \
	}
STR_FIELD(x_image, CTRINFO_IMAGE)
STR_FIELD(x_image_id, CTRINFO_IMAGE_ID)
STR_FIELD(x_repo, CTRINFO_REPO)
STR_FIELD(x_tag, CTRINFO_TAG)
STR_FIELD(x_digest, CTRINFO_DIGEST)
STR_FIELD(x_ip, CTRINFO_IP)

/* The runtime the cgroup path names, else the one that answered. */
static int x_type(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	enum container_kind kind = CK_UNKNOWN;

	if (on_host(ctx))
		return fv_str(o, "host");
	if (!ctx->proc || !ctx->proc->full ||
	    !state_container_id(ctx->proc->cgroups, &kind))
		return 0;
	if (kind != CK_UNKNOWN)
		return fv_str(o, state_container_kind_name(kind));
	return str(ctx, o, CTRINFO_RUNTIME);
}

static int x_privileged(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	const struct container *c = info(ctx);

	return c ? fv_bool(o, c->privileged) : 0;
}

static int x_start_ts(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	const struct container *c = info(ctx);

	return c && c->start_ns ? fv_u64(o, FT_ABSTIME, c->start_ns) : 0;
}

static int x_duration(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	const struct container *c = info(ctx);
	uint64_t now = ctx->evt.hdr->ts;

	if (!c || !c->start_ns || now < c->start_ns)
		return 0;
	return fv_u64(o, FT_RELTIME, now - c->start_ns);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* "source:dest:mode:rdwr:propagation", as Falco writes a mount. */
static const char *mount_text(struct evt_ctx *ctx,
			      const struct container_mount *m, size_t *len)
{
	return evt_ctx_printf(ctx, len, "%s:%s:%s:%s:%s", or_empty(m->source),
			      or_empty(m->dest), or_empty(m->mode),
			      m->rw ? "true" : "false",
			      or_empty(m->propagation));
}

static int x_mounts(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	const struct container *c = info(ctx);
	char *out, *at;
	size_t len = 0, total = 0;

	if (!c)
		return 0;
	out = at = ctx->scratch + ctx->scratch_used;
	for (uint32_t i = 0; i < c->nmounts; i++) {
		const char *t = mount_text(ctx, &c->mounts[i], &len);

		if (!t)
			return 0;
		/* Each text follows the last one's NUL: make it a comma. */
		if (i)
			at[-1] = ',';
		at = (char *)t + len + 1;
		total += len + (i ? 1 : 0);
	}
	return fv_strn(o, FT_STRING, c->nmounts ? out : "", total);
}

/* A mount by number ([0]) or by a glob matched against its source, or
 * with by_dest, its destination, as libsinsp looks them up. */
static const struct container_mount *
mount_of(const struct evt_ctx *ctx, const struct field_arg *a, bool by_dest)
{
	const struct container *c = info(ctx);

	if (!c)
		return NULL;
	if (!a->key[0])
		return a->index >= 0 && a->index < c->nmounts
			   ? &c->mounts[a->index]
			   : NULL;
	for (uint32_t i = 0; i < c->nmounts; i++) {
		const struct container_mount *m = &c->mounts[i];

		if (fnmatch(a->key, or_empty(by_dest ? m->dest : m->source),
			    0) == 0)
			return m;
	}
	return NULL;
}

static int x_mount(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	const struct container_mount *m = mount_of(ctx, a, false);
	const char *t;
	size_t len = 0;

	t = m ? mount_text(ctx, m, &len) : NULL;
	return t ? fv_strn(o, FT_STRING, t, len) : 0;
}

static int x_mount_source(struct evt_ctx *ctx, const struct field_arg *a,
			  struct fval *o, int max)
{
	const struct container_mount *m = mount_of(ctx, a, true);

	return m ? fv_str(o, or_empty(m->source)) : 0;
}

#define MOUNT_FIELD(fn, expr)                                                  \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		const struct container_mount *m = mount_of(ctx, a, false);     \
                                                                               \
		return m ? fv_str(o, (expr)) : 0;                              \
	}
MOUNT_FIELD(x_mount_dest, or_empty(m->dest))
MOUNT_FIELD(x_mount_mode, or_empty(m->mode))
MOUNT_FIELD(x_mount_rdwr, m->rw ? "true" : "false")
MOUNT_FIELD(x_mount_prop, or_empty(m->propagation))

#define MOUNT_ARG (FARG_INDEX | FARG_KEY | FARG_REQUIRED)
#define RUNTIME " (from the runtime; none until its answer came)"

static const struct field_def container_fields[] = {
    F("container.id", FT_STRING, 0, 0,
      "container id (12 hex digits) from the process's cgroup, or 'host'",
      x_id),
    F("container.full_id", FT_STRING, 0, 0,
      "full 64-digit container id, or 'host'", x_full_id),
    F("container.name", FT_STRING, 0, 0,
      "container name, 'host' for host processes" RUNTIME, x_name),
    F("container.image", FT_STRING, 0, 0,
      "container image as the container was created from" RUNTIME, x_image),
    F("container.image.id", FT_STRING, 0, 0,
      "container image id, hex digits without sha256:" RUNTIME, x_image_id),
    F("container.image.repository", FT_STRING, 0, 0,
      "repository of the container image, with its registry host" RUNTIME,
      x_repo),
    F("container.image.tag", FT_STRING, 0, 0,
      "tag of the container image ('latest' when none)" RUNTIME, x_tag),
    F("container.image.digest", FT_STRING, 0, 0,
      "digest of the container image, when the image reference names "
      "one" RUNTIME,
      x_digest),
    F("container.type", FT_STRING, 0, 0,
      "container runtime: docker, podman, cri-o, containerd from the "
      "cgroup path, else the runtime that answered; 'host' for host "
      "processes",
      x_type),
    F("container.privileged", FT_BOOL, 0, 0,
      "true for a privileged container" RUNTIME, x_privileged),
    F("container.mounts", FT_STRING, 0, 0,
      "mounts of the container, comma-separated, each "
      "source:dest:mode:rdwr:propagation" RUNTIME,
      x_mounts),
    F("container.mount", FT_STRING, MOUNT_ARG, 0,
      "one mount as source:dest:mode:rdwr:propagation, by number "
      "(container.mount[0]) or source glob (container.mount[/usr/*])" RUNTIME,
      x_mount),
    F("container.mount.source", FT_STRING, MOUNT_ARG, 0,
      "source of a mount, by number or destination glob "
      "(container.mount.source[/host])" RUNTIME,
      x_mount_source),
    F("container.mount.dest", FT_STRING, MOUNT_ARG, 0,
      "destination of a mount, by number or source glob" RUNTIME, x_mount_dest),
    F("container.mount.mode", FT_STRING, MOUNT_ARG, 0,
      "mode of a mount, by number or source glob" RUNTIME, x_mount_mode),
    F("container.mount.rdwr", FT_STRING, MOUNT_ARG, 0,
      "'true' for a writable mount, by number or source glob" RUNTIME,
      x_mount_rdwr),
    F("container.mount.propagation", FT_STRING, MOUNT_ARG, 0,
      "propagation of a mount, by number or source glob" RUNTIME, x_mount_prop),
    F("container.start_ts", FT_ABSTIME, 0, 0,
      "when the container started, ns since the epoch" RUNTIME, x_start_ts),
    F("container.duration", FT_RELTIME, 0, 0,
      "nanoseconds from container.start_ts to the event" RUNTIME, x_duration),
    F("container.ip", FT_STRING, 0, 0,
      "the container's primary IPv4 address" RUNTIME, x_ip),
    NA("container.healthcheck", FT_STRING,
       "container health check command (not read from the runtime)"),
};

FIELD_CLASS(container, "syscall", "the container the process runs in");
