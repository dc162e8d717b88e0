/*
 * Installs a process's seccomp allowlist. Kill is the default; debug mode
 * traps instead so the handler can name the syscall that was missing.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <sys/mman.h>
#include <fcntl.h>

#include "log.h"
#include "sandbox.h"

static const struct sc_rule runtime_allow[] = {
    SC_ALLOW(read),  /* nanomsg's eventfds */
    SC_ALLOW(write), /* log lines to the broker's pipe */
    SC_ALLOW(writev),
    SC_ALLOW(poll), /* nanomsg */
    SC_ALLOW(ppoll),
    SC_ALLOW(recvmsg),
    SC_ALLOW(sendmsg),
    SC_ALLOW(epoll_wait), /* nanomsg's worker thread */
    SC_ALLOW(epoll_pwait),
    SC_ALLOW(epoll_ctl),
    SC_ALLOW(futex),
    SC_ALLOW(brk),			  /* malloc, nanomsg's messages */
    SC_ALLOW_MASK(mmap, 2, PROT_EXEC, 0), /* never executable */
    SC_ALLOW_MASK(mprotect, 2, PROT_EXEC, 0),
    SC_ALLOW(munmap),
    SC_ALLOW(mremap),
    SC_ALLOW(madvise),
    SC_ALLOW(clock_gettime),
    SC_ALLOW(clock_nanosleep),
    SC_ALLOW(nanosleep),
    SC_ALLOW(gettid),
    SC_ALLOW(getpid),
    SC_ALLOW(rt_sigprocmask),
    SC_ALLOW(rt_sigreturn),    /* SIGTERM handlers */
    SC_ALLOW(restart_syscall), /* a sleep resumed after SIGSTOP/SIGCONT */
    SC_ALLOW(sched_yield),
    SC_ALLOW(close), /* nanomsg closes finished pipes */
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_GETFL),
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_SETFL),
    SC_ALLOW(exit),
    SC_ALLOW(exit_group),
};

/* Async-signal-safe: formats the number by hand, writes, exits. */
static void report_sigsys(int sig, siginfo_t *info, void *uctx)
{
	static const char head[] = "seccomp: forbidden syscall ";
	char num[16];
	int nr = info->si_syscall, i = (int)sizeof(num);

	(void)sig;
	(void)uctx;
	num[--i] = '\n';
	do {
		num[--i] = (char)('0' + nr % 10);
		nr /= 10;
	} while (nr > 0 && i > 0);
	(void)!write(STDERR_FILENO, head, sizeof(head) - 1);
	(void)!write(STDERR_FILENO, num + i, sizeof(num) - (size_t)i);
	_exit(125);
}

int sandbox_debug_requested(void)
{
	const char *v = getenv("LANNER_SECCOMP_DEBUG");

	return v && strcmp(v, "1") == 0;
}

static int add_rules(scmp_filter_ctx ctx, const struct sc_rule *rules, size_t n)
{
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++) {
		uint32_t act = rules[i].action == SC_ACT_ALLOW
				   ? SCMP_ACT_ALLOW
				   : SCMP_ACT_ERRNO((uint32_t)rules[i].err);

		if (rules[i].nr < 0) /* not on this architecture */
			continue;
		r = seccomp_rule_add_array(ctx, act, rules[i].nr, rules[i].narg,
					   rules[i].arg);
		if (r < 0)
			log_err("seccomp: cannot add rule for syscall %d: %s",
				rules[i].nr, strerror(-r));
	}
	return r;
}

static int apply(const struct sc_rule *base, size_t nbase,
		 const struct sc_rule *rules, size_t n, int debug)
{
	scmp_filter_ctx ctx;
	int r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	ctx = seccomp_init(debug ? SCMP_ACT_TRAP : SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return -ENOMEM;
	/* Every thread, including library threads started before us. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (r == 0)
		r = add_rules(ctx, base, nbase);
	if (r == 0)
		r = add_rules(ctx, rules, n);
	if (r == 0 && debug) {
		struct sigaction sa = {.sa_sigaction = report_sigsys,
				       .sa_flags = SA_SIGINFO};

		if (sigaction(SIGSYS, &sa, NULL) < 0)
			r = -errno;
	}
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r;
}

int sandbox_apply(const struct sc_rule *rules, size_t n, int debug)
{
	return apply(NULL, 0, rules, n, debug);
}

int sandbox_apply_process(const struct sc_rule *rules, size_t n, int debug)
{
	return apply(runtime_allow,
		     sizeof(runtime_allow) / sizeof(*runtime_allow), rules, n,
		     debug);
}
