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

#include "rulecount.h"
#include "alert.h"
#include "clip.h"
#include "cli.h"
#include "conf.h"
#include "drops_conf.h"
#include "event.h"
#include "msg.h"
#include "procfilter.h"
#include "proc.h"
#include "queue.h"
#include "replay.h"
#include "ring.h"
#include "rules.h"

#define BROKER_MAX_CHILDREN 16
#define BROKER_MAX_SIGNALS 6
#define BROKER_MAX_FILES 64 /* capture files handed to one child */
#define SINK_MAX_PROGRAMS 8 /* program_output programs running at once */

struct broker;
struct k8srelay;

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
	unsigned quick_exits; /* exits before it was up STABLE_AFTER_S */
	struct event *ev_restart;
	int ready;	       /* MSG_READY seen from this run */
	int idle;	       /* on demand and not asked for yet */
	int stop_asked;	       /* lanner stops: MSG_SHUTDOWN or SIGTERM sent */
	char stats[8192];      /* its last STATS text */
	uint64_t stats_events; /* "events=" in it, for the rate */
	struct timespec stats_at;
	double evt_rate; /* events per second between its last two STATS */
	struct event *ev_pump; /* retries a send that would block */
	/* the engine: the last alert queued, and the last it was told of */
	uint64_t alerts_taken, alerts_told;
	/* outputs */
	struct queue queue;
	enum priority min_priority; /* less severe alerts are not queued */
	uint64_t below_priority;    /* alerts not queued for that reason */
	/* sinks (sink.c) */
	int sink_sock; /* descriptors go to the worker through it, or -1 */
	int sink_file; /* file_output's file, or -1 */
	pid_t programs[SINK_MAX_PROGRAMS]; /* program_output's, running */
	unsigned nprograms;
	int sink_wanted; /* the worker waits for a program */
};

#define CONTROL_MAX_WAITING 8

struct evconnlistener;
struct bufferevent;
struct evbuffer;

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
	/* What the broker opened for the capture-role child: the files
	 * to replay; or the --capture file and the socket that carries
	 * files around alerts (no name). */
	int file_fds[BROKER_MAX_FILES];
	char *file_names[BROKER_MAX_FILES];
	int nfile_fds;
	struct replay *replay; /* NULL unless replaying */
	struct clip *clip;     /* NULL unless capture.enabled */
	uint8_t *out;	       /* one message being built */
	struct child children[BROKER_MAX_CHILDREN];
	size_t nchildren;
	int rules_ok_once; /* the engine accepted rules at least once */
	uint8_t evt_set[LNR_EVT_COUNT]; /* what the probe emits, per type */
	int evt_set_known;		/* the engine has sent evt_set */
	uint8_t *open_filter;		/* common/openfilter.h, as sent */
	size_t open_filter_len;
	uint8_t proc_names[PROCFILTER_BYTES]; /* common/procfilter.h */
	uint8_t *dns_names; /* the engine's last MSG_DNS_NAMES body */
	size_t dns_names_len;
	struct timespec started;
	double ready_at_ms; /* 0 until capture and engine are ready */
	struct event *ev_watchdog;
	unsigned rules_loaded, reloads, reload_failures;
	struct event *ev_metrics;  /* figures for lanner-web */
	struct event *ev_snapshot; /* metrics.interval snapshots */
	int snapshot_file;	   /* metrics.output_file, or -1 */
	int watch_fd;		   /* inotify, with watch_config_files */
	struct event *ev_watch, *ev_settle;
	int users_fd; /* inotify on /etc for passwd and group (users.c) */
	struct event *ev_users, *ev_users_settle;
	char last_reload[640]; /* the last reload's outcome, one line */
	uint64_t alerts_by_prio[PRIO_COUNT];
	struct rulecounts alerts_by_rule;
	struct k8srelay *k8s; /* audit event batches for the engine */
	uint64_t k8s_batches, k8s_dropped;
	uint64_t container_lookups; /* the engine's MSG_CONTAINER_WANT */
	uint64_t container_answers_dropped; /* the engine's channel was full */
	uint64_t dns_answers_dropped;	    /* the same, for lanner-resolve */
	struct evconnlistener *control;	    /* lannerctl's socket */
	char control_path[108];
	struct bufferevent *waiting[CONTROL_MAX_WAITING]; /* for a reload */
	size_t nwaiting;
	int stopping;
	int exit_code;
	struct event *ev_deadline;
	struct event *ev_linger;
	struct event *ev_duration; /* -M */
	struct event *ev_droplog;  /* reports the last queue drops */
	struct event *ev_signals[BROKER_MAX_SIGNALS];
};

