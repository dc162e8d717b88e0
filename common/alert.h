/*
 * An alert as the engine publishes it and the output workers format it.
 * Encoded into an MSG_ALERT body; the message header's seq is the
 * broker's per-channel sequence number on the way to a worker.
 */
#ifndef LNR_ALERT_H
#define LNR_ALERT_H

#include <stdint.h>

#include "conf.h"
#include "msg.h"

#define ALERT_MAX_TAGS 64
#define ALERT_MAX_FIELDS 128

/* Falco priorities, most severe first (syslog severities 0..7). */
/* clang-format off */
#define PRIORITIES(X)                                                          \
	X(EMERGENCY, "Emergency")                                              \
	X(ALERT, "Alert")                                                      \
	X(CRITICAL, "Critical")                                                \
	X(ERROR, "Error")                                                      \
	X(WARNING, "Warning")                                                  \
	X(NOTICE, "Notice")                                                    \
	X(INFORMATIONAL, "Informational")                                      \
	X(DEBUG, "Debug")
enum priority {
#define PRIO_ENUM(id, name) PRIO_##id,
	PRIORITIES(PRIO_ENUM)
#undef PRIO_ENUM
	PRIO_COUNT
};
/* clang-format on */

const char *priority_name(enum priority p);
/* Case-insensitive; accepts INFO for INFORMATIONAL. 0 or -EINVAL. */
int priority_parse(const char *s, enum priority *p);
/*
 * The least severe priority an output channel delivers: the `priority`
 * key, Debug when absent. The broker applies it before queuing. 0, or
 * -EINVAL with *p set to Debug when the value is not a priority.
 */
int priority_threshold(const struct conf *c, enum priority *p);

/* What a field's value is, so JSON can write it as Falco does: a number
 * or a boolean unquoted (when the text is one), anything else a string. */
enum alert_kind { ALERT_STRING, ALERT_NUMBER, ALERT_BOOL, ALERT_KIND_COUNT };

struct alert_field {
	const char *key; /* "proc.name" */
	const char *value;
	enum alert_kind kind;
};

/* Strings point into the message buffer (decode) or the caller's
 * storage (encode). */
struct alert {
	uint64_t time_ns; /* event time, ns since the epoch */
	enum priority priority;
	const char *rule;
	const char *source; /* "syscall", "k8s_audit" */
	const char *hostname;
	const char *output; /* the rendered output line */
	uint32_t ntags;
	const char *tags[ALERT_MAX_TAGS];
	uint32_t nfields;
	struct alert_field fields[ALERT_MAX_FIELDS];
};

void alert_encode(struct msg_out *m, const struct alert *a);
/* Reads the body of an opened MSG_ALERT; 0 or -EPROTO. */
int alert_decode(struct msg_in *m, struct alert *a);

#endif
