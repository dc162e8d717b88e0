/*
 * The lanner-engine process: what its main loop, its control channel to
 * the broker (ctl.c) and its seccomp table (allow.c) share.
 */
#ifndef LNR_ENGINE_H
#define LNR_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "clip.h"
#include "drops.h"
#include "event.h"
#include "publish.h"
#include "ring.h"

struct evt_ctx;
struct json_tokener;
struct rule;
struct ruleset;
struct state;

#define ENGINE_DIAG_MAX (64u << 10)
#define ENGINE_ALERT_SCRATCH (256u << 10)
#define ENGINE_STATS_MAX 8192 /* the STATS text, events by type included */

struct engine {
	struct child_proc child; /* arguments, broker channel, configuration */
	struct ring ring;
	struct ring snapshot; /* mapped while child.snapshot_fd >= 0 */
	struct state *st;
	struct evt_ctx *ctx;
	struct ruleset *rs;	 /* the rules in force, NULL before the first */
	struct ruleset *loading; /* between RULES_START and RULES_END */
	struct publisher pub;
	struct drops_conf drops_conf; /* syscall_event_drops.* */
	struct drops drops;
	struct clip clip; /* capture files around alerts */
	int stop_asked;	  /* MSG_STOP sent */
	char hostname[256];
	char *diag;	     /* ENGINE_DIAG_MAX */
	char *alert_scratch; /* ENGINE_ALERT_SCRATCH */
	uint64_t bad_records;
	uint64_t alerts;
	uint64_t alert_fill_errors;
	uint64_t rule_loads, rule_load_failures;
	struct json_tokener *k8s_tok; /* audit events, reused */
	uint64_t k8s_events, k8s_bad;
	uint64_t containers_sweep_ns; /* the next container sweep */
	uint64_t container_asks, container_bad;
	uint64_t dns_bad;		 /* malformed MSG_DNS_ADDRS */
	uint64_t by_type[LNR_EVT_COUNT]; /* events evaluated, per type */
};

/* ctl.c: the broker's messages. */
extern const struct child_def engine_child;
/* Takes what the engine needs from the configuration: host name, drop
 * checks; starts the publisher. */
void ctl_configure(struct engine *e);
/* Handles messages until RULES_END has been; the first rule set must
 * load. */
void ctl_first_rules(struct engine *e);
void ctl_send_stats(struct engine *e);
/* Asks the broker to stop lanner with a non-zero status. */
void ctl_ask_stop(struct engine *e, const char *why);

/* main.c: a rule matched ctx; publishes the alert. */
void engine_on_match(void *arg, const struct rule *r, struct evt_ctx *ctx);

/* k8s_event.c: the JSON parser's memory and seed, before the sandbox;
 * 0 or -ENOMEM. */
int k8s_event_setup(struct engine *e);
/* Evaluates each audit event of a batch (common/k8sbatch.h)
 * against the k8s_audit rules; what is malformed is counted and logged
 * (the events before the fault were evaluated). 0. */
int k8s_event_batch(struct engine *e, const void *batch, size_t len);

/* containers.c: sizes the container table from the configuration; a
 * process event may name a new container (noted, to be asked about);
 * between batches, asks the broker about new containers and sweeps the
 * table; MSG_CONTAINER_INFO's handler. */
void containers_configure(struct engine *e);
void containers_note(struct engine *e, const struct evt_ctx *ctx);
void containers_tick(struct engine *e);
int containers_on_info(void *self, struct msg_in *m);

/* dns.c: names the rules' domains to lanner-resolve after a rule load
 * (0 or -errno); MSG_DNS_ADDRS's handler. */
int dns_send_names(struct engine *e);
int dns_on_addrs(void *self, struct msg_in *m);

/* allow.c: the seccomp table of the engine's run, on top of the runtime
 * every child gets, and the rule command line modes' own filter
 * (no_new_privs and the table; 0 or -errno). */
extern const struct sc_rule engine_allow[];
extern const size_t engine_allow_len;
int allow_apply_cli(int debug);

#endif