/* Layers, each calling only those below it: main.c (signals) -> peer.c
 * -> reload.c, supervise.c -> handshake.c, route.c, reseed.c, sink.c,
 * k8srelay.c, containers.c -> chan.c, spawn.c. */

/* chan.c: starts a message in the broker's buffer; sends a finished
 * message to a child, 0 or -errno (logged). */
void chan_begin(struct broker *b, struct msg_out *m, enum msg_type type,
		uint64_t seq);
int chan_send(struct child *c, struct msg_out *m, int nonblock);
/* The running child of a role that said hello, or NULL. */
struct child *chan_peer(struct broker *b, enum proc_role role);
/* Passes a body on unread as a message of type to to, without blocking;
 * 0 when to is NULL (nobody to tell), else what chan_send says. */
int chan_relay(struct child *to, enum msg_type type, const void *body,
	       size_t len);

/* spawn.c */
int child_spawn(struct child *c);
void child_kill(struct child *c, const char *why);
/* Asks it to stop (SIGTERM); the supervisor starts it again. */
void child_restart(struct child *c, const char *why);

/* supervise.c */
int supervise_setup(struct broker *b);
/* The child of that role (the first, for outputs), or NULL. */
const struct child *role_child(const struct broker *b, enum proc_role role);
/* SIGCHLD: reaps children and restarts them. */
void supervise_reap(evutil_socket_t sig, short what, void *arg);
/* Starts the idle on-demand children of role: they have work now. */
void supervise_demand(struct broker *b, enum proc_role role);
void broker_stop(struct broker *b, int exit_code);

/* peer.c */
int peer_listen(struct child *c);

/* handshake.c */
int handshake_config(struct child *c);
/* Whether the child's role reads this configuration item. */
int handshake_reads(const struct child *c, const char *item);
int handshake_rules(struct child *c);
/* Sends capture the event types the engine asked for, if any yet. */
int handshake_evt_set(struct child *c);

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
void route_taken(struct child *engine, uint64_t seq);
void route_confirm(struct child *engine);

/* reseed.c: before an engine restart, a sound read index and a fresh
 * /proc snapshot (snapshot_fd); once it is spawned, the snapshot is its. */
void reseed_prepare(struct broker *b);
/* The engine died: capture's process filter goes off until then. */
void reseed_engine_gone(struct broker *b);
void reseed_done(struct broker *b);
/* Capture's count of impossible indices: a rise restarts the engine,
 * if the index is still impossible (not one from before a restart). */
void reseed_note_faults(struct broker *b, uint64_t faults);

/* config.c: the configuration file, -o and -D/-T/-t, checked; -1 with
 * the reason in err (out is then empty). */
int config_load(const struct cli *cli, struct conf *out,
		struct drops_conf *drops, char *err, size_t errlen);
/* The rule files to read: -r, else rules_files, else the default; the
 * paths point into the CLI or b->conf. */
void config_rule_paths(struct broker *b);

/* reload.c: SIGHUP and lannerctl reload. -1 when the rule files could
 * not be read (the current rules stay); else the engine judges them and
 * control_reload_done follows. */
int reload(struct broker *b);
void reopen_outputs(struct broker *b);

