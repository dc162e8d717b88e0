/*
 * lanner-output CHANNEL: one worker per output channel. It connects to
 * the broker, takes its configuration, opens what the channel needs,
 * drops to the lanner-output user, locks itself in its seccomp sandbox, then
 * formats, delivers and acknowledges alerts until told to stop.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "allow.h"
#include "format.h"
#include "ipc.h"
#include "log.h"
#include "privdrop.h"
#include "worker.h"

#define OUTPUT_LINE_MAX (4u << 20)

static void parse_args(struct worker *w, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"ctl", required_argument, NULL, 'c'},
	    {"log-level", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	enum log_level lvl;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'c')
			w->url = optarg;
		else if (ch == 'l' && log_level_parse(optarg, &lvl) == 0)
			log_set_level(lvl);
		else
			fatal("usage: lanner-output CHANNEL --ctl URL "
			      "[--log-level LEVEL]");
	}
	if (optind != argc - 1 || !w->url)
		fatal("usage: lanner-output CHANNEL --ctl URL "
		      "[--log-level LEVEL]");
	w->ch = channel_find(argv[optind]);
	if (!w->ch)
		fatal("unknown output channel %s", argv[optind]);
}

static void drop_privileges(const struct channel *ch)
{
	pid_t parent = getppid();
	uid_t uid;
	gid_t gid;
	int r;

	tzset(); /* local time must be known before the sandbox closes */
	if (privdrop_lookup(LNR_USER_OUTPUT, &uid, &gid) < 0)
		fatal("no user %s to run as", LNR_USER_OUTPUT);
	r = privdrop_full(uid, gid);
	if (r < 0)
		fatal("cannot drop privileges: %s", strerror(-r));
	/* Dropping privileges cleared it: die with the broker. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		fatal("the broker is gone");
	r = allow_apply(ch, sandbox_debug_requested());
	if (r < 0)
		fatal("cannot install the sandbox: %s", strerror(-r));
}

int main(int argc, char **argv)
{
	static struct worker w;
	int r;

	log_init("lanner-output", LOG_LVL_INFO);
	parse_args(&w, argc, argv);
	w.line = malloc(OUTPUT_LINE_MAX);
	w.line_cap = OUTPUT_LINE_MAX;
	if (!w.line)
		fatal("out of memory");
	worker_connect(&w);
	r = w.ch->init(&w.conf);
	if (r < 0)
		fatal("cannot open the %s channel: %s", w.ch->name,
		      strerror(-r));
	drop_privileges(w.ch);
	r = worker_loop(&w);
	w.ch->close();
	return r < 0 ? 1 : 0;
}
