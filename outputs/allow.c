/*
 * What an output worker may do once sandboxed: read messages from the
 * broker over nanomsg, write alerts, acknowledge them, exit: the common
 * runtime of sandbox_apply_process. Each channel adds its own lines
 * (struct channel allow), e.g. connect for a network channel.
 */
#include "allow.h"
#include "sandbox.h"

int allow_apply(const struct channel *ch, int debug)
{
	return sandbox_apply_process(ch->allow, ch->nallow, debug);
}
