/*
 * Fields: the names rules and outputs use (proc.name, fd.name, ...). Each
 * field class lives in its own file (fields_proc.c, fields_fd.c, ...) with
 * its table beside its extractors; fields.c collects the classes, parses
 * field arguments, and serves lookups for the condition compiler, output
 * formats and --list.
 */
#ifndef LNR_FIELDS_H
#define LNR_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct evt_ctx; /* engine/evt_ctx.h: the event being evaluated */

enum ftype {
	FT_STRING, /* text; compared as bytes */
	FT_FSPATH, /* a path (string, glob-friendly) */
	FT_BYTES,  /* raw buffer (bcontains, bstartswith) */
	FT_INT64,
	FT_UINT64,
	FT_BOOL,
	FT_IPADDR,  /* v4 or v6 address */
	FT_IPNET,   /* address with prefix */
	FT_PORT,    /* uint16 */
	FT_L4PROTO, /* string: tcp udp icmp raw */
	FT_RELTIME, /* ns */
	FT_ABSTIME, /* ns since the epoch */
	FT_COUNT
};

struct ipval {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t prefix; /* bits, for FT_IPNET */
	uint8_t addr[16];
};

/* One value of a field. Strings point into the event, the state tables or
 * the evaluation scratch arena: valid until the next event. */
struct fval {
	enum ftype type;
	union {
		struct {
			const char *p;
			size_t len;
		} s;
		int64_t i;
		uint64_t u;
		bool b;
		struct ipval ip;
	};
};

/* How a field takes an argument: proc.aname[2], evt.arg.flags,
 * evt.arg[0], jevt.value[/a/b]. */
enum farg_kind {
	FARG_NONE = 0,
	FARG_INDEX = 1 << 0,	/* [N] */
	FARG_KEY = 1 << 1,	/* [text] */
	FARG_DOTTED = 1 << 2,	/* .name after the field (evt.arg.name) */
	FARG_REQUIRED = 1 << 3, /* the argument must be given */
	FARG_PARAM = 1 << 4,	/* the name is an event parameter's */
};

struct field_arg {
	bool present;
	int64_t index; /* FARG_INDEX */
	char key[128]; /* FARG_KEY / FARG_DOTTED */
	/* FARG_PARAM: where parameter `key` is in each event type, -1 where
	 * it has none; looked up once, with the field. */
	int8_t param[LNR_EVT_COUNT];
};

/* Field flags. */
#define FIELD_MULTI (1u << 0)  /* may yield several values (proc.aname) */
#define FIELD_HIDDEN (1u << 1) /* not shown by --list */
#define FIELD_NOT_FILTERABLE (1u << 2) /* outputs only */
/* A list, as Falco's plugin fields (ka.*): `in` holds when every value is
 * in the set; intersects, contains and the rest when any value matches.
 * Without it a multi-valued field matches when any value does. */
#define FIELD_LIST (1u << 3)
/* No source of values: always <NA> (--list says so). */
#define FIELD_NA (1u << 4)
/* `!=` holds when no value equals the operand, none at all included
 * (Falco's reading of fd.sip.name != NAME: the address is not NAME's). */
#define FIELD_NE_NONE (1u << 5)

/*
 * Fills up to `max` values for this event and returns how many it filled:
 * 0 means the field has no value here (printed <NA>, never matches).
 */
typedef int (*field_extract_fn)(struct evt_ctx *ctx,
				const struct field_arg *arg, struct fval *out,
				int max);

struct field_def {
	const char *name;
	enum ftype type;
	unsigned argkinds; /* enum farg_kind bits */
	unsigned flags;
	const char *desc;
	field_extract_fn extract;
};

struct field_class {
	const char *name;   /* "proc" */
	const char *source; /* "syscall", "k8s_audit" */
	const char *desc;
	const struct field_def *fields;
	size_t nfields;
};

#define FIELD_VALUES_MAX 64 /* most values one extraction may yield */

/* The classes, each defined in fields_<class>.c with FIELD_CLASS()
 * (fields_val.h). */
#define FIELD_CLASSES(X)                                                       \
	X(evt)                                                                 \
	X(proc)                                                                \
	X(thread)                                                              \
	X(user) X(group) X(fd) X(fdlist) X(fs) X(container) X(k8s) X(ka) X(jevt)
#define FIELD_CLASS_DECL(c) extern const struct field_class fields_##c;
FIELD_CLASSES(FIELD_CLASS_DECL)
#undef FIELD_CLASS_DECL

/*
 * Resolves "proc.aname[2]" for `source`: finds the longest field name
 * that prefixes `text`, parses its argument into *arg and returns the
 * field, with the number of characters used in *used. NULL with a reason
 * in err when there is no such field or the argument is wrong.
 */
const struct field_def *fields_lookup(const char *source, const char *text,
				      size_t *used, struct field_arg *arg,
				      char *err, size_t errlen);

/* The field name of `source` nearest to `text`, for "did you mean";
 * NULL when none is close. */
const char *fields_nearest(const char *source, const char *text);

/* Iterates every class, for --list. */
void fields_foreach_class(void (*fn)(const struct field_class *, void *),
			  void *arg);

const char *ftype_name(enum ftype t);

/* Adds a class after the built-in ones (tests); 0 or -E2BIG. */
int fields_register_test_class(const struct field_class *c);

/* Formats one value as rules' outputs show it. Returns bytes written
 * (snprintf semantics). */
int fval_format(const struct fval *v, char *buf, size_t len);

#endif
