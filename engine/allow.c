/*
 * What the engine may do once sandboxed: read the ring (already mapped)
 * and its wake-up eventfd, talk to the broker over nanomsg, allocate,
 * log to stderr, exit. It opens nothing, creates no socket, execs
 * nothing. Anything else kills it (LANNER_SECCOMP_DEBUG=1: reports it).
 */
#include <fcntl.h>
#include <sys/mman.h>

#include "engine.h"
#include "sandbox.h"

static const struct sc_rule engine_allow[] = {
	SC_ALLOW(read),			/* the wake eventfd */
	SC_ALLOW(write),		/* log lines to the broker's pipe */
	SC_ALLOW(writev),
	SC_ALLOW(poll),
	SC_ALLOW(ppoll),
	SC_ALLOW(recvmsg),		/* nanomsg */
	SC_ALLOW(sendmsg),
	SC_ALLOW(epoll_wait),		/* nanomsg's worker thread */
	SC_ALLOW(epoll_pwait),
	SC_ALLOW(epoll_ctl),
	SC_ALLOW(futex),
	SC_ALLOW(brk),			/* nanomsg allocates its messages */
	SC_ALLOW(mmap),
	SC_ALLOW(munmap),
	SC_ALLOW(mremap),
	SC_ALLOW(madvise),
	SC_ALLOW_MASK(mprotect, 2, PROT_EXEC, 0), /* malloc arenas, never exec */
	SC_ALLOW(clock_gettime),
	SC_ALLOW(clock_nanosleep),
	SC_ALLOW(nanosleep),
	SC_ALLOW(gettid),
	SC_ALLOW(getpid),
	SC_ALLOW(rt_sigprocmask),
	SC_ALLOW(rt_sigreturn),		/* SIGTERM handler */
	SC_ALLOW(sched_yield),
	SC_ALLOW(close),		/* nanomsg closes finished pipes */
	SC_ALLOW_MASK(fcntl, 1, ~0ul, F_GETFL),
	SC_ALLOW_MASK(fcntl, 1, ~0ul, F_SETFL),
	SC_ALLOW(exit),
	SC_ALLOW(exit_group),
};

int allow_apply(int debug)
{
	return sandbox_apply(engine_allow,
			     sizeof(engine_allow) / sizeof(engine_allow[0]),
			     debug);
}
