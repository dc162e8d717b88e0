/*
 * The broker's state: its configuration, the shared ring, and one record
 * per supervised child. Each concept has its own file: spawn.c starts a
 * child, supervise.c watches it die and restarts it, peer.c reads and
 * dispatches its messages, handshake.c pushes config and rules, route.c
 * moves alerts through the per-channel queues, reseed.c prepares what a
 * restarted engine needs, logrelay.c relays stderr.
 */
#ifndef LNR_BROKER_H
#define LNR_BROKER_H

#include <event2/util.h>
#include <limits.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "alert.h"
#include "cli.h"
#include "conf.h"
#include "drops_conf.h"
#include "msg.h"
#include "proc.h"
#include "queue.h"
#include "ring.h"
#include "rules.h"

#define BROKER_MAX_CHILDREN 16
#define BROKER_MAX_SIGNALS 6
#define SINK_MAX_PROGRAMS 8 /* program_output programs running at once */

struct broker;

struct child {
	const struct proc_def *def;
	struct broker *b;
	char path[PATH_MAX]; /* the program */
	char url[PATH_MAX + 16];
	int sock; /* nanomsg PAIR, bound once */
	struct event *ev_msg;
	pid_t pid; /* 0 while not running */
	int hello; /* HELLO seen from this run */
	struct timespec started;
	unsigned backoff_ms;
	unsigned restarts;
	struct event *ev_restart;
	/* outputs */
	struct queue queue;
	struct event *ev_pump;	    /* retries a send that would block */
	enum priority min_priority; /* less severe alerts are not queued */
	uint64_t below_priority;    /* alerts not queued for that reason */
	/* sinks (sink.c) */
	int sink_sock; /* descriptors go to the worker through it, or -1 */
	int sink_file; /* file_output's file, or -1 */
	pid_t programs[SINK_MAX_PROGRAMS]; /* program_output's, running */
	unsigned nprograms;
	int sink_wanted; /* the worker waits for a program */
};

struct broker {
	struct event_base *base;
	const struct cli *cli;
	struct conf conf;
	struct drops_conf drops; /* syscall_event_drops, checked at start */
	struct rules rules;
	const char *rule_paths[CLI_MAX_LIST]; /* read again on SIGHUP */
	int nrule_paths;
	char run_dir[PATH_MAX];
	int run_dir_created;
	int run_dir_fd; /* endpoints are handled through it */
	int ring_fd;
	struct ring ring;     /* mapped to put a dead engine's index right */
	int snapshot_fd;      /* /proc snapshot for the next engine, or -1 */
	uint64_t ring_faults; /* capture's count of impossible read indices */
	int wake_fd;
	const char *log_level;
	uint8_t *out; /* one message being built */
	struct child children[BROKER_MAX_CHILDREN];
	size_t nchildren;
	int rules_ok_once; /* the engine accepted rules at least once */
	int stopping;
	int exit_code;
	struct event *ev_deadline;
	struct event *ev_linger;
	struct event *ev_duration; /* -M */
	struct event *ev_droplog;  /* reports the last queue drops */
	struct event *ev_signals[BROKER_MAX_SIGNALS];
};

/* Layers, each calling only those below it: main.c (signals) -> peer.c
 * -> reload.c, supervise.c -> handshake.c, route.c, reseed.c, sink.c ->
 * chan.c, spawn.c. */

/* chan.c: starts a message in the broker's buffer; sends a finished
 * message to a child, 0 or -errno (logged). */
void chan_begin(struct broker *b, struct msg_out *m, enum msg_type type,
		uint64_t seq);
int chan_send(struct child *c, struct msg_out *m, int nonblock);

/* spawn.c */
int child_spawn(struct child *c);
void child_kill(struct child *c, const char *why);

/* supervise.c */
int supervise_setup(struct broker *b);
/* SIGCHLD: reaps children and restarts them. */
void supervise_reap(evutil_socket_t sig, short what, void *arg);
void broker_stop(struct broker *b, int exit_code);

/* peer.c */
int peer_listen(struct child *c);

/* handshake.c */
int handshake_config(struct child *c);
int handshake_rules(struct child *c);

/* route.c */
int route_init(struct child *c);
/* Once every output child is initialised. 0 or -errno. */
int route_setup(struct broker *b);
void route_alert(struct broker *b, const void *body, size_t len,
		 enum priority prio);
/* Logs each channel's queue counts; at exit. */
void route_report(const struct broker *b);
void route_ack(struct child *c, uint64_t seq);
void route_pump(struct child *c);
void route_resend(struct child *c);

/* reseed.c: before an engine restart, a sound read index and a fresh
 * /proc snapshot (snapshot_fd); once it is spawned, the snapshot is its. */
void reseed_prepare(struct broker *b);
void reseed_done(struct broker *b);
/* Capture's count of impossible indices: a rise restarts the engine. */
void reseed_note_faults(struct broker *b, uint64_t faults);

/* sink.c: at start, checks the settings and opens the file (fatal when
 * it cannot); hands the worker a sink when it asks (-EPROTO for a channel
 * without one); reopens a file after rotation and hands it over; notes a
 * program that exited (1 if pid was one). */
int sink_setup(struct child *c);
int sink_hand(struct child *c);
void sink_reopen(struct child *c);
int sink_reaped(struct broker *b, pid_t pid, int status);

/* reload.c */
void reload(struct broker *b);

/* logrelay.c */
int logrelay_start(struct event_base *base, int fd);
/* Pipes still open: the broker waits for them before exiting. */
int logrelay_open(void);

#endif
