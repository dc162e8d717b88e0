/*
 * fd.* of the fds without a path: each kind's fd.type and fd.typechar
 * (libsinsp's names and letters) on the call that made it, on a dup of
 * it and on its close; a pipe's inode and empty name, a memfd's name as
 * memfd_create got it, or as /proc shows it in a snapshot; fd.types; and
 * --list naming every kind.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <string.h>

#include "check.h"
#include "test_fields_util.h"

#define TS 1700000400000000000ull
#define PID 960

static const struct tproc app_p = {
    .exe = "/usr/bin/app",
    .comm = "app",
    .exepath = "/usr/bin/app",
    .cwd = "/srv",
    .tid = PID,
    .pid = PID,
    .ptid = 1,
    .start_ts = 1000,
};

/* A call of the app returning res, with one named parameter set (NULL:
 * none). */
static int call(enum lnr_evt_type type, int64_t res, const char *param,
		struct lnr_pval val)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {[LNR_PI_RET] =
						 LNR_PV_NUM((uint64_t)res)};
	int i = param ? lnr_evt_param_index(type, param) : -1;

	if (i >= 0)
		v[i] = val;
	return tevt_build(rec, type, TS, PID, PID, v);
}

#define NOPARAM NULL, LNR_PV_NUM(0)

static void test_pipe(void)
{
	const struct lnr_pval v[LNR_NPARAMS_PIPE2] = {
	    [LNR_PI_PIPE2_res] = LNR_PV_NUM(0),
	    [LNR_PI_PIPE2_fd1] = LNR_PV_NUM(3),
	    [LNR_PI_PIPE2_fd2] = LNR_PV_NUM(4),
	    [LNR_PI_PIPE2_dev] = LNR_PV_NUM(14),
	    [LNR_PI_PIPE2_ino] = LNR_PV_NUM(98765),
	    [LNR_PI_PIPE2_flags] = LNR_PV_NUM(O_CLOEXEC),
	};

	begin(tevt_build(rec, LNR_EVT_PIPE2, TS, PID, PID, v));
	EXPECT({"fd.num", "3"}, {"fd.type", "pipe"}, {"fd.typechar", "p"},
	       {"fd.name", ""}, {"fd.ino", "98765"}, {"fd.dev", "14"},
	       {"fd.directory", "<NA>"}, {"fd.filename", "<NA>"},
	       {"fd.types[4]", "pipe"});
	end();
	/* The copy is a pipe too: dup is about fd 4, its close about 5. */
	begin(call(LNR_EVT_DUP, 5, "oldfd", LNR_PV_NUM(4)));
	EXPECT({"fd.num", "4"}, {"fd.type", "pipe"});
	end();
	begin(tevt_close(rec, TS, PID, PID, 0, 5));
	EXPECT({"fd.num", "5"}, {"fd.type", "pipe"}, {"fd.typechar", "p"},
	       {"fd.ino", "98765"});
	end();
	begin(tevt_close(rec, TS, PID, PID, 0, 5));
	EXPECT({"fd.type", "<NA>"});
	end();
}

static void test_memfd(void)
{
	begin(call(LNR_EVT_MEMFD_CREATE, 6, "name", LNR_PV_STR("payload")));
	EXPECT({"fd.num", "6"}, {"fd.type", "memfd"}, {"fd.typechar", "m"},
	       {"fd.name", "payload"}, {"fd.filename", "<NA>"},
	       {"fd.directory", "<NA>"});
	end();
	/* fcntl is about the fd it works on, whatever the command. */
	begin(call(LNR_EVT_FCNTL, 0, "fd", LNR_PV_NUM(6)));
	EXPECT({"fd.num", "6"}, {"fd.name", "payload"});
	end();
	/* A snapshot names a memfd as /proc does. */
	begin(tevt_fd_snapshot(rec, TS, PID, 7, "/memfd:jit (deleted)", 02));
	EXPECT({"fd.type", "memfd"}, {"fd.name", "/memfd:jit (deleted)"});
	end();
}

/* Each call's fd: its kind's name and letter, on the call and on close. */
static void test_kinds(void)
{
	static const struct {
		enum lnr_evt_type type;
		int64_t fd;
		const char *type_name, *letter;
	} k[] = {
	    {LNR_EVT_EVENTFD2, 8, "event", "e"},
	    {LNR_EVT_SIGNALFD4, 9, "signalfd", "s"},
	    {LNR_EVT_TIMERFD_CREATE, 10, "timerfd", "t"},
	    {LNR_EVT_INOTIFY_INIT1, 11, "inotify", "i"},
	    {LNR_EVT_USERFAULTFD, 12, "userfaultfd", "u"},
	    {LNR_EVT_IO_URING_SETUP, 13, "io_uring", "r"},
	};

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		struct fcase c[] = {{"fd.type", k[i].type_name},
				    {"fd.typechar", k[i].letter},
				    {"fd.name", ""}};

		begin(call(k[i].type, k[i].fd, "fd", LNR_PV_NUM(-1ull)));
		expect(c, 3);
		end();
		begin(tevt_close(rec, TS, PID, PID, 0, k[i].fd));
		expect(c, 3);
		end();
	}
	begin(call(LNR_EVT_BPF, 14, "cmd", LNR_PV_NUM(BPF_MAP_CREATE)));
	EXPECT({"fd.num", "14"}, {"fd.type", "bpf"}, {"fd.typechar", "b"});
	end();
	/* A failed call is about no fd. */
	begin(call(LNR_EVT_EVENTFD, -EMFILE, NOPARAM));
	EXPECT({"fd.num", "<NA>"}, {"fd.type", "<NA>"});
	end();
}

/* fd.type and fd.typechar in --list name every kind. */
static void test_list(void)
{
	const struct field_def *type, *letter;
	struct field_arg a;
	char err[64], want[16];
	size_t used;

	type = fields_lookup(NULL, "fd.type", &used, &a, err, sizeof(err));
	letter =
	    fields_lookup(NULL, "fd.typechar", &used, &a, err, sizeof(err));
	CHECK(type && letter);
	if (!type || !letter)
		return;
	for (int k = 0; k < SFD_KIND_COUNT; k++) {
		const char *name = state_fd_kind_name((enum sfd_kind)k);

		CHECK(strstr(type->desc, name) != NULL);
		snprintf(want, sizeof(want), "%s %s",
			 state_fd_kind_letter((enum sfd_kind)k), name);
		CHECK(strstr(letter->desc, want) != NULL);
	}
}

void test_anonfd_fields(void)
{
	begin(tevt_snapshot(rec, TS, &app_p));
	end();
	test_pipe();
	test_memfd();
	test_kinds();
	begin(tevt_close(rec, TS, PID, PID, -EBADF, 99));
	EXPECT({"fd.types", "pipe,memfd,bpf"}, {"fd.types[6]", "memfd"},
	       {"fd.types[14]", "bpf"});
	end();
	test_list();
}
