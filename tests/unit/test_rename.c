/*
 * Renames in the engine's state (engine/state/state_rename.c): the fds
 * open on a renamed file take its new path, those below a renamed
 * directory too, in every process; RENAME_EXCHANGE swaps; a failed
 * rename, a path that only shares a prefix and sockets change nothing;
 * relative paths resolve against the cwd and the dirfds.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "engine/state/state.h"
#include "test_state_evts.h"

static struct state st;
static struct evt_ctx *ctx;
static uint8_t rec[TEVT_BUF];

static void feed(int len)
{
	const char *why = NULL;

	CHECK(len > 0 && evt_ctx_begin(ctx, &st, rec, (size_t)len, &why) == 0);
	state_event_before(ctx);
	state_event_after(ctx);
}

static const struct tproc sh_p = {
    .exe = "sh",
    .comm = "sh",
    .exepath = "/bin/sh",
    .cwd = "/srv",
    .tid = 300,
    .pid = 300,
    .ptid = 1,
    .start_ts = 5,
};
static const struct tproc other_p = {
    .exe = "cat",
    .comm = "cat",
    .exepath = "/bin/cat",
    .cwd = "/",
    .tid = 301,
    .pid = 301,
    .ptid = 1,
    .start_ts = 6,
};

static void rename2(int64_t res, int64_t olddfd, const char *from,
		    int64_t newdfd, const char *to, uint32_t flags)
{
	const struct lnr_pval v[LNR_NPARAMS_RENAMEAT2] = {
	    [LNR_PI_RENAMEAT2_res] = LNR_PV_NUM((uint64_t)res),
	    [LNR_PI_RENAMEAT2_olddirfd] = LNR_PV_NUM((uint64_t)olddfd),
	    [LNR_PI_RENAMEAT2_oldpath] = LNR_PV_STR(from),
	    [LNR_PI_RENAMEAT2_newdirfd] = LNR_PV_NUM((uint64_t)newdfd),
	    [LNR_PI_RENAMEAT2_newpath] = LNR_PV_STR(to),
	    [LNR_PI_RENAMEAT2_flags] = LNR_PV_NUM(flags),
	};

	feed(tevt_build(rec, LNR_EVT_RENAMEAT2, 50, 300, 300, v));
}

static void rename1(const char *from, const char *to)
{
	const struct lnr_pval v[LNR_NPARAMS_RENAME] = {
	    [LNR_PI_RENAME_res] = LNR_PV_NUM(0),
	    [LNR_PI_RENAME_oldpath] = LNR_PV_STR(from),
	    [LNR_PI_RENAME_newpath] = LNR_PV_STR(to),
	};

	feed(tevt_build(rec, LNR_EVT_RENAME, 51, 300, 300, v));
}

static int named(uint32_t pid, int64_t fd, const char *want)
{
	const struct sfd *f = state_fd_find(&st.fds, pid, fd);

	if (f && strcmp(f->name, want) == 0)
		return 1;
	fprintf(stderr, "fd %d of %u: '%s', want '%s'\n", (int)fd, pid,
		f ? f->name : "(none)", want);
	return 0;
}

int main(void)
{
	static struct evt_ctx c;

	ctx = &c;
	CHECK(state_init(&st) == 0);
	feed(tevt_snapshot(rec, 1, &sh_p));
	feed(tevt_snapshot(rec, 2, &other_p));
	feed(tevt_open(rec, 3, 300, 300, 3, "/srv/app/log", O_WRONLY, 0));
	feed(tevt_open(rec, 4, 300, 300, 4, "/srv/app", O_DIRECTORY, 0));
	feed(tevt_open(rec, 5, 301, 301, 3, "/srv/app/log", O_RDONLY, 0));
	feed(tevt_open(rec, 6, 300, 300, 5, "/srv/application", O_RDONLY, 0));
	feed(tevt_open(rec, 7, 300, 300, 6, "/etc/a", O_RDONLY, 0));
	feed(tevt_open(rec, 8, 300, 300, 7, "/etc/b", O_RDONLY, 0));

	/* A file, by a path relative to the cwd: both processes' fds. */
	rename1("app/log", "app/log.1");
	CHECK(named(300, 3, "/srv/app/log.1"));
	CHECK(named(301, 3, "/srv/app/log.1"));
	/* A failed rename changes nothing. */
	rename2(-EXDEV, AT_FDCWD, "/srv/app/log.1", AT_FDCWD, "/tmp/x", 0);
	CHECK(named(300, 3, "/srv/app/log.1"));
	/* Relative to a dirfd. */
	rename2(0, 4, "log.1", 4, "log.2", 0);
	CHECK(named(300, 3, "/srv/app/log.2"));
	/* A directory: what is below it moves; a name that only starts the
	 * same does not. */
	rename2(0, AT_FDCWD, "/srv/app", AT_FDCWD, "/data/app", 0);
	CHECK(named(300, 4, "/data/app"));
	CHECK(named(300, 3, "/data/app/log.2"));
	CHECK(named(301, 3, "/data/app/log.2"));
	CHECK(named(300, 5, "/srv/application"));
	/* RENAME_EXCHANGE swaps the two. */
	rename2(0, AT_FDCWD, "/etc/a", AT_FDCWD, "/etc/b", RENAME_EXCHANGE);
	CHECK(named(300, 6, "/etc/b"));
	CHECK(named(300, 7, "/etc/a"));
	state_free(&st);
	return check_done();
}
