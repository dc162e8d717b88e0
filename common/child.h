/*
 * The life every child of the broker shares: its command line, HELLO, the
 * configuration between CONFIG_START and CONFIG_END, a table of message
 * handlers served by one receive loop, the privilege drop and the sandbox.
 * A child is a struct child_def, its handlers and what it does between
 * these steps.
 */
#ifndef LNR_CHILD_H
#define LNR_CHILD_H

#include <signal.h>
#include <stddef.h>

#include "conf.h"
#include "log.h"
#include "msg.h"
#include "sandbox.h"

#define CHILD_NOFILE 256	 /* descriptors a sandboxed child may open */
#define CHILD_HANDSHAKE_MS 30000 /* the longest wait for a handshake message */
#define CHILD_STOP 1		 /* a handler's "the loop is over" */
#define CHILD_MAX_FILES 64	 /* --file-fd descriptors */

/* One message from the broker: 0 to go on, CHILD_STOP to end the loop,
 * -errno to end the child. self is the child's own state. */
typedef int (*child_handler_fn)(void *self, struct msg_in *m);

struct child_handler {
	enum msg_type type;
	child_handler_fn fn;
};

struct child_def {
	const char *name;    /* the program: HELLO and every log line */
	const char *user;    /* LNR_USER_*: whom it runs as */
	int ring;	     /* takes --ring-fd N and --wake-fd N */
	int files;	     /* takes --file-fd N, repeated: files the broker
				opened for it (capture files) */
	const char *operand; /* one positional argument ("CHANNEL"), or NULL */
	int nofile;	     /* its descriptor limit; 0: CHILD_NOFILE */
	/* Every message the broker may send once configured; any other
	 * ends the child. */
	const struct child_handler *handlers;
	size_t nhandlers;
};

struct child_proc {
	const struct child_def *def;
	void *self;	      /* handed to every handler */
	int ring_fd, wake_fd; /* -1 unless def->ring */
	int snapshot_fd;      /* a ring of /proc records to read first, or -1 */
	int file_fds[CHILD_MAX_FILES]; /* --file-fd, in order */
	int nfile_fds;
	int sink_fd; /* outputs: the socket sink descriptors come on, or -1 */
	const char *ctl; /* the broker's endpoint */
	const char *operand;
	enum log_level level;
	int sock;
	struct conf conf; /* the broker's items, in order, repeats kept */
};

/* Set by SIGTERM or SIGINT once child_signals has run. */
extern volatile sig_atomic_t child_stopping;

/*
 * Parses --ring-fd, --wake-fd, --snapshot-fd (optional), --file-fd
 * (repeated, optional), --sink-fd (optional), --ctl,
 * --log-level and the operand into c.
 * A descriptor must be an open one above stderr. 0, or -EINVAL with the
 * reason in err.
 */
int child_parse_args(struct child_proc *c, int argc, char **argv, char *err,
		     size_t errlen);
/* The first step: the logger, then the arguments (fatal with the usage
 * line when they are wrong). */
void child_start(struct child_proc *c, const struct child_def *def, void *self,
		 int argc, char **argv);
/* SIGTERM and SIGINT set child_stopping; SIGPIPE is ignored. */
void child_signals(void);

/* Connects to the broker and says HELLO; fatal on failure. */
void child_connect(struct child_proc *c);
/* Reads CONFIG_START, the items into c->conf, CONFIG_END; fatal on
 * anything else. */
void child_config(struct child_proc *c);

/*
 * Receives one message, waiting up to timeout_ms (< 0: for ever), and
 * hands it to its handler. The handler's result; -EAGAIN, -ETIMEDOUT or
 * -EINTR when nothing came; -errno, logged, when the channel failed or
 * the message was not in the table or its handler failed.
 */
int child_handle(struct child_proc *c, int timeout_ms);
/* Handles every message waiting, without blocking: 0, CHILD_STOP or
 * -errno. */
int child_dispatch(struct child_proc *c);
/* Handles messages as they come until a handler says CHILD_STOP
 * (returns 0) or something fails (returns -errno). */
int child_run(struct child_proc *c);
/* The handler for MSG_SHUTDOWN: CHILD_STOP. */
int child_on_shutdown(void *self, struct msg_in *m);

/* Finishes m and sends it. 0 or -errno (-EAGAIN with nonblock). */
int child_send(struct child_proc *c, struct msg_out *m, int nonblock);
/* "key=value" lines as MSG_STATS, without blocking. */
int child_send_stats(struct child_proc *c, const char *text);

/* A helper's counters go to the broker at most once a second, and only
 * when they moved: their sum when STATS last went, and when (ns,
 * ratelog_now). */
#define CHILD_STATS_EVERY_NS 1000000000ull
struct child_stats {
	uint64_t sum, at;
};
/* Whether STATS for counters summing to sum are due now. */
int child_stats_due(const struct child_stats *s, uint64_t sum);
/* child_send_stats, noting sum and the time when it went. */
void child_stats_send(struct child_proc *c, struct child_stats *s, uint64_t sum,
		      const char *text);
/* MSG_READY: the child does its work from now on. */
int child_send_ready(struct child_proc *c);

/* Becomes user with no capabilities when run as root; nothing otherwise.
 * 0 or -errno (-ENOENT: no such user, or root). */
int child_become(const char *user);
/* child_limits_to(def->nofile), child_become(def->user), then dies
 * with the broker;
 * fatal on failure. */
void child_drop_privileges(const struct child_proc *c);
/* No core dumps, at most CHILD_NOFILE descriptors (those open stay
 * usable). 0 or -errno. */
int child_limits(void);
/* The same with at most nofile descriptors. */
int child_limits_to(int nofile);
/* The sandbox: no_new_privs and the runtime every child needs plus
 * allow, from here on; fatal on failure. */
void child_sandbox_enter(const struct sc_rule *allow, size_t n);
/* Logs at debug level "WHAT as uid N, seccomp M", asked of the kernel;
 * once sandboxed, the table must allow getuid and PR_GET_SECCOMP. */
void child_report(const char *what);

#endif
