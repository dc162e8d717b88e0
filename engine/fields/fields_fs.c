/*
 * fs.path.*: the paths mkdir, rmdir, unlink, rename, link and symlink
 * calls (and their io_uring twins) create, remove or rename, attempted
 * or done. The raw fields are the paths as the call received them; the
 * others are resolved against the dirfd or the cwd by the state's path
 * code, as fd.name is for opens.
 */
#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

enum fs_role { FS_NAME, FS_SOURCE, FS_TARGET, FS_ROLES };

/* Where a path is: LNR_PI_ constants, 0 for none (parameter 0 is always
 * the return value); dirfd -1 for a call that takes none. */
struct fs_param {
	int8_t path, dirfd;
};

struct fs_params {
	struct fs_param p[FS_ROLES];
	bool symlink; /* the source is the link's content */
};

#define FS_ONE(ID, path, dirfd)                                                \
	[LNR_EVT_##ID] = {.p[FS_NAME] = {LNR_PI_##ID##_##path, dirfd}}
#define FS_TWO(ID, dfd1, dfd2)                                                 \
	[LNR_EVT_##ID] = {.p[FS_SOURCE] = {LNR_PI_##ID##_oldpath, dfd1},       \
			  .p[FS_TARGET] = {LNR_PI_##ID##_newpath, dfd2}}
#define FS_SYMLINK(ID, dirfd)                                                  \
	[LNR_EVT_##ID] = {.p[FS_SOURCE] = {LNR_PI_##ID##_target, -1},          \
			  .p[FS_TARGET] = {LNR_PI_##ID##_linkpath, dirfd},     \
			  .symlink = true}

/* Indexed by the syscall an event is (ctx->type, an io_uring
 * operation's twin). */
static const struct fs_params fs_params[LNR_EVT_COUNT] = {
    FS_ONE(MKDIR, path, -1),
    FS_ONE(MKDIRAT, path, LNR_PI_MKDIRAT_dirfd),
    FS_ONE(RMDIR, path, -1),
    FS_ONE(UNLINK, path, -1),
    FS_ONE(UNLINKAT, name, LNR_PI_UNLINKAT_dirfd),
    FS_TWO(RENAME, -1, -1),
    FS_TWO(RENAMEAT, LNR_PI_RENAMEAT_olddirfd, LNR_PI_RENAMEAT_newdirfd),
    FS_TWO(RENAMEAT2, LNR_PI_RENAMEAT2_olddirfd, LNR_PI_RENAMEAT2_newdirfd),
    FS_TWO(LINK, -1, -1),
    FS_TWO(LINKAT, LNR_PI_LINKAT_olddir, LNR_PI_LINKAT_newdir),
    FS_SYMLINK(SYMLINK, -1),
    FS_SYMLINK(SYMLINKAT, LNR_PI_SYMLINKAT_linkdirfd),
};

static const struct fs_param *fs_param(const struct evt_ctx *ctx,
				       enum fs_role r)
{
	const struct fs_param *p;

	if (ctx->type <= LNR_EVT_NONE || ctx->type >= LNR_EVT_COUNT)
		return NULL;
	p = &fs_params[ctx->type].p[r];
	return p->path ? p : NULL;
}

static const char *fs_raw(const struct evt_ctx *ctx, enum fs_role r)
{
	const struct fs_param *p = fs_param(ctx, r);

	return p ? lnr_evt_get_str(&ctx->evt, (unsigned)p->path) : NULL;
}

/* The directory holding absolute path abs, in the arena. */
static const char *fs_dirname(struct evt_ctx *ctx, const char *abs)
{
	size_t n = (size_t)(strrchr(abs, '/') - abs);
	char *dir = evt_ctx_alloc(ctx, n + 2);

	if (!dir)
		return NULL;
	memcpy(dir, abs, n ? n : 1);
	dir[n ? n : 1] = '\0';
	return dir;
}

/* A symbolic link's content is relative to the directory of the link. */
static const char *fs_link_content(struct evt_ctx *ctx, const char *raw,
				   const char *link)
{
	const char *dir = NULL;
	size_t cap;
	char *out;

	if (raw[0] != '/') {
		if (!link || link[0] != '/')
			return raw;
		dir = fs_dirname(ctx, link);
		if (!dir)
			return NULL;
	}
	cap = (dir ? strlen(dir) : 0) + strlen(raw) + 3;
	out = evt_ctx_alloc(ctx, cap);
	if (out)
		state_path_resolve(dir, raw, out, cap);
	return out;
}

/* The resolved path; none for an empty one (it names no new entry). */
static const char *fs_abs(struct evt_ctx *ctx, enum fs_role r)
{
	const char *raw = fs_raw(ctx, r);

	if (!raw || !raw[0])
		return NULL;
	if (r == FS_SOURCE && fs_params[ctx->type].symlink)
		return fs_link_content(ctx, raw, fs_abs(ctx, FS_TARGET));
	return state_path_abs(ctx, fs_param(ctx, r)->dirfd, raw);
}

#define FS_FIELD(fn, role, get)                                                \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		return fv_path(o, get(ctx, role));                             \
	}
FS_FIELD(x_name, FS_NAME, fs_abs)
FS_FIELD(x_nameraw, FS_NAME, fs_raw)
FS_FIELD(x_source, FS_SOURCE, fs_abs)
FS_FIELD(x_sourceraw, FS_SOURCE, fs_raw)
FS_FIELD(x_target, FS_TARGET, fs_abs)
FS_FIELD(x_targetraw, FS_TARGET, fs_raw)

static const struct field_def fs_fields[] = {
    F("fs.path.name", FT_FSPATH, 0, 0,
      "absolute normalised path mkdir, mkdirat, rmdir, unlink or unlinkat "
      "created or removed, resolved against the dirfd or the cwd (as given "
      "when that is unknown)",
      x_name),
    F("fs.path.nameraw", FT_FSPATH, 0, 0,
      "that path exactly as the call received it", x_nameraw),
    F("fs.path.source", FT_FSPATH, 0, 0,
      "absolute normalised source of a rename or link (the old path), or "
      "the content of a symlink (resolved against the link's directory)",
      x_source),
    F("fs.path.sourceraw", FT_FSPATH, 0, 0,
      "that source exactly as the call received it", x_sourceraw),
    F("fs.path.target", FT_FSPATH, 0, 0,
      "absolute normalised target of a rename or link (the new path), or "
      "the path of the symlink made",
      x_target),
    F("fs.path.targetraw", FT_FSPATH, 0, 0,
      "that target exactly as the call received it", x_targetraw),
};

FIELD_CLASS(fs, "syscall",
	    "paths a filesystem change names, failed calls included: mkdir, "
	    "rmdir, unlink, rename, link, symlink and their io_uring twins");
