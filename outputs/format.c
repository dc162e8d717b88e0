/*
 * Falco-compatible text and JSON renderings of an alert, into a buffer
 * the caller owns: nothing is allocated per alert.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "conf_keys.h"
#include "textesc.h"

struct out {
	char *p;
	size_t cap; /* one byte is kept back for the final newline */
	size_t len;
	int full;	  /* something was cut */
	size_t value_max; /* JSON strings cut to this many bytes, or 0 */
};

/* A JSON value cut to fit ends with this, so the cut is visible. */
#define CUT_MARK "...(cut)"
#define CUT_VALUE_BYTES 256

/* A piece that does not fit is cut before a character, not inside one:
 * a cut line stays valid UTF-8. */
static void put(struct out *o, const char *s, size_t n)
{
	if (n > o->cap - o->len) {
		o->full = 1;
		n = o->cap - o->len;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, tmp,
		    (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void format_opts_read(struct format_opts *o, const struct conf *c)
{
	o->json = conf_bool(c, CONF_JSON_OUTPUT);
	o->iso8601 = conf_bool(c, CONF_TIME_FORMAT_ISO_8601);
	o->json_output = conf_bool(c, CONF_JSON_INCLUDE_OUTPUT_PROPERTY);
	o->json_tags = conf_bool(c, CONF_JSON_INCLUDE_TAGS_PROPERTY);
	o->json_message = conf_bool(c, CONF_JSON_INCLUDE_MESSAGE_PROPERTY);
	o->json_fields = conf_bool(c, CONF_JSON_INCLUDE_OUTPUT_FIELDS_PROPERTY);
}

/* utc: ISO-8601 in UTC with Z, as Falco's JSON "time" key. */
static void put_time(struct out *o, uint64_t ns, int iso, int utc)
{
	time_t sec = (time_t)(ns / 1000000000u);
	unsigned long frac = (unsigned long)(ns % 1000000000u);
	struct tm tm;
	char b[64];

	if (utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	if (!iso) {
		strftime(b, sizeof(b), "%H:%M:%S", &tm);
		putf(o, "%s.%09lu", b, frac);
		return;
	}
	strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
	putf(o, "%s.%09lu", b, frac);
	if (utc) {
		puts_(o, "Z");
	} else {
		strftime(b, sizeof(b), "%z", &tm);
		puts_(o, b);
	}
}

/* The engine escapes the values it renders; this makes sure no control
 * reaches a terminal or a log whatever the engine sent. */
static void put_safe(struct out *o, const char *s)
{
	char *at = o->p + o->len;

	/* One byte past cap is the newline's, so the NUL fits. */
	textesc(at, o->cap - o->len + 1, s, strlen(s), 0);
	o->len += strlen(at);
}

static void put_text(struct out *o, const struct format_opts *f,
		     const struct alert *a)
{
	put_time(o, a->time_ns, f->iso8601, 0);
	putf(o, ": %s ", priority_name(a->priority));
	put_safe(o, a->output);
}

static void put_piece(void *o, const char *s, size_t n)
{
	put(o, s, n);
}

/* Strict consumers get valid UTF-8 whatever the value holds. */
static void put_json_str(struct out *o, const char *s)
{
	size_t n = strlen(s);
	int cut = o->value_max && n > o->value_max;

	if (cut)
		n = o->value_max;
	puts_(o, "\"");
	textesc_json(s, n, put_piece, o);
	if (cut)
		puts_(o, CUT_MARK);
	puts_(o, "\"");
}

static void put_json_key(struct out *o, const char *key, int first)
{
	if (!first)
		puts_(o, ",");
	put_json_str(o, key);
	puts_(o, ":");
}

/* A JSON number as the engine prints them: -?(0|[1-9][0-9]*)(.[0-9]+)? */
static int is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!(*++s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* A number or boolean field is unquoted when its text is one (several
 * values joined by commas, or a value cut short, stay a string). */
static int unquoted(const struct out *o, const struct alert_field *f)
{
	if (f->kind == ALERT_NUMBER)
		return is_json_number(f->value) &&
		       (!o->value_max || strlen(f->value) <= o->value_max);
	return f->kind == ALERT_BOOL && (strcmp(f->value, "true") == 0 ||
					 strcmp(f->value, "false") == 0);
}

/* As Falco: a missing value is null. */
static void put_json_value(struct out *o, const struct alert_field *f)
{
	if (strcmp(f->value, "<NA>") == 0)
		puts_(o, "null");
	else if (unquoted(o, f))
		puts_(o, f->value);
	else
		put_json_str(o, f->value);
}

static void put_json_fields(struct out *o, const struct alert *a)
{
	puts_(o, "{");
	for (uint32_t i = 0; i < a->nfields; i++) {
		put_json_key(o, a->fields[i].key, i == 0);
		put_json_value(o, &a->fields[i]);
	}
	puts_(o, "}");
}

static void put_json(struct out *o, const struct format_opts *f,
		     const struct alert *a, char *scratch, size_t scap)
{
	put_json_key(o, "hostname", 1);
	put_json_str(o, a->hostname);
	if (f->json_output) {
		struct out line = {scratch, scap - 1, 0, 0, 0};

		put_text(&line, f, a);
		scratch[line.len] = '\0';
		put_json_key(o, "output", 0);
		put_json_str(o, scratch);
	}
	if (f->json_message) {
		put_json_key(o, "message", 0);
		put_json_str(o, a->output);
	}
	if (f->json_fields) {
		put_json_key(o, "output_fields", 0);
		put_json_fields(o, a);
	}
	put_json_key(o, "priority", 0);
	put_json_str(o, priority_name(a->priority));
	put_json_key(o, "rule", 0);
	put_json_str(o, a->rule);
	put_json_key(o, "source", 0);
	put_json_str(o, a->source);
	if (f->json_tags) {
		put_json_key(o, "tags", 0);
		puts_(o, "[");
		for (uint32_t i = 0; i < a->ntags; i++) {
			if (i)
				puts_(o, ",");
			put_json_str(o, a->tags[i]);
		}
		puts_(o, "]");
	}
	put_json_key(o, "time", 0);
	puts_(o, "\"");
	put_time(o, a->time_ns, 1, 1);
	puts_(o, "\"");
}

size_t format_alert(const struct format_opts *f, const struct alert *a,
		    char *buf, size_t cap)
{
	struct out o = {buf, cap - 1, 0, 0, 0};

	if (f->json) {
		/* The text line is built in the buffer's second half first. An
		 * alert too long for the line is written again with each value
		 * cut short, so the line is still one whole JSON object. */
		size_t half = cap / 2;

		for (int pass = 0; pass < 2; pass++) {
			o = (struct out){buf, half - 1, 0, 0,
					 pass ? CUT_VALUE_BYTES : 0};
			puts_(&o, "{");
			put_json(&o, f, a, buf + half, cap - half);
			puts_(&o, "}");
			if (!o.full)
				break;
		}
	} else {
		put_text(&o, f, a);
	}
	buf[o.len++] = '\n';
	return o.len;
}
