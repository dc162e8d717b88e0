/*
 * lanner-containers: asks nothing itself. The broker, which may connect
 * to the runtime's API socket, writes its request on a fresh connection
 * and hands this process a pipe the reply is relayed into, with the
 * container's id; this process, which parses the runtime's untrusted
 * replies, runs as its own user with no capabilities, no_new_privs and
 * a seccomp table that lets it read the descriptors it was given: it
 * cannot connect anywhere or open a file, and it never holds the
 * runtime's socket, so it cannot write to the runtime either.
 */
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "log.h"
#include "privdrop.h"

static const struct child_handler helper_handlers[] = {
    {MSG_SHUTDOWN, child_on_shutdown},
};

static const struct child_def helper_child = {
    .name = "lanner-containers",
    .user = LNR_USER_CONTAINERS,
    .handlers = helper_handlers,
    .nhandlers = sizeof(helper_handlers) / sizeof(*helper_handlers),
};

int main(int argc, char **argv)
{
	static struct helper h;
	int r;

	child_start(&h.child, &helper_child, &h, argc, argv);
	child_signals();
	if (h.child.sink_fd < 0)
		fatal("no --sink-fd: the connections come through it");
	child_connect(&h.child);
	child_config(&h.child);
	lookup_setup(&h);
	child_drop_privileges(&h.child);
	child_sandbox_enter(containers_allow, containers_allow_len);
	child_report("reading runtime replies");
	r = lookup_run(&h);
	if (r < 0)
		log_err("stopping: %s", strerror(-r));
	return r < 0 ? 1 : 0;
}
