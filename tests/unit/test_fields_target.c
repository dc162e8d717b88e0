/*
 * evt.target.*: the process a kill, tkill, tgkill or ptrace call is aimed
 * at, found in the thread table by the id the call names; nothing for
 * process groups, unknown ids and other events.
 */
#include <signal.h>
#include <sys/ptrace.h>

#include "check.h"
#include "test_fields_util.h"

#define TS 1700000100000000000ull

/* A daemon with a second thread, 701. */
static const struct tproc agent_p = {
    .exe = "/usr/sbin/lanner",
    .comm = "lanner-engine",
    .exepath = "/usr/sbin/lanner",
    .tid = 700,
    .pid = 700,
    .ptid = 1,
    .start_ts = 1000,
};

/* A signal of type sent by thread caller to pid or tid, as the call
 * names them (kill takes a pid, tkill a tid, tgkill both). */
static int aimed(enum lnr_evt_type type, uint32_t caller, int64_t pid,
		 int64_t tid)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {0};

	if (type == LNR_EVT_KILL) {
		v[LNR_PI_KILL_pid] = LNR_PV_NUM((uint64_t)pid);
		v[LNR_PI_KILL_sig] = LNR_PV_NUM(SIGKILL);
	} else if (type == LNR_EVT_TKILL) {
		v[LNR_PI_TKILL_tid] = LNR_PV_NUM((uint64_t)tid);
		v[LNR_PI_TKILL_sig] = LNR_PV_NUM(SIGTERM);
	} else {
		v[LNR_PI_TGKILL_pid] = LNR_PV_NUM((uint64_t)pid);
		v[LNR_PI_TGKILL_tid] = LNR_PV_NUM((uint64_t)tid);
		v[LNR_PI_TGKILL_sig] = LNR_PV_NUM(SIGSTOP);
	}
	return tevt_build(rec, type, TS, caller, caller, v);
}

/* A ptrace request by bash about pid. */
static int traced(int64_t request, int64_t pid)
{
	const struct lnr_pval v[LNR_NPARAMS_PTRACE] = {
	    [LNR_PI_PTRACE_request] = LNR_PV_NUM((uint64_t)request),
	    [LNR_PI_PTRACE_pid] = LNR_PV_NUM((uint64_t)pid),
	};

	return tevt_build(rec, LNR_EVT_PTRACE, TS, 100, 100, v);
}

#define NAMED(name, path)                                                      \
	EXPECT({"evt.target.name", name}, {"evt.target.exepath", path})
#define NONE() NAMED("<NA>", "<NA>")

static void test_kill(void)
{
	static const int64_t groups[] = {0, -1, -700};

	begin(aimed(LNR_EVT_KILL, 100, 700, 0));
	EXPECT({"evt.type", "kill"}, {"evt.arg.pid", "700"},
	       {"proc.name", "bash"});
	NAMED("lanner-engine", "/usr/sbin/lanner");
	end();
	/* Any thread's id names its process. */
	begin(aimed(LNR_EVT_KILL, 100, 701, 0));
	NAMED("lanner-engine", "/usr/sbin/lanner");
	end();
	begin(aimed(LNR_EVT_KILL, 100, 4242, 0));
	NONE();
	end();
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		begin(aimed(LNR_EVT_KILL, 100, groups[i], 0));
		NONE();
		end();
	}
	/* A thread the engine saw without its process's name. */
	begin(tevt_close(rec, TS, 9100, 9100, 0, 1));
	end();
	begin(aimed(LNR_EVT_KILL, 100, 9100, 0));
	NONE();
	end();
}

static void test_threads(void)
{
	begin(aimed(LNR_EVT_TKILL, 100, 0, 701));
	NAMED("lanner-engine", "/usr/sbin/lanner");
	end();
	begin(aimed(LNR_EVT_TKILL, 100, 0, 4243));
	NONE();
	end();
	begin(aimed(LNR_EVT_TGKILL, 100, 700, 701));
	EXPECT({"evt.type", "tgkill"}, {"evt.arg.tid", "701"});
	NAMED("lanner-engine", "/usr/sbin/lanner");
	end();
	/* An unknown thread of a known process: the process. */
	begin(aimed(LNR_EVT_TGKILL, 100, 700, 4243));
	NAMED("lanner-engine", "/usr/sbin/lanner");
	end();
	begin(aimed(LNR_EVT_TGKILL, 100, 0, 701));
	NONE();
	end();
}

static void test_ptrace(void)
{
	begin(traced(PTRACE_ATTACH, 701));
	EXPECT({"evt.type", "ptrace"}, {"evt.arg.pid", "701"});
	NAMED("lanner-engine", "/usr/sbin/lanner");
	end();
	begin(traced(PTRACE_SEIZE, 4242));
	NONE();
	end();
	/* PTRACE_TRACEME ignores its pid. */
	begin(traced(PTRACE_TRACEME, 700));
	NONE();
	end();
}

/* Other events, and callers whose ids are not the host's. */
static void test_no_target(void)
{
	struct tproc in_ns = agent_p;

	begin(tevt_open(rec, TS, 100, 100, 3, "/etc/hosts", 0, 0));
	NONE();
	end();
	in_ns.tid = in_ns.pid = 800;
	in_ns.vtid = in_ns.vpid = 1;
	in_ns.comm = "sh";
	begin(tevt_snapshot(rec, TS, &in_ns));
	end();
	begin(aimed(LNR_EVT_KILL, 800, 700, 0));
	EXPECT({"proc.vpid", "1"});
	NONE();
	end();
}

void test_target_fields(void)
{
	struct tproc thread = agent_p;

	thread.tid = 701;
	begin(tevt_snapshot(rec, TS, &agent_p));
	end();
	begin(tevt_snapshot(rec, TS, &thread));
	end();
	test_kill();
	test_threads();
	test_ptrace();
	test_no_target();
}
