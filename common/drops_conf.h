/*
 * Falco's syscall_event_drops keys, parsed in one place: the broker checks
 * them at start (and lets the engine stop lanner only when `exit` is
 * listed); the engine reads them from its configuration items to run the
 * drop check (engine/drops.c).
 */
#ifndef LNR_DROPS_CONF_H
#define LNR_DROPS_CONF_H

#include <stddef.h>

#include "conf.h"

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

/* Falco's defaults: log and alert, 1 per 30 s, burst 1, 10%. */
void drops_conf_default(struct drops_conf *c);
/* One configuration item; others are ignored. 0 or -EINVAL (the value
 * is left as it was). */
int drops_conf_item(struct drops_conf *c, const char *key, const char *value);
/* Once every item was read: a combination Falco refuses is -EINVAL. */
int drops_conf_check(const struct drops_conf *c);
/* All of it from a loaded configuration; -EINVAL with err filled. */
int drops_conf_read(struct drops_conf *c, const struct conf *cf, char *err,
		    size_t errlen);

#endif
