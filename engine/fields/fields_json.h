/*
 * Reading the JSON of a non-syscall event (ctx->source_data, a json-c
 * object the k8s audit source parsed) for the ka.* and jevt.* fields.
 * Values are strings as the event has them; other JSON values become
 * their JSON text, except for boolean fields, which take JSON booleans.
 */
#ifndef LNR_FIELDS_JSON_H
#define LNR_FIELDS_JSON_H

#include "fields_val.h"

struct json_object;

/* A path of object keys, NULL-terminated: FJ_PATH("user", "username"). */
#define FJ_PATH(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The event's JSON, or NULL for a syscall event. */
struct json_object *fjson_event(const struct evt_ctx *ctx);
/* The value at path below v, or NULL. */
struct json_object *fjson_at(struct json_object *v, const char *const *path);
/* One value of type t from v: 1, or 0 when v is missing or null (or not
 * a boolean, for FT_BOOL). */
int fjson_put(struct evt_ctx *ctx, struct json_object *v, enum ftype t,
	      struct fval *o);
/* The value at path in the event. */
int fjson_one(struct evt_ctx *ctx, struct fval *o, enum ftype t,
	      const char *const *path);
/* The elements of array a a field reads: all, or [arg->index] only.
 * 0 when a is not an array or has no such element. */
int fjson_range(struct json_object *a, const struct field_arg *arg,
		size_t *first, size_t *end);
/*
 * The values at sub below each element of the array at path (or below
 * element arg->index only, when the field was given an index). A value
 * that is itself an array gives each of its elements; missing ones give
 * none. Returns how many, at most max.
 */
int fjson_each(struct evt_ctx *ctx, const struct field_arg *arg, struct fval *o,
	       int max, enum ftype t, const char *const *path,
	       const char *const *sub);

#endif
