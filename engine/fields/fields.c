/*
 * The field registry: every class from FIELD_CLASSES, field lookup with
 * argument parsing (proc.aname[2], evt.arg.flags, jevt.value[/a/b]) for
 * conditions and outputs, type names and value formatting for --list and
 * outputs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "suggest.h"

#define TEST_CLASSES_MAX 4

#define FIELD_CLASS_REF(c) &fields_##c,
static const struct field_class *const classes[] = {
    FIELD_CLASSES(FIELD_CLASS_REF)};
#undef FIELD_CLASS_REF

static const struct field_class *test_classes[TEST_CLASSES_MAX];
static size_t ntest_classes;

int fields_register_test_class(const struct field_class *c)
{
	if (ntest_classes >= TEST_CLASSES_MAX)
		return -E2BIG;
	test_classes[ntest_classes++] = c;
	return 0;
}

static const struct field_class *class_at(size_t i)
{
	size_t n = sizeof(classes) / sizeof(classes[0]);

	if (i < n)
		return classes[i];
	return i - n < ntest_classes ? test_classes[i - n] : NULL;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* How well def matches the start of text: its name length, or 0. */
static size_t match_len(const struct field_def *d, const char *text)
{
	size_t n = strlen(d->name);
	char next;

	if (strncmp(d->name, text, n) != 0)
		return 0;
	next = text[n];
	if (!next || (!name_char(next) && next != '.') || next == '[')
		return n;
	if (next == '.' && (d->argkinds & FARG_DOTTED))
		return n;
	if (next == '.' && !name_char(text[n + 1]))
		return n; /* a sentence's full stop in an output */
	return 0;
}

static int parse_index(const char *s, size_t n, int64_t *v)
{
	char buf[32], *end;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtoll(buf, &end, 10);
	return *end ? -EINVAL : 0;
}

/* The argument after the field name: [..] or .name. */
static int parse_arg(const struct field_def *d, const char *s, size_t *used,
		     struct field_arg *arg, char *err, size_t errlen)
{
	const char *close;
	size_t n;

	if (s[0] == '[') {
		close = strchr(s, ']');
		if (!close) {
			snprintf(err, errlen, "missing ']'");
			return -EINVAL;
		}
		n = (size_t)(close - s - 1);
		if ((d->argkinds & FARG_INDEX) &&
		    parse_index(s + 1, n, &arg->index) == 0) {
			arg->present = true;
		} else if (d->argkinds & FARG_KEY) {
			if (n >= sizeof(arg->key)) {
				snprintf(err, errlen, "argument too long");
				return -EINVAL;
			}
			memcpy(arg->key, s + 1, n);
			arg->key[n] = '\0';
			arg->present = true;
		} else {
			snprintf(err, errlen, "%s does not take '[%.*s]'",
				 d->name, (int)(n > 40 ? 40 : n), s + 1);
			return -EINVAL;
		}
		*used = n + 2;
		return 0;
	}
	if (s[0] == '.' && (d->argkinds & FARG_DOTTED) && name_char(s[1])) {
		for (n = 1; n < sizeof(arg->key) && name_char(s[n]); n++)
			arg->key[n - 1] = s[n];
		arg->key[n - 1] = '\0';
		arg->present = true;
		*used = n;
		return 0;
	}
	*used = 0;
	if (d->argkinds & FARG_REQUIRED) {
		snprintf(err, errlen, "%s needs an argument", d->name);
		return -EINVAL;
	}
	return 0;
}

/* evt.arg.NAME: the parameter is found by name here, not per event. */
static void resolve_param(struct field_arg *arg)
{
	for (int t = 0; t < LNR_EVT_COUNT; t++)
		arg->param[t] =
		    (int8_t)(arg->key[0] ? lnr_evt_param_index(t, arg->key)
					 : -1);
}

const struct field_def *fields_lookup(const char *source, const char *text,
				      size_t *used, struct field_arg *arg,
				      char *err, size_t errlen)
{
	const struct field_def *best = NULL;
	const struct field_class *c;
	size_t i, j, n, bestn = 0, argn = 0;

	memset(arg, 0, sizeof(*arg));
	for (i = 0; (c = class_at(i)); i++) {
		if (source && c->source && strcmp(source, c->source) != 0)
			continue;
		for (j = 0; j < c->nfields; j++) {
			n = match_len(&c->fields[j], text);
			if (n > bestn) {
				bestn = n;
				best = &c->fields[j];
			}
		}
	}
	if (!best) {
		snprintf(err, errlen, "no such field");
		return NULL;
	}
	if (parse_arg(best, text + bestn, &argn, arg, err, errlen) < 0)
		return NULL;
	if (best->argkinds & FARG_PARAM)
		resolve_param(arg);
	*used = bestn + argn;
	return best;
}

const char *fields_nearest(const char *source, const char *text)
{
	const struct field_class *c;
	struct suggest s;
	size_t i, j;

	suggest_init(&s, text);
	for (i = 0; (c = class_at(i)); i++) {
		if (source && c->source && strcmp(source, c->source) != 0)
			continue;
		for (j = 0; j < c->nfields; j++)
			if (!(c->fields[j].flags & FIELD_HIDDEN))
				suggest_offer(&s, c->fields[j].name);
	}
	return suggest_best(&s);
}

void fields_foreach_class(void (*fn)(const struct field_class *, void *),
			  void *arg)
{
	const struct field_class *c;
	size_t i;

	for (i = 0; (c = class_at(i)); i++)
		fn(c, arg);
}

const char *ftype_name(enum ftype t)
{
	static const char *const names[FT_COUNT] = {
	    [FT_STRING] = "string",   [FT_FSPATH] = "fspath",
	    [FT_BYTES] = "bytebuf",   [FT_INT64] = "int64",
	    [FT_UINT64] = "uint64",   [FT_BOOL] = "bool",
	    [FT_IPADDR] = "ipaddr",   [FT_IPNET] = "ipnet",
	    [FT_PORT] = "port",	      [FT_L4PROTO] = "l4proto",
	    [FT_RELTIME] = "reltime", [FT_ABSTIME] = "abstime",
	};

	return (unsigned)t < FT_COUNT ? names[t] : "unknown";
}

int fval_format(const struct fval *v, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	switch (v->type) {
	case FT_STRING:
	case FT_FSPATH:
	case FT_BYTES:
	case FT_L4PROTO:
		return snprintf(buf, len, "%.*s", (int)v->s.len, v->s.p);
	case FT_INT64:
		return snprintf(buf, len, "%" PRId64, v->i);
	case FT_BOOL:
		return snprintf(buf, len, "%s", v->b ? "true" : "false");
	case FT_IPADDR:
	case FT_IPNET:
		if (!inet_ntop(v->ip.family, v->ip.addr, ip, sizeof(ip)))
			return snprintf(buf, len, "<NA>");
		if (v->type == FT_IPNET)
			return snprintf(buf, len, "%s/%u", ip, v->ip.prefix);
		return snprintf(buf, len, "%s", ip);
	default:
		return snprintf(buf, len, "%" PRIu64, v->u);
	}
}
