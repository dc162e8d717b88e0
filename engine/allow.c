/*
 * What the engine may do once sandboxed: read the ring (already mapped)
 * and its wake-up eventfd, talk to the broker over nanomsg, allocate,
 * log to stderr, exit: the runtime every lanner process gets from
 * child_sandbox_enter, plus the two calls below. It opens nothing,
 * creates no socket, execs nothing, maps nothing executable. The rule
 * command line modes get less: allocate, write their answer, exit.
 * Anything else kills it (LANNER_SECCOMP_DEBUG=1: reports it).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>

#include "config.h" /* autoconf: LNR_SANITIZERS */
#include "engine.h"
#include "log.h"
#include "sandbox.h"

#ifdef LNR_SANITIZERS
#define ALLOW_SANITIZERS 1
#else
#define ALLOW_SANITIZERS 0
#endif

const struct sc_rule engine_allow[] = {
    SC_ALLOW(getuid), /* child_report, before rules are parsed */
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
};
const size_t engine_allow_len = sizeof(engine_allow) / sizeof(*engine_allow);

static const struct sc_rule cli_allow[] = {
    SC_ALLOW(write), /* the answer on stdout, log lines on stderr */
    SC_ALLOW(writev),
    SC_ALLOW(fstat), /* stdio sizes stdout's buffer */
    SC_ALLOW_ARG(newfstatat, 3, AT_EMPTY_PATH), /* fstat, not a path */
    /* stdio asks whether a character device (/dev/null) is a terminal */
    SC_ALLOW_ARG(ioctl, 1, TCGETS),
    SC_ALLOW(brk),
    SC_ALLOW_MASK(mmap, 2, PROT_EXEC, 0), /* never executable */
    SC_ALLOW_MASK(mprotect, 2, PROT_EXEC, 0),
    SC_ALLOW(munmap),
    SC_ALLOW(mremap),
    SC_ALLOW(madvise),
    SC_ALLOW(getpid), /* log lines */
    SC_ALLOW(getuid), /* child_report */
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
    SC_ALLOW(exit),
    SC_ALLOW(exit_group),
};

int allow_apply_cli(int debug)
{
	/* The sanitizer runtimes check for leaks at exit with calls this
	 * table forbids; such builds are for tests, not for use. */
	if (ALLOW_SANITIZERS) {
		log_msg(LOG_LVL_NOTICE,
			"sanitizer build: the rule tools run without seccomp");
		return 0;
	}
	return sandbox_apply(cli_allow, sizeof(cli_allow) / sizeof(*cli_allow),
			     debug);
}
