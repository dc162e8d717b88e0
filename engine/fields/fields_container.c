/*
 * container.*: the container a process runs in. The id comes from the
 * process's cgroup path (docker, containerd, cri-o and podman put the
 * 64-hex container id there); host processes have id and name "host".
 * Container metadata (name, image, ...) needs a runtime client lanner
 * does not have yet, so those fields yield no value.
 */
#include <ctype.h>
#include <string.h>

#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

#define CONTAINER_ID_HEX 64
#define CONTAINER_ID_SHORT 12

/* The first run of exactly 64 hex digits in the cgroup text, or NULL. */
static const char *cgroup_container_id(const char *cg)
{
	size_t run = 0;
	const char *p;

	for (p = cg; *p; p++) {
		if (isxdigit((unsigned char)*p)) {
			run++;
			continue;
		}
		if (run == CONTAINER_ID_HEX)
			return p - run;
		run = 0;
	}
	return run == CONTAINER_ID_HEX ? p - run : NULL;
}

/* The id from the cgroup path, `len` hex digits of it, or "host". */
static int container_id(struct evt_ctx *ctx, struct fval *o, size_t len)
{
	const char *id;

	if (!ctx->proc || !ctx->proc->full)
		return 0;
	id = cgroup_container_id(ctx->proc->cgroups);
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

static int x_name(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	if (!ctx->proc || !ctx->proc->full)
		return 0;
	if (cgroup_container_id(ctx->proc->cgroups))
		return 0;
	return fv_str(o, "host");
}

static const struct field_def container_fields[] = {
    F("container.id", FT_STRING, 0, 0,
      "container id (12 hex digits) from the process's cgroup, or 'host'",
      x_id),
    F("container.full_id", FT_STRING, 0, 0,
      "full 64-digit container id, or 'host'", x_full_id),
    F("container.name", FT_STRING, 0, 0,
      "container name ('host' for host processes; runtime names are not "
      "fetched yet)",
      x_name),
    NA("container.image", FT_STRING,
       "container image (runtime metadata is not fetched yet)"),
    NA("container.image.id", FT_STRING, "container image id (not fetched yet)"),
    NA("container.image.repository", FT_STRING,
       "repository of the container image (not fetched yet)"),
    NA("container.image.tag", FT_STRING,
       "tag of the container image (not fetched yet)"),
    NA("container.image.digest", FT_STRING,
       "digest of the container image (not fetched yet)"),
    NA("container.type", FT_STRING,
       "container runtime: docker, cri-o, containerd, podman (not fetched "
       "yet)"),
    NA("container.privileged", FT_BOOL,
       "true for a privileged container (not fetched yet)"),
    NA("container.mounts", FT_STRING,
       "mounts of the container (not fetched yet)"),
    /* One mount, by number (container.mount[0]) or by destination, a
     * glob (container.mount.dest[/proc*]). */
    F("container.mount", FT_STRING, FARG_INDEX | FARG_KEY | FARG_REQUIRED, 0,
      "a mount of the container as source:dest:mode:rdwr:propagation (not "
      "fetched yet)",
      fv_none),
    F("container.mount.source", FT_STRING,
      FARG_INDEX | FARG_KEY | FARG_REQUIRED, 0,
      "source of a mount of the container (not fetched yet)", fv_none),
    F("container.mount.dest", FT_STRING, FARG_INDEX | FARG_KEY | FARG_REQUIRED,
      0, "destination of a mount of the container (not fetched yet)", fv_none),
    F("container.mount.mode", FT_STRING, FARG_INDEX | FARG_KEY | FARG_REQUIRED,
      0, "mode of a mount of the container (not fetched yet)", fv_none),
    F("container.mount.rdwr", FT_STRING, FARG_INDEX | FARG_KEY | FARG_REQUIRED,
      0, "whether a mount of the container is writable (not fetched yet)",
      fv_none),
    F("container.mount.propagation", FT_STRING,
      FARG_INDEX | FARG_KEY | FARG_REQUIRED, 0,
      "propagation of a mount of the container (not fetched yet)", fv_none),
    NA("container.start_ts", FT_ABSTIME,
       "container start time (not fetched yet)"),
    NA("container.duration", FT_RELTIME,
       "nanoseconds since the container started (not fetched yet)"),
    NA("container.ip", FT_STRING, "container's IP address (not fetched yet)"),
    NA("container.healthcheck", FT_STRING,
       "container health check command (not fetched yet)"),
};

FIELD_CLASS(container, "syscall", "the container the process runs in");
