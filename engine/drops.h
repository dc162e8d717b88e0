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
#include "drops_conf.h"

#define DROPS_RULE "Falco internal: syscall event drop"
#define DROPS_CHECK_NS 1000000000ull

/* A bucket of up to max tokens, filling at rate per second. */
struct tbucket {
	double rate, max, tokens;
	uint64_t last_ns;
};

void drops_bucket_init(struct tbucket *b, double rate, double max,
		       uint64_t now);
/* Takes a token if there is one: 1, else 0. */
int drops_bucket_claim(struct tbucket *b, uint64_t now);

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
