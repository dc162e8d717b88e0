/*
 * Seccomp allowlists. Each process has an allow.c holding one table, one
 * syscall a line; sandbox_apply sets no_new_privs and installs it with a
 * default action of killing the process. With debug set, a forbidden call
 * traps instead and the handler logs the syscall number before exiting,
 * so a missing line is easy to find.
 */
#ifndef LNR_SANDBOX_H
#define LNR_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <seccomp.h>

enum sc_action { SC_ACT_ALLOW, SC_ACT_ERRNO };

struct sc_rule {
	int nr;
	enum sc_action action;
	int err;       /* for SC_ACT_ERRNO */
	unsigned narg; /* argument comparisons, 0 to 2 */
	struct scmp_arg_cmp arg[2];
};

#define SC_ALLOW(name)                                                         \
	{                                                                      \
		SCMP_SYS(name), SC_ACT_ALLOW, 0, 0,                            \
		{                                                              \
			{                                                      \
				0                                              \
			}                                                      \
		}                                                              \
	}
/* Allowed only when argument `i` equals `v`. */
#define SC_ALLOW_ARG(name, i, v)                                               \
	{                                                                      \
		SCMP_SYS(name), SC_ACT_ALLOW, 0, 1,                            \
		{                                                              \
			SCMP_A##i(SCMP_CMP_EQ, (v), 0)                         \
		}                                                              \
	}
/* Allowed only when (argument `i` & mask) == v. */
#define SC_ALLOW_MASK(name, i, mask, v)                                        \
	{                                                                      \
		SCMP_SYS(name), SC_ACT_ALLOW, 0, 1,                            \
		{                                                              \
			SCMP_A##i(SCMP_CMP_MASKED_EQ, (mask), (v))             \
		}                                                              \
	}
/* What a libevent server needs to serve the sockets it accepts; shared by
 * lanner-web and lanner-k8saudit. Users include <sys/ioctl.h> and
 * <sys/socket.h>. */
#define SC_ALLOW_EVSERVE                                                       \
	SC_ALLOW(accept4), SC_ALLOW(accept), SC_ALLOW(recvfrom),               \
	    SC_ALLOW(sendto), SC_ALLOW(readv),                                 \
	    SC_ALLOW_ARG(ioctl, 1, FIONREAD), /* libevent sizes its reads */   \
	    SC_ALLOW(shutdown), SC_ALLOW(getpeername), SC_ALLOW(getsockname),  \
	    SC_ALLOW_ARG(setsockopt, 1, SOL_SOCKET), SC_ALLOW(epoll_create1),  \
	    SC_ALLOW(eventfd2)
/* Fails with errno instead of killing (calls libraries make but can live
 * without). */
#define SC_DENY(name, e)                                                       \
	{                                                                      \
		SCMP_SYS(name), SC_ACT_ERRNO, (e), 0,                          \
		{                                                              \
			{                                                      \
				0                                              \
			}                                                      \
		}                                                              \
	}

/*
 * no_new_privs, then the filter. Returns 0 or -errno; callers treat a
 * failure as fatal. debug: trap and report instead of killing.
 */
int sandbox_apply(const struct sc_rule *rules, size_t n, int debug);

/*
 * The same, with the runtime every lanner process needs added first:
 * nanomsg's worker thread, malloc, clocks, signals, logging, exit. A
 * process's allow.c then lists only what is its own.
 */
int sandbox_apply_process(const struct sc_rule *rules, size_t n, int debug);

/* Reads LANNER_SECCOMP_DEBUG=1 from the environment. */
int sandbox_debug_requested(void);

#endif
