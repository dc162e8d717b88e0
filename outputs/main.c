/*
 * lanner-output CHANNEL: one worker per output channel. It connects to
 * the broker, takes its configuration, opens what the channel needs,
 * drops to the lanner-output user, enters its sandbox (limits,
 * no_new_privs, seccomp with the channel's own extras), then formats,
 * delivers and acknowledges alerts until told to stop.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "child.h"
#include "log.h"
#include "sink.h"
#include "worker.h"

#define OUTPUT_LINE_MAX (4u << 20)

/* The channel named on the command line and its formatted line. */
static void setup(struct worker *w)
{
	w->ch = channel_find(w->child.operand);
	if (!w->ch)
		fatal("unknown output channel %s", w->child.operand);
	w->line = malloc(OUTPUT_LINE_MAX);
	w->line_cap = OUTPUT_LINE_MAX;
	if (!w->line)
		fatal("out of memory");
}

/* What the channel opens, and local time, before the sandbox closes. */
static void open_channel(struct worker *w)
{
	int r;

	format_opts_read(&w->fmt, &w->child.conf);
	sink_attach(&w->child);
	/* A sink whose reader left (a program that exited) is an error to
	 * handle, not a reason to die. */
	signal(SIGPIPE, SIG_IGN);
	r = w->ch->init(&w->child.conf);
	if (r < 0)
		fatal("cannot open the %s channel: %s", w->ch->name,
		      strerror(-r));
	tzset();
}

int main(int argc, char **argv)
{
	static struct worker w;
	int r;

	child_start(&w.child, &worker_child, &w, argc, argv);
	setup(&w);
	child_connect(&w.child);
	child_config(&w.child);
	open_channel(&w);
	child_drop_privileges(&w.child);
	child_sandbox_enter(w.ch->allow, w.ch->nallow);
	r = worker_run(&w);
	log_info("%s: delivered %llu alerts", w.ch->name,
		 (unsigned long long)w.delivered);
	w.ch->close();
	return r < 0 ? 1 : 0;
}
