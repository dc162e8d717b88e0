/*
 * What an output worker may do once sandboxed: read messages from the
 * broker over nanomsg, write alerts, acknowledge them, exit. Channels add
 * their own lines (struct channel allow).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <string.h>

#include "allow.h"
#include "sandbox.h"

#define ALLOW_MAX 96

static const struct sc_rule output_allow[] = {
    SC_ALLOW(read),
    SC_ALLOW(write),
    SC_ALLOW(writev),
    SC_ALLOW(recvmsg), /* nanomsg */
    SC_ALLOW(sendmsg),
    SC_ALLOW(poll),
    SC_ALLOW(ppoll),
    SC_ALLOW(epoll_wait), /* nanomsg's worker thread */
    SC_ALLOW(epoll_pwait),
    SC_ALLOW(epoll_ctl),
    SC_ALLOW(futex),
    SC_ALLOW(brk), /* messages are malloc'd by nanomsg */
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
    SC_ALLOW(rt_sigreturn),
    SC_ALLOW(sched_yield),
    SC_ALLOW(close), /* nanomsg closes finished pipes */
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_GETFL),
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_SETFL),
    SC_ALLOW(exit),
    SC_ALLOW(exit_group),
};

int allow_apply(const struct channel *ch, int debug)
{
	struct sc_rule rules[ALLOW_MAX];
	size_t n = sizeof(output_allow) / sizeof(*output_allow);

	if (n + ch->nallow > ALLOW_MAX)
		return -E2BIG;
	memcpy(rules, output_allow, sizeof(output_allow));
	if (ch->nallow)
		memcpy(rules + n, ch->allow, ch->nallow * sizeof(*rules));
	return sandbox_apply(rules, n + ch->nallow, debug);
}
