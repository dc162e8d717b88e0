/*
 * jevt.*: generic fields of JSON events (k8s audit): the event's time,
 * any value by JSON pointer (RFC 6901), the whole event as JSON.
 */
#include <json-c/json.h>
#include <json-c/json_pointer.h>
#include <time.h>

#include "evt_ctx.h"
#include "fields_json.h"

/* The event time (the audit stage's timestamp) formatted; <NA> for a
 * syscall event. */
static int fmt_time(struct evt_ctx *ctx, struct fval *o, const char *tfmt,
		    const char *suffix)
{
	uint64_t ts = ctx->evt.hdr->ts;
	time_t secs = (time_t)(ts / 1000000000u);
	char date[64];
	struct tm tm;
	const char *s;
	size_t len;

	if (!fjson_event(ctx) || !gmtime_r(&secs, &tm) ||
	    !strftime(date, sizeof(date), tfmt, &tm))
		return 0;
	s = evt_ctx_printf(ctx, &len, "%s.%09u%s", date,
			   (unsigned)(ts % 1000000000u), suffix);
	return s ? fv_strn(o, FT_STRING, s, len) : 0;
}

static int x_time(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return fmt_time(ctx, o, "%H:%M:%S", "");
}

static int x_time_iso(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return fmt_time(ctx, o, "%Y-%m-%dT%H:%M:%S", "Z");
}

static int x_rawtime(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	return fjson_event(ctx) ? fv_u64(o, FT_ABSTIME, ctx->evt.hdr->ts) : 0;
}

static int x_value(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	struct json_object *ev = fjson_event(ctx), *v = NULL;

	if (!ev || json_pointer_get(ev, a->key, &v) != 0)
		return 0;
	return fjson_put(ctx, v, FT_STRING, o);
}

static int x_obj(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	return fjson_put(ctx, fjson_event(ctx), FT_STRING, o);
}

static const struct field_def jevt_fields[] = {
    F("jevt.time", FT_STRING, 0, 0, "event time as a string, with ns", x_time),
    F("jevt.time.iso8601", FT_STRING, 0, 0, "event time in ISO 8601",
      x_time_iso),
    F("jevt.rawtime", FT_ABSTIME, 0, 0, "event time, ns since the epoch",
      x_rawtime),
    F("jevt.value", FT_STRING, FARG_KEY | FARG_REQUIRED, 0,
      "value at a JSON pointer: jevt.value[/user/username]", x_value),
    F("jevt.obj", FT_STRING, 0, 0, "the whole event as JSON", x_obj),
};

FIELD_CLASS(jevt, "k8s_audit", "JSON events (k8s audit)");
