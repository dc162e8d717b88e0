/*
 * Path resolution for fd names and the fs.path fields: a relative path
 * joined to its base (the cwd or the dirfd's path), then ".", ".." and
 * repeated slashes folded, purely textually (symlinks are not followed:
 * the engine reads no filesystem); and the path a tracked fd stands for.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "state.h"

/* Appends component c (length n) to out, handling "." and "..". */
static size_t push(char *out, size_t used, size_t cap, const char *c, size_t n)
{
	if (n == 0 || (n == 1 && c[0] == '.'))
		return used;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		while (used > 1 && out[used - 1] != '/')
			used--;
		if (used > 1)
			used--;
		out[used] = '\0';
		return used;
	}
	if (used + (used > 1) + n + 1 > cap)
		return used;
	if (used > 1)
		out[used++] = '/';
	memcpy(out + used, c, n);
	used += n;
	out[used] = '\0';
	return used;
}

static size_t push_all(char *out, size_t used, size_t cap, const char *s)
{
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);

		used = push(out, used, cap, s, n);
		s += n;
		while (*s == '/')
			s++;
	}
	return used;
}

size_t state_path_resolve(const char *base, const char *path, char *out,
			  size_t outlen)
{
	size_t used;

	if (outlen < 2) {
		if (outlen)
			out[0] = '\0';
		return 0;
	}
	if (path[0] != '/' && !base) {
		/* Nothing to anchor it to: keep it as given. */
		used = strnlen(path, outlen - 1);
		memcpy(out, path, used);
		out[used] = '\0';
		return used;
	}
	out[0] = '/';
	out[1] = '\0';
	used = 1;
	if (path[0] != '/')
		used = push_all(out, used, outlen, base);
	return push_all(out, used, outlen, path);
}

const char *state_path_fd(const struct evt_ctx *ctx, int64_t fd)
{
	const struct sfd *d;

	if (!ctx->proc)
		return NULL;
	d = state_fd_find(&ctx->st->fds, ctx->proc->pid, fd);
	/* A socket's name, even a unix socket's path, names no file. */
	if (!d || (d->kind != SFD_FILE && d->kind != SFD_DIRECTORY))
		return NULL;
	return d->name[0] == '/' ? d->name : NULL;
}

/* The path the kernel gave with the event for its dirfd param dirfd_pi
 * (param NAMEpath for the fd NAME), or NULL. */
static const char *kernel_dir_path(const struct evt_ctx *ctx, int dirfd_pi)
{
	const struct lnr_event_info *e = &lnr_events[ctx->type];
	char name[64];
	const char *path;
	int pi;

	if ((unsigned)dirfd_pi >= e->nparams ||
	    (size_t)snprintf(name, sizeof(name), "%spath",
			     e->params[dirfd_pi].name) >= sizeof(name))
		return NULL;
	pi = lnr_evt_param_index(ctx->type, name);
	path = pi < 0 ? NULL : lnr_evt_get_str(&ctx->evt, (unsigned)pi);
	return path && path[0] == '/' ? path : NULL;
}

const char *state_path_base(const struct evt_ctx *ctx, int dirfd_pi,
			    const char *path)
{
	int64_t dirfd = AT_FDCWD;
	const char *base;

	if (path[0] == '/' || !ctx->proc)
		return NULL;
	if (dirfd_pi >= 0 &&
	    lnr_evt_get_s64(&ctx->evt, (unsigned)dirfd_pi, &dirfd) < 0)
		dirfd = AT_FDCWD;
	if (dirfd == AT_FDCWD)
		return ctx->proc->cwd[0] == '/' ? ctx->proc->cwd : NULL;
	/* A directory whose open the probe left out: the kernel's path. */
	base = state_path_fd(ctx, dirfd);
	return base ? base : kernel_dir_path(ctx, dirfd_pi);
}

const char *state_path_abs(struct evt_ctx *ctx, int dirfd_pi, const char *path)
{
	const char *base = state_path_base(ctx, dirfd_pi, path);
	size_t cap = (base ? strlen(base) : 0) + strlen(path) + 3;
	char *out = evt_ctx_alloc(ctx, cap);

	if (out)
		state_path_resolve(base, path, out, cap);
	return out;
}
