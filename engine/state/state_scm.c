/*
 * fds received over a unix socket (SCM_RIGHTS). recvmsg describes each
 * fd the kernel installed in the caller's table (struct lnr_rfd in
 * common/event.h, and a name), and each enters the fd table as the call
 * that opened or made it would have added it: a file or directory by
 * its path, a socket with its ends (state_sock.c), a pipe, memfd or
 * other fd without a path with its kind, as state_anonfd.c adds them.
 * Whatever the table had under that number goes: the kernel installs
 * into free slots only, so it was stale.
 */
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "state.h"
#include "state_fd.h"

#define MEMFD_PREFIX "memfd:"

/* The kinds an anonymous inode's name tells, as the calls that make
 * them name them (fs/eventfd.c, fs/signalfd.c, ...); bpf objects are
 * "bpf-map", "bpf-prog", "bpf_link", ... */
static const struct {
	const char *name;
	enum sfd_kind kind;
} anon_kinds[] = {
    {"[eventfd]", SFD_EVENT},	  {"[signalfd]", SFD_SIGNALFD},
    {"[timerfd]", SFD_TIMERFD},	  {"inotify", SFD_INOTIFY},
    {"[io_uring]", SFD_IO_URING}, {"[userfaultfd]", SFD_USERFAULTFD},
};

/* The kind of an fd on the anonymous inode file system; a file for the
 * ones lanner has no kind for (an epoll or a pidfd). */
static enum sfd_kind anon_kind(const char *name)
{
	for (size_t i = 0; i < sizeof(anon_kinds) / sizeof(*anon_kinds); i++)
		if (!strcmp(name, anon_kinds[i].name))
			return anon_kinds[i].kind;
	if (!strncmp(name, "bpf", 3) || !strncmp(name, "btf", 3))
		return SFD_BPF;
	return SFD_FILE;
}

static void add(struct evt_ctx *ctx, const struct lnr_rfd *r, const char *name,
		uint32_t flags, enum sfd_kind kind)
{
	struct sfd *f = state_fd_add(&ctx->st->fds, ctx->proc, r->fd, name,
				     flags, r->dev, r->ino);

	if (f)
		f->kind = kind;
}

/* What is no file, directory or socket: named as the calls that make
 * them name them, or as /proc names an anonymous inode lanner has no
 * kind for ("anon_inode:[eventpoll]"). */
static void add_pseudo(struct evt_ctx *ctx, const struct lnr_rfd *r,
		       const char *name)
{
	uint32_t cloexec = r->flags & O_CLOEXEC;
	enum sfd_kind kind = anon_kind(name);
	char shown[SFD_NAME_LEN];

	if (r->fsmagic == PIPEFS_MAGIC) {
		add(ctx, r, "", cloexec, SFD_PIPE);
	} else if (kind == SFD_FILE) {
		snprintf(shown, sizeof(shown), "anon_inode:%s", name);
		add(ctx, r, shown, r->flags, SFD_FILE);
	} else {
		add(ctx, r, "", cloexec, kind);
	}
}

/* A memfd is named after the name its maker gave, as memfd_create's
 * fd is; it lives on tmpfs, or hugetlbfs with MFD_HUGETLB. */
static int is_memfd(const struct lnr_rfd *r, const char *name)
{
	return (r->fsmagic == TMPFS_MAGIC || r->fsmagic == HUGETLBFS_MAGIC) &&
	       !strncmp(name, MEMFD_PREFIX, strlen(MEMFD_PREFIX));
}

static void add_one(struct evt_ctx *ctx, const struct lnr_rfd *r,
		    const char *name)
{
	if (r->fd < 0)
		return;
	if (S_ISSOCK(r->mode))
		state_sock_received(ctx, r, name);
	else if (r->fsmagic == PIPEFS_MAGIC ||
		 r->fsmagic == ANON_INODE_FS_MAGIC)
		add_pseudo(ctx, r, name);
	else if (is_memfd(r, name))
		add(ctx, r, name + strlen(MEMFD_PREFIX), r->flags & O_CLOEXEC,
		    SFD_MEMFD);
	else
		add(ctx, r, name, r->flags,
		    S_ISDIR(r->mode) ? SFD_DIRECTORY : SFD_FILE);
}

/* The next string of fdnames, "" once they run out. */
static const char *next_name(const struct lnr_evt *e, size_t *at)
{
	unsigned i = LNR_PI_RECVMSG_fdnames;
	const char *s;
	size_t n;

	if (i >= e->nparams || *at >= e->plen[i])
		return "";
	s = (const char *)e->param[i] + *at;
	n = strnlen(s, e->plen[i] - *at);
	if (n == e->plen[i] - *at) /* no NUL: the decoder refuses that */
		return "";
	*at += n + 1;
	return s;
}

void state_scm_event(struct evt_ctx *ctx)
{
	const struct lnr_evt *e = &ctx->evt;
	unsigned i = LNR_PI_RECVMSG_fds;
	struct lnr_rfd r;
	size_t n, at = 0;
	int64_t res;

	if (!ctx->proc || i >= e->nparams ||
	    lnr_evt_get_s64(e, LNR_PI_RECVMSG_res, &res) < 0 || res < 0)
		return;
	n = e->plen[i] / sizeof(r);
	if (e->plen[i] % sizeof(r) || n > LNR_RFDS_MAX)
		return; /* not what the probe writes */
	for (size_t k = 0; k < n; k++) {
		memcpy(&r, e->param[i] + k * sizeof(r), sizeof(r));
		add_one(ctx, &r, next_name(e, &at));
	}
}
