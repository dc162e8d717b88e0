/*
 * Every output channel of common/channels.def exists, and its seccomp
 * lines hold only what the channel needs: no channel may open a path or
 * run a program, and only those that talk to a socket they make
 * themselves (syslog, http) may create sockets and connect.
 */
#include <string.h>

#include "channel.h"
#include "check.h"

/* Every channel, as no single worker program has them. */
const struct channel *const output_channels[] = {
#define CHANNEL(name, enabled, owns_stdout, sink, curl) &channel_##name,
#include "channels.def"
#undef CHANNEL
    NULL,
};
const char output_program[] = "test_channels";

static int allows(const struct channel *ch, int nr)
{
	for (size_t i = 0; i < ch->nallow; i++)
		if (ch->allow[i].nr == nr &&
		    ch->allow[i].action == SC_ACT_ALLOW)
			return 1;
	return 0;
}

static void check_channel(const char *name)
{
	static const int never[] = {
	    SCMP_SYS(open),  SCMP_SYS(openat), SCMP_SYS(openat2),
	    SCMP_SYS(creat), SCMP_SYS(execve), SCMP_SYS(execveat),
	    SCMP_SYS(fork),  SCMP_SYS(vfork),  SCMP_SYS(ptrace),
	    SCMP_SYS(bind),  SCMP_SYS(listen), SCMP_SYS(accept),
	    SCMP_SYS(mount), SCMP_SYS(setuid), SCMP_SYS(unlink),
	};
	const struct channel *ch = channel_find(name);
	int net = strcmp(name, "syslog") == 0 || strcmp(name, "http") == 0;

	CHECK(ch != NULL);
	if (!ch)
		return;
	CHECK(strcmp(ch->name, name) == 0);
	CHECK(ch->init && ch->deliver && ch->reopen && ch->close);
	for (size_t i = 0; i < sizeof(never) / sizeof(*never); i++)
		CHECK(!allows(ch, never[i]));
	CHECK(allows(ch, SCMP_SYS(socket)) == net);
	CHECK(allows(ch, SCMP_SYS(connect)) == net);
}

int main(void)
{
#define CHANNEL(name, enabled, owns_stdout, sink, curl) check_channel(#name);
#include "channels.def"
#undef CHANNEL
	CHECK(channel_find("nonesuch") == NULL);
	return check_done();
}
