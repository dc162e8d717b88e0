/*
 * Falco's syscall event drop check, in the engine: capture's DROP records
 * carry its running totals of kernel and ring drops; about once a second
 * of event time the drops since the last check are compared with the
 * events seen, and when their share is above `threshold` the configured
 * actions run, no more often than a token bucket allows. simulate_drops
 * makes every check see one more drop, down the same path.
 */
#ifndef LNR_DROPS_H
#define LNR_DROPS_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"

#define DROPS_RULE "Falco internal: syscall event drop"
#define DROPS_CHECK_NS 1000000000ull

/* The actions of syscall_event_drops.actions. */
enum drops_action {
	DROPS_LOG = 1u << 0,
	DROPS_ALERT = 1u << 1,
	DROPS_EXIT = 1u << 2,
	DROPS_IGNORE = 1u << 3, /* no action; only on its own */
};

struct drops_conf {
	unsigned actions;
	int actions_given; /* the first item replaces the default list */
	double rate;	   /* actions per second, in the long run */
	double max_burst;  /* actions at once */
	double threshold;  /* share of events dropped that counts */
	int simulate;
};

/* A bucket of up to max tokens, filling at rate per second. */
struct tbucket {
	double rate, max, tokens;
	uint64_t last_ns;
};

void tbucket_init(struct tbucket *b, double rate, double max, uint64_t now);
/* Takes a token if there is one: 1, else 0. */
int tbucket_claim(struct tbucket *b, uint64_t now);

/* What one check found. */
struct drops_delta {
	uint64_t evts;		/* events, the dropped ones included */
	uint64_t drops;		/* all drops (and the simulated one) */
	uint64_t kernel;	/* lost in the kernel */
	uint64_t kernel_buffer; /* of those, to its full ring buffer */
	uint64_t ring;		/* lost to a full shared ring */
};

/* Capture's running totals, as a DROP record carries them. */
struct drops_totals {
	uint64_t kernel, kernel_buffer, ring;
};

struct drops {
	struct drops_conf conf;
	struct tbucket bucket;
	uint64_t next_check_ns;	  /* 0 before the first event */
	struct drops_totals now;  /* from the last DROP record */
	struct drops_totals base; /* at the last check */
	uint64_t base_events;
	uint64_t detected; /* checks above the threshold */
	uint64_t acted;	   /* of those, the ones the bucket let through */
};

/* Falco's defaults: log and alert, 1 per 30 s, burst 1, 10%. */
void drops_conf_default(struct drops_conf *c);
/* One configuration item; others are ignored. 0 or -EINVAL (the value
 * is left as it was). */
int drops_conf_item(struct drops_conf *c, const char *key, const char *value);
/* Once every item was read: a combination Falco refuses is -EINVAL. */
int drops_conf_check(const struct drops_conf *c);

void drops_init(struct drops *d, const struct drops_conf *c);
/* The totals of a DROP record. */
void drops_note(struct drops *d, const struct drops_totals *t);
/*
 * Called for every event with its time and the events seen so far.
 * Returns the actions to take now (0: none) and fills *delta.
 */
unsigned drops_check(struct drops *d, uint64_t ts, uint64_t events,
		     struct drops_delta *delta);

/* The log line and alert output: "Falco internal: ... last second." */
void drops_message(const struct drops_delta *delta, char *buf, size_t len);
/*
 * The drop alert, as Falco raises it: priority Debug, the message as
 * output, the counts as output fields. Strings live in buf.
 */
int drops_alert(const struct drops_delta *delta, uint64_t ts,
		const char *hostname, struct alert *a, char *buf, size_t len);

#endif
