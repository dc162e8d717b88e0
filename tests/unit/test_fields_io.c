/*
 * evt.buffer and evt.buflen on the read/write family, and ptrace's
 * request shown by name as Falco shows it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ptrace.h>

#include "check.h"
#include "test_fields_util.h"

#define TS 1700000200000000000ull

static int io_evt(enum lnr_evt_type type, int64_t res, const char *data,
		  size_t len)
{
	struct lnr_pval v[LNR_MAX_PARAMS] = {0};
	int i = lnr_evt_param_index(type, "data");

	int f = lnr_evt_param_index(type, "fd");

	v[LNR_PI_RET] = LNR_PV_NUM((uint64_t)res);
	if (i >= 0)
		v[i] = LNR_PV_BYTES(data, len);
	if (f >= 0)
		v[f] = LNR_PV_NUM(9);
	return tevt_build(rec, type, TS, 100, 100, v);
}

static int ptrace_evt(int64_t request)
{
	const struct lnr_pval v[LNR_NPARAMS_PTRACE] = {
	    [LNR_PI_PTRACE_request] = LNR_PV_NUM((uint64_t)request),
	    [LNR_PI_PTRACE_pid] = LNR_PV_NUM(4242),
	};

	return tevt_build(rec, LNR_EVT_PTRACE, TS, 100, 100, v);
}

void test_io_fields(void)
{
	begin(io_evt(LNR_EVT_WRITE, 11, "hello world", 11));
	EXPECT({"evt.buffer", "hello world"}, {"evt.buflen", "11"},
	       {"evt.is_io", "true"}, {"evt.is_io_write", "true"},
	       {"evt.is_io_read", "false"});
	end();
	/* fd.* name the fd the data moved on. */
	begin(tevt_open(rec, TS, 100, 100, 9, "/etc/shadow", O_RDONLY, 0));
	end();
	begin(io_evt(LNR_EVT_READ, 5, "root:", 5));
	EXPECT({"evt.buffer", "root:"}, {"evt.buflen", "5"},
	       {"fd.name", "/etc/shadow"}, {"fd.num", "9"},
	       {"evt.is_io_read", "true"}, {"evt.is_io_write", "false"});
	end();
	/* A failed call has no length; an event without data, no buffer. */
	begin(io_evt(LNR_EVT_READ, -EBADF, "", 0));
	EXPECT({"evt.buflen", "<NA>"});
	end();
	begin(io_evt(LNR_EVT_CLOSE, 0, "", 0));
	EXPECT({"evt.buffer", "<NA>"}, {"evt.buflen", "<NA>"},
	       {"evt.is_io", "false"}, {"evt.is_io_read", "false"});
	end();
	begin(io_evt(LNR_EVT_SENDTO, 3, "", 0));
	EXPECT({"evt.is_io", "true"}, {"evt.is_io_write", "true"});
	end();

	begin(ptrace_evt(PTRACE_ATTACH));
	EXPECT({"evt.arg.request", "PTRACE_ATTACH"},
	       {"evt.rawarg.request", "16"});
	end();
	begin(ptrace_evt(PTRACE_TRACEME));
	EXPECT({"evt.arg.request", "PTRACE_TRACEME"});
	end();
	begin(ptrace_evt(PTRACE_SEIZE));
	EXPECT({"evt.arg.request", "PTRACE_SEIZE"});
	end();
	begin(ptrace_evt(0x7777)); /* unknown: the number */
	EXPECT({"evt.arg.request", "30583"});
	end();
}
