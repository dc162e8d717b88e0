/*
 * The webhook's parser: a request body that should hold an
 * audit.k8s.io/v1 EventList or one Event, checked against the limits
 * below and split into one compact JSON text per event. It is the only
 * code that reads the untrusted body (tests/fuzz/fuzz_audit_json.c).
 */
#ifndef LNR_AUDIT_JSON_H
#define LNR_AUDIT_JSON_H

#include <stddef.h>

#define AUDIT_JSON_MAX_DEPTH 32		  /* nesting of arrays and objects */
#define AUDIT_JSON_MAX_STRING (64u << 10) /* one string or key, bytes */
#define AUDIT_JSON_MAX_EVENT (256u << 10) /* one event as compact JSON */

/* Called with each event's compact JSON (not NUL-terminated within
 * len); 0 to go on, -errno to stop with that error. */
typedef int (*audit_json_event_fn)(void *arg, const char *json, size_t len);

/*
 * Parses body[0..len) and calls fn for each event, in order, only once
 * the whole body has been checked. Returns the number of events, or
 * -EINVAL with the reason (where and why) in why, or fn's error.
 */
int audit_json_parse(const char *body, size_t len, audit_json_event_fn fn,
		     void *arg, char *why, size_t whylen);

#endif
