/*
 * Replay (lanner -e, engine.kind: replay): the broker opens the capture
 * files and hands them to lanner-replay in capture's place; when it has
 * fed every record and the engine has read them, the engine is asked to
 * send its last alerts; once the output workers have acknowledged every
 * alert, lanner stops and prints a summary.
 */
#ifndef LNR_BROKER_REPLAY_H
#define LNR_BROKER_REPLAY_H

#include <stdint.h>
#include <time.h>

#include "alert.h"

#define REPLAY_MAX_RULES 1024 /* rules counted by name; the rest summed */

struct broker;
struct child;

struct replay_rule {
	char *name;
	uint64_t alerts;
};

struct replay {
	struct timespec started, fed; /* spawn; every record in the ring */
	int draining;		      /* the engine was asked to drain */
	int done;		      /* its last alert has come */
	uint64_t alerts, by_prio[PRIO_COUNT];
	struct replay_rule rules[REPLAY_MAX_RULES];
	size_t nrules;
	uint64_t other_rules;  /* alerts of rules beyond REPLAY_MAX_RULES */
	struct event *ev_wait; /* polls the output queues at the end */
	unsigned waits;
	char feeder[1024]; /* lanner-replay's last stats */
	char engine[2560]; /* the engine's drained stats */
};

/* Whether this run replays (-e or engine.kind: replay); fatal on an
 * engine.kind lanner does not know. */
int replay_wanted(const struct broker *b);
/* Opens the files -e or replay.capture_file name, a directory as its
 * files in name order, into b->file_fds, and sets replay.capture_file
 * to their names in the same order; fatal when there is none or one
 * cannot be opened. */
void replay_setup(struct broker *b);
void replay_note_alert(struct broker *b, const struct alert *a);
/* Starts lanner-replay once the engine has its rules, so the time
 * measured is the time spent on events. */
void replay_start(struct broker *b);
/* Stats from lanner-replay or the engine: the end of feeding starts
 * the drain, the engine's drained stats stop lanner. */
void replay_note_stats(struct child *c, const char *text);
/* A child exited: 1 when the replay handled it (it cannot go on). */
int replay_child_exited(struct child *c);
/* The summary, on stdout, then frees what the replay held; lanner's
 * exit status. */
int replay_report(struct broker *b);

#endif
