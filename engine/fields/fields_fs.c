/*
 * fs.path.*: the paths open, creat, mkdir, rmdir, unlink, chmod, chown,
 * rename, link and symlink calls (and their io_uring twins) open,
 * create, change or remove, attempted or done, as libsinsp's fields
 * name them. The raw fields are the paths as the call received them; the
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

enum fs_kind {
	FS_PATHS,   /* each role a path parameter, against its dirfd */
	FS_SYMLINK, /* the target is the content of the link (the source) */
	FS_FD,	    /* the name's parameter is an fd: the fd's path */
};

struct fs_params {
	struct fs_param p[FS_ROLES];
	uint8_t kind;
};

#define FS_ONE(ID, path, dirfd)                                                \
	[LNR_EVT_##ID] = {.p[FS_NAME] = {LNR_PI_##ID##_##path, dirfd}}
#define FS_FD(ID)                                                              \
	[LNR_EVT_##ID] = {.p[FS_NAME] = {LNR_PI_##ID##_fd, -1}, .kind = FS_FD}
#define FS_RENAME(ID, olddfd, newdfd)                                          \
	[LNR_EVT_##ID] = {.p[FS_SOURCE] = {LNR_PI_##ID##_oldpath, olddfd},     \
			  .p[FS_TARGET] = {LNR_PI_##ID##_newpath, newdfd}}
/* As `ln [-s] TARGET LINK` reads: the source is the link made, the
 * target what it stands for (a hard link's existing file, a symbolic
 * link's content). */
#define FS_LINK(ID, olddfd, newdfd)                                            \
	[LNR_EVT_##ID] = {.p[FS_SOURCE] = {LNR_PI_##ID##_newpath, newdfd},     \
			  .p[FS_TARGET] = {LNR_PI_##ID##_oldpath, olddfd}}
#define FS_SYMLINK(ID, dirfd)                                                  \
	[LNR_EVT_##ID] = {.p[FS_SOURCE] = {LNR_PI_##ID##_linkpath, dirfd},     \
			  .p[FS_TARGET] = {LNR_PI_##ID##_target, -1},          \
			  .kind = FS_SYMLINK}

/* Indexed by the syscall an event is (ctx->type, an io_uring
 * operation's twin). */
static const struct fs_params fs_params[LNR_EVT_COUNT] = {
    FS_ONE(OPEN, name, -1),
    FS_ONE(OPENAT, name, LNR_PI_OPENAT_dirfd),
    FS_ONE(OPENAT2, name, LNR_PI_OPENAT2_dirfd),
    FS_ONE(CREAT, name, -1),
    FS_ONE(MKDIR, path, -1),
    FS_ONE(MKDIRAT, path, LNR_PI_MKDIRAT_dirfd),
    FS_ONE(RMDIR, path, -1),
    FS_ONE(UNLINK, path, -1),
    FS_ONE(UNLINKAT, name, LNR_PI_UNLINKAT_dirfd),
    FS_ONE(CHMOD, filename, -1),
    FS_ONE(FCHMODAT, filename, LNR_PI_FCHMODAT_dirfd),
    FS_FD(FCHMOD),
    FS_ONE(CHOWN, path, -1),
    FS_ONE(LCHOWN, path, -1),
    FS_ONE(FCHOWNAT, pathname, LNR_PI_FCHOWNAT_dirfd),
    FS_FD(FCHOWN),
    FS_RENAME(RENAME, -1, -1),
    FS_RENAME(RENAMEAT, LNR_PI_RENAMEAT_olddirfd, LNR_PI_RENAMEAT_newdirfd),
    FS_RENAME(RENAMEAT2, LNR_PI_RENAMEAT2_olddirfd, LNR_PI_RENAMEAT2_newdirfd),
    FS_LINK(LINK, -1, -1),
    FS_LINK(LINKAT, LNR_PI_LINKAT_olddir, LNR_PI_LINKAT_newdir),
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
	const char *known;
	int64_t fd;

	if (!p)
		return NULL;
	if (fs_params[ctx->type].kind != FS_FD)
		return lnr_evt_get_str(&ctx->evt, (unsigned)p->path);
	if (lnr_evt_get_s64(&ctx->evt, (unsigned)p->path, &fd) < 0)
		return NULL;
	known = state_path_fd(ctx, fd);
	/* An fd whose open the probe left out: the kernel's path. */
	return known ? known : state_fd_kernel_path(ctx);
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

/* The resolved path; none for an empty one (it names no new entry). An
 * fd's path is resolved already. */
static const char *fs_abs(struct evt_ctx *ctx, enum fs_role r)
{
	const char *raw = fs_raw(ctx, r);
	uint8_t kind = fs_params[ctx->type].kind;

	if (!raw || !raw[0])
		return NULL;
	if (kind == FS_FD)
		return raw;
	if (r == FS_TARGET && kind == FS_SYMLINK)
		return fs_link_content(ctx, raw, fs_abs(ctx, FS_SOURCE));
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
      "absolute normalised path an open, creat, mkdir, rmdir, unlink, "
      "chmod or chown call (or its *at variant) names, resolved against "
      "the dirfd or the cwd (as given when that is unknown); for fchmod "
      "and fchown the path of the fd",
      x_name),
    F("fs.path.nameraw", FT_FSPATH, 0, 0,
      "that path exactly as the call received it (the fd's path for "
      "fchmod and fchown)",
      x_nameraw),
    F("fs.path.source", FT_FSPATH, 0, 0,
      "absolute normalised source: the old path of a rename, the link a "
      "link or symlink makes (LINK in `ln [-s] TARGET LINK`)",
      x_source),
    F("fs.path.sourceraw", FT_FSPATH, 0, 0,
      "that source exactly as the call received it", x_sourceraw),
    F("fs.path.target", FT_FSPATH, 0, 0,
      "absolute normalised target: the new path of a rename, the existing "
      "file a link names, or a symlink's content, resolved against the "
      "link's directory (TARGET in `ln [-s] TARGET LINK`)",
      x_target),
    F("fs.path.targetraw", FT_FSPATH, 0, 0,
      "that target exactly as the call received it", x_targetraw),
};

FIELD_CLASS(fs, "syscall",
	    "paths a filesystem call names, failed calls included: open, "
	    "creat, mkdir, rmdir, unlink, chmod, chown, rename, link, symlink, "
	    "their *at and f* variants and io_uring twins");
