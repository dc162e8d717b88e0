/*
 * lanner-resolve: resolves the domain names the rules name, for
 * fd.cip.name, fd.sip.name, fd.lip.name and fd.rip.name. The engine,
 * which opens no socket, cannot ask a DNS server itself; the broker,
 * which is privileged, must not parse what one answers. See resolve.h.
 */
#include <string.h>

#include "log.h"
#include "privdrop.h"
#include "resolve.h"

static int on_names(void *self, struct msg_in *m);

static const struct child_handler resolver_handlers[] = {
    {MSG_SHUTDOWN, child_on_shutdown},
    {MSG_DNS_NAMES, on_names},
};

static const struct child_def resolver_child = {
    .name = "lanner-resolve",
    .user = LNR_USER_RESOLVE,
    .handlers = resolver_handlers,
    .nhandlers = sizeof(resolver_handlers) / sizeof(*resolver_handlers),
};

/* The new list replaces the old; a name on both keeps its schedule and
 * its last answer. */
static int on_names(void *self, struct msg_in *m)
{
	static const char *names[DNSINFO_NAMES_MAX];
	struct resolver *r = self;
	int n = dnsinfo_names_decode(m, names);

	if (n < 0)
		return n;
	resolve_set_names(r, names, (size_t)n);
	return 0;
}

int main(int argc, char **argv)
{
	static struct resolver r;
	int rc;

	child_start(&r.child, &resolver_child, &r, argc, argv);
	child_signals();
	child_connect(&r.child);
	child_config(&r.child);
	resolve_setup(&r);
	child_drop_privileges(&r.child);
	child_sandbox_enter(resolve_allow, resolve_allow_len);
	child_report("resolving");
	rc = resolve_run(&r);
	if (rc < 0)
		log_err("stopping: %s", strerror(-rc));
	return rc < 0 ? 1 : 0;
}
