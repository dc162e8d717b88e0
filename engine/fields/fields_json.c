/*
 * JSON access for the ka.* and jevt.* fields, over json-c objects. Text
 * made for a value (a number, an object) goes to the per-event arena.
 */
#include <json-c/json.h>

#include "evt_ctx.h"
#include "fields_json.h"

struct json_object *fjson_event(const struct evt_ctx *ctx)
{
	return ctx->evt.info && ctx->evt.info->kind == LNR_KIND_PLUGIN
		   ? (struct json_object *)ctx->source_data
		   : NULL;
}

struct json_object *fjson_at(struct json_object *v, const char *const *path)
{
	for (; v && *path; path++)
		if (!json_object_is_type(v, json_type_object) ||
		    !json_object_object_get_ex(v, *path, &v))
			return NULL;
	return v;
}

int fjson_put(struct evt_ctx *ctx, struct json_object *v, enum ftype t,
	      struct fval *o)
{
	const char *text;
	size_t len;
	char *copy;

	if (!v || json_object_is_type(v, json_type_null))
		return 0;
	if (t == FT_BOOL)
		return json_object_is_type(v, json_type_boolean)
			   ? fv_bool(o, json_object_get_boolean(v))
			   : 0;
	if (json_object_is_type(v, json_type_string))
		return fv_strn(o, FT_STRING, json_object_get_string(v),
			       (size_t)json_object_get_string_len(v));
	text = json_object_to_json_string_length(
	    v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	copy = text ? evt_ctx_alloc(ctx, len + 1) : NULL;
	if (!copy)
		return 0;
	memcpy(copy, text, len + 1);
	return fv_strn(o, FT_STRING, copy, len);
}

int fjson_one(struct evt_ctx *ctx, struct fval *o, enum ftype t,
	      const char *const *path)
{
	return fjson_put(ctx, fjson_at(fjson_event(ctx), path), t, o);
}

/* v, or each element of v when it is an array. */
static int put_flat(struct evt_ctx *ctx, struct json_object *v, enum ftype t,
		    struct fval *o, int max)
{
	int n = 0;

	if (!json_object_is_type(v, json_type_array))
		return max > 0 ? fjson_put(ctx, v, t, o) : 0;
	for (size_t i = 0; i < json_object_array_length(v) && n < max; i++)
		n += fjson_put(ctx, json_object_array_get_idx(v, i), t, o + n);
	return n;
}

int fjson_range(struct json_object *a, const struct field_arg *arg,
		size_t *first, size_t *end)
{
	if (!json_object_is_type(a, json_type_array))
		return 0;
	*first = 0;
	*end = json_object_array_length(a);
	if (arg->present) {
		if (arg->index < 0 || (size_t)arg->index >= *end)
			return 0;
		*first = (size_t)arg->index;
		*end = *first + 1;
	}
	return 1;
}

int fjson_each(struct evt_ctx *ctx, const struct field_arg *arg, struct fval *o,
	       int max, enum ftype t, const char *const *path,
	       const char *const *sub)
{
	struct json_object *a = fjson_at(fjson_event(ctx), path);
	size_t i, end;
	int n = 0;

	if (!fjson_range(a, arg, &i, &end))
		return 0;
	for (; i < end && n < max; i++)
		n += put_flat(ctx,
			      fjson_at(json_object_array_get_idx(a, i), sub), t,
			      o + n, max - n);
	return n;
}
