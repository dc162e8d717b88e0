/*
 * The field test's harness: fields looked up as the condition compiler
 * looks them up, their values rendered to text and compared.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "test_fields_util.h"

struct state st;
struct evt_ctx *ctx;
uint8_t rec[TEVT_BUF];

/* "proc.aname[2]", "evt.arg.flags", "proc.env[HOME]" -> field + arg,
 * through the lookup the condition compiler uses. */
static const struct field_def *parse(const char *text, struct field_arg *a)
{
	char err[128];
	size_t used;
	const struct field_def *f =
	    fields_lookup(NULL, text, &used, a, err, sizeof(err));

	return f && used == strlen(text) ? f : NULL;
}

/* Values rendered and joined with ','; "<NA>" when there are none. */
static void render(const char *text, char *out, size_t len)
{
	struct fval v[FIELD_VALUES_MAX];
	struct field_arg a;
	const struct field_def *f = parse(text, &a);
	size_t used = 0;
	int n;

	snprintf(out, len, "<no such field>");
	if (!f)
		return;
	n = f->extract(ctx, &a, v, FIELD_VALUES_MAX);
	snprintf(out, len, "<NA>");
	for (int i = 0; i < n && used < len; i++) {
		const char *sep = i ? "," : "";
		int w = 0;

		switch (v[i].type) {
		case FT_STRING:
		case FT_FSPATH:
		case FT_BYTES:
			CHECK(v[i].type == f->type);
			w = snprintf(out + used, len - used, "%s%.*s", sep,
				     (int)v[i].s.len, v[i].s.p);
			break;
		case FT_INT64:
			w = snprintf(out + used, len - used, "%s%" PRId64, sep,
				     v[i].i);
			break;
		case FT_BOOL:
			w = snprintf(out + used, len - used, "%s%s", sep,
				     v[i].b ? "true" : "false");
			break;
		default: /* addresses, ports, protocols as outputs show them */
			w = snprintf(out + used, len - used, "%s", sep);
			w += fval_format(&v[i], out + used + w,
					 len - used - (size_t)w);
			break;
		}
		used += (size_t)w;
	}
}

void expect(const struct fcase *c, size_t n)
{
	char got[1024];

	for (size_t i = 0; i < n; i++) {
		render(c[i].field, got, sizeof(got));
		if (strcmp(got, c[i].want) != 0)
			fprintf(stderr, "%s: got '%s', want '%s'\n", c[i].field,
				got, c[i].want);
		CHECK(strcmp(got, c[i].want) == 0);
	}
}

void begin(int len)
{
	const char *why;

	CHECK(len > 0 && evt_ctx_begin(ctx, &st, rec, (size_t)len, &why) == 0);
	state_event_before(ctx);
}

void end(void)
{
	state_event_after(ctx);
}
