/*
 * What capture may do once sandboxed: drain the BPF ring buffer, copy
 * into the shm ring, wake the engine, talk to the broker over nanomsg,
 * read its drop counters, detach and exit. No open, no socket, no exec.
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <sys/mman.h>

#include "allow.h"
#include "sandbox.h"

static const struct sc_rule capture_allow[] = {
    SC_ALLOW(futex),
    SC_ALLOW(epoll_wait), /* main loop, nanomsg's worker */
    SC_ALLOW(epoll_pwait),
    SC_ALLOW(epoll_ctl), /* libbpf ring buffer, nanomsg */
    SC_ALLOW(poll),	 /* nanomsg */
    SC_ALLOW(ppoll),
    SC_ALLOW(read),  /* nanomsg's eventfds */
    SC_ALLOW(write), /* wake eventfd, log lines */
    SC_ALLOW(writev),
    SC_ALLOW(recvmsg), /* nanomsg */
    SC_ALLOW(sendmsg),
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_LOOKUP_ELEM), /* drop counters */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_UPDATE_ELEM), /* syscall filter */
    SC_ALLOW(brk),			       /* nanomsg allocates messages */
    SC_ALLOW_MASK(mmap, 2, PROT_EXEC, 0),      /* never executable */
    SC_ALLOW_MASK(mprotect, 2, PROT_EXEC, 0),  /* malloc arenas */
    SC_ALLOW(munmap),			       /* cleanup: ring buffer unmap */
    SC_ALLOW(mremap),
    SC_ALLOW(madvise),
    SC_ALLOW(clock_gettime),
    SC_ALLOW(clock_nanosleep),
    SC_ALLOW(nanosleep),
    SC_ALLOW(gettid),
    SC_ALLOW(getpid),
    SC_ALLOW(rt_sigprocmask),
    SC_ALLOW(rt_sigreturn),
    SC_ALLOW(sched_yield),
    SC_ALLOW(close), /* cleanup: links, maps, programs */
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_GETFL),
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_SETFL),
    SC_ALLOW(exit),
    SC_ALLOW(exit_group),
};

int capture_allow_apply(int debug)
{
	return sandbox_apply(capture_allow,
			     sizeof(capture_allow) / sizeof(*capture_allow),
			     debug);
}
