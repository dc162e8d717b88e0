/*
 * What the engine may do once sandboxed: read the ring (already mapped)
 * and its wake-up eventfd, talk to the broker over nanomsg, allocate,
 * log to stderr, exit: the runtime every lanner process gets from
 * sandbox_apply_process, plus the two calls below. It opens nothing,
 * creates no socket, execs nothing, maps nothing executable.
 * Anything else kills it (LANNER_SECCOMP_DEBUG=1: reports it).
 */
#include <sys/prctl.h>

#include "engine.h"
#include "sandbox.h"

static const struct sc_rule engine_allow[] = {
    SC_ALLOW(getuid), /* confine_report, before rules are parsed */
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
};

int allow_apply(int debug)
{
	return sandbox_apply_process(
	    engine_allow, sizeof(engine_allow) / sizeof(*engine_allow), debug);
}
