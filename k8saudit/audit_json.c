/*
 * Request bodies of the audit webhook, parsed with json-c (Debian's
 * libjson-c, which the broker already uses): its tokener takes a depth
 * limit and reports where parsing stopped; the string limit and the
 * shape checks are ours. Nothing is handed on before the whole body
 * passed, so a bad request has no effect at all.
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_json.h"

static __attribute__((format(printf, 3, 4))) int fail(char *why, size_t whylen,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Every string and key of v within AUDIT_JSON_MAX_STRING; depth is
 * bounded by the tokener. */
static int strings_ok(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_string:
		return (size_t)json_object_get_string_len(v) <=
		       AUDIT_JSON_MAX_STRING;
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if (!strings_ok(json_object_array_get_idx(v, i)))
				return 0;
		return 1;
	case json_type_object: {
		json_object_object_foreach(v, key, val)
		{
			if (strlen(key) > AUDIT_JSON_MAX_STRING ||
			    !strings_ok(val))
				return 0;
		}
		return 1;
	}
	default:
		return 1;
	}
}

static const char *str_member(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *parse(const char *body, size_t len, char *why,
				 size_t whylen)
{
	struct json_tokener *tok = json_tokener_new_ex(AUDIT_JSON_MAX_DEPTH);
	struct json_object *root;
	enum json_tokener_error err;
	size_t used;

	if (!tok || len > INT_MAX) {
		snprintf(why, whylen, tok ? "too large" : "out of memory");
		if (tok)
			json_tokener_free(tok);
		return NULL;
	}
	root = json_tokener_parse_ex(tok, body, (int)len);
	err = json_tokener_get_error(tok);
	used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (err == json_tokener_continue) {
		snprintf(why, whylen, "the JSON ends early, at byte %zu", len);
		return NULL;
	}
	if (!root || err != json_tokener_success) {
		fail(why, whylen, "bad JSON at byte %zu: %s", used,
		     json_tokener_error_desc(err));
		json_object_put(root);
		return NULL;
	}
	for (; used < len; used++)
		if (!strchr(" \t\r\n", body[used])) {
			fail(why, whylen, "bytes after the JSON, at byte %zu",
			     used);
			json_object_put(root);
			return NULL;
		}
	return root;
}

/* The events of root: its items for an EventList, itself for an Event. */
static int events_of(struct json_object *root, struct json_object **items,
		     char *why, size_t whylen)
{
	const char *api = str_member(root, "apiVersion");
	const char *kind = str_member(root, "kind");

	if (!json_object_is_type(root, json_type_object))
		return fail(why, whylen, "the body is not a JSON object");
	if (!api || strncmp(api, "audit.k8s.io/", 13) != 0)
		return fail(why, whylen,
			    "apiVersion is %.64s, not audit.k8s.io/v1",
			    api ? api : "missing");
	if (kind && !strcmp(kind, "Event")) {
		*items = NULL;
		return 1;
	}
	if (!kind || strcmp(kind, "EventList") != 0)
		return fail(why, whylen,
			    "kind is %.64s, not EventList or Event",
			    kind ? kind : "missing");
	if (!json_object_object_get_ex(root, "items", items) ||
	    !json_object_is_type(*items, json_type_array))
		return fail(why, whylen, "an EventList without an items array");
	return (int)json_object_array_length(*items);
}

#define AUDIT_JSON_FLAGS                                                       \
	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* One event checked and written as compact JSON, which stays in ev's
 * own buffer until root is freed. */
struct audit_text {
	const char *p;
	size_t len;
};

static int check_event(struct json_object *ev, size_t i, struct audit_text *t,
		       char *why, size_t whylen)
{
	if (!json_object_is_type(ev, json_type_object))
		return fail(why, whylen, "items[%zu] is not an object", i);
	if (!strings_ok(ev))
		return fail(why, whylen,
			    "items[%zu] has a string longer than 64 KiB", i);
	t->p = json_object_to_json_string_length(ev, AUDIT_JSON_FLAGS, &t->len);
	if (!t->p)
		return -ENOMEM;
	if (t->len > AUDIT_JSON_MAX_EVENT)
		return fail(why, whylen, "items[%zu] is larger than 256 KiB",
			    i);
	return 0;
}

int audit_json_parse(const char *body, size_t len, audit_json_event_fn fn,
		     void *arg, char *why, size_t whylen)
{
	struct json_object *root = parse(body, len, why, whylen), *items = NULL;
	int n = root ? events_of(root, &items, why, whylen) : -EINVAL;
	struct audit_text *texts =
	    n > 0 ? calloc((size_t)n, sizeof(*texts)) : NULL;
	int r = n < 0 ? n : n > 0 && !texts ? -ENOMEM : 0;

	for (int i = 0; i < n && r == 0; i++)
		r = check_event(
		    items ? json_object_array_get_idx(items, (size_t)i) : root,
		    (size_t)i, &texts[i], why, whylen);
	for (int i = 0; i < n && r == 0; i++)
		r = fn(arg, texts[i].p, texts[i].len);
	free(texts);
	json_object_put(root);
	return r < 0 ? r : n;
}
