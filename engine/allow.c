/*
 * What the engine may do once sandboxed: read the ring (already mapped)
 * and its wake-up eventfd, talk to the broker over nanomsg, allocate,
 * log to stderr, exit. That is exactly the runtime every lanner process
 * gets from sandbox_apply_process, so the engine adds nothing: it opens
 * nothing, creates no socket, execs nothing, maps nothing executable.
 * Anything else kills it (LANNER_SECCOMP_DEBUG=1: reports it).
 */
#include "engine.h"
#include "sandbox.h"

int allow_apply(int debug)
{
	return sandbox_apply_process(NULL, 0, debug);
}
