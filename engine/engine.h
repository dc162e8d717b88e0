/*
 * The lanner-engine process: what its main loop, its control channel to
 * the broker (ctl.c) and its seccomp table (allow.c) share.
 */
#ifndef LNR_ENGINE_H
#define LNR_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "drops.h"
#include "publish.h"
#include "ring.h"

struct evt_ctx;
struct ruleset;
struct state;

#define ENGINE_CONFIG_MAX 1024
#define ENGINE_CONFIG_BYTES (128u << 10)
#define ENGINE_DIAG_MAX (64u << 10)
#define ENGINE_ALERT_SCRATCH (256u << 10)

struct engine_config {
	size_t n;
	const char *key[ENGINE_CONFIG_MAX];
	const char *value[ENGINE_CONFIG_MAX];
	size_t used;
	char bytes[ENGINE_CONFIG_BYTES];
	uint64_t refused;
};

struct engine {
	const char *url;
	int ring_fd, wake_fd;
	int sock;
	struct ring ring;
	struct state *st;
	struct evt_ctx *ctx;
	struct ruleset *rs;	 /* the rules in force, NULL before the first */
	struct ruleset *loading; /* between RULES_START and RULES_END */
	struct publisher pub;
	struct engine_config conf;
	struct drops_conf drops_conf; /* syscall_event_drops.* */
	struct drops drops;
	int stop_asked; /* MSG_STOP sent */
	char hostname[256];
	char *diag;	     /* ENGINE_DIAG_MAX */
	char *alert_scratch; /* ENGINE_ALERT_SCRATCH */
	int stop;
	uint64_t bad_records;
	uint64_t alerts;
	uint64_t alert_fill_errors;
	uint64_t rule_loads, rule_load_failures;
};

/* ctl.c: the broker's messages. */
void ctl_hello(struct engine *e);
/* Blocks until CONFIG_END has been handled. */
void ctl_config(struct engine *e);
/* Blocks until RULES_END has been handled; the first rule set must load. */
void ctl_first_rules(struct engine *e);
/* Handles every message waiting; returns -1 when the engine must stop
 * (shutdown, or a broken channel: logged). */
int ctl_poll(struct engine *e);
void ctl_send_stats(struct engine *e);
/* Asks the broker to stop lanner with a non-zero status. */
void ctl_ask_stop(struct engine *e, const char *why);

/* allow.c: no_new_privs and the seccomp filter, for the engine's run and
 * for the rule command line modes. 0 or -errno. */
int allow_apply(int debug);
int allow_apply_cli(int debug);

#endif