/* ready.c: systemd readiness, status and watchdog. */
int ready_setup(struct broker *b);
/* Announces readiness once capture and engine are ready. */
void ready_check(struct broker *b);
void ready_status(const struct broker *b, const char *what);

/* control.c: lannerctl's socket at path. 0 or -errno. */
int control_setup(struct broker *b, const char *path);
void control_close(struct broker *b);
/* The engine's verdict on reloaded rules, for waiting lannerctl. */
void control_reload_done(struct broker *b, int ok, unsigned nrules,
			 const char *diag);
/* watch.c: watch_config_files. 0 or -errno. */
int watch_setup(struct broker *b);
void watch_close(struct broker *b);

/* users.c: /etc/passwd and /etc/group sent to the engine when changed. */
int users_setup(struct broker *b);
void users_close(struct broker *b);

/* metrics.c: health and Prometheus metrics for lanner-web, each second. */
int metrics_setup(struct broker *b);
/* snapshot.c: periodic metrics snapshots (metrics.*). 0 or -errno. */
int snapshot_setup(struct broker *b);
/* status.c: a counter from the last STATS of the child of role. */
unsigned long long status_stat(const struct broker *b, enum proc_role role,
			       const char *key);
/* status.c: lannerctl status as a table or JSON; 0 when out of memory. */
int status_render(const struct broker *b, struct evbuffer *out, int json);
/* sink.c: at start, checks the settings and opens the file (fatal when
 * it cannot); hands the worker a sink when it asks (-EPROTO for a channel
 * without one); reopens a file after rotation and hands it over; notes a
 * program that exited (1 if pid was one). */
int sink_setup(struct child *c);
int sink_hand(struct child *c);
void sink_reopen(struct child *c);
int sink_reaped(struct broker *b, pid_t pid, int status);

/* k8srelay.c: a batch of audit events from lanner-k8saudit (from),
 * handed to the engine as it is, after those still waiting for it. */
void k8srelay_events(struct child *from, const void *events, size_t len);
void k8srelay_free(struct broker *b);

/* containers.c: the engine asks about a container (c: the engine); the
 * helper answers (c: lanner-containers). 0, or -EPROTO for a malformed
 * message. */
int containers_want(struct child *c, struct msg_in *m);
int containers_info(struct child *c, struct msg_in *m);

/* dnsrelay.c: the engine's names (c: the engine) to lanner-resolve,
 * kept for its restarts (dnsrelay_handshake); its answers (c: the
 * resolver) to the engine. 0, or -EPROTO for an empty message. */
int dnsrelay_names(struct child *c, struct msg_in *m);
int dnsrelay_addrs(struct child *c, struct msg_in *m);
int dnsrelay_handshake(struct child *c);

/* ctrrelay.c: relays what the runtime sends on conn (which it then
 * owns) into a pipe; *read_end for lanner-containers. 0, or -EBUSY when
 * too many run, or -errno (conn is then still the caller's). */
int ctrrelay_start(struct broker *b, int conn, int *read_end);
/* Ends every relay (the broker is exiting). */
void ctrrelay_close_all(void);

/* ctrreq.c: the requests written to a container runtime for id, into
 * buf: their length, or -1 when they do not fit. */
int ctrreq_docker(uint8_t *buf, size_t cap, const char *id);
/* Containers/Get in each of the nns namespaces, streams 1, 3, ... */
int ctrreq_containerd(uint8_t *buf, size_t cap, const char *id,
		      const char *const *ns, size_t nns);
/* The CRI's ContainerStatus, verbose, on stream 1 (cri-o). */
int ctrreq_cri(uint8_t *buf, size_t cap, const char *id);
/* Whether ns is a name containerd accepts for a namespace. */
int ctrreq_namespace_ok(const char *ns);

/* logrelay.c */
int logrelay_start(struct event_base *base, int fd);
/* Pipes still open: the broker waits for them before exiting. */
int logrelay_open(void);

#endif
