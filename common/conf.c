/*
 * Configuration loading: libyaml events flattened into dotted key=value
 * items, in file order, with overrides applied on top.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "conf.h"
#include "safefile.h"

enum frame_kind { FRAME_MAP, FRAME_SEQ };

struct frame {
	enum frame_kind kind;
	size_t base;  /* path length of the node holding this frame */
	long index;   /* sequences: the next element's index */
	int want_key; /* mappings: the next scalar is a key */
};

struct flatten {
	struct conf *c;
	const char *name;
	char *err;
	size_t errlen;
	char path[CONF_MAX_KEY];
	struct frame stack[CONF_MAX_DEPTH];
	int depth;
};

void conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
}

void conf_free(struct conf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].key);
		free(c->items[i].value);
	}
	free(c->items);
	conf_init(c);
}

static void remove_at(struct conf *c, size_t i)
{
	free(c->items[i].key);
	free(c->items[i].value);
	memmove(&c->items[i], &c->items[i + 1],
		(c->n - i - 1) * sizeof(*c->items));
	c->n--;
}

/* Drops "key.*" below key and any scalar item that is a prefix of key. */
static void remove_related(struct conf *c, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < c->n;) {
		const char *k = c->items[i].key;
		size_t n = strlen(k);
		int below =
		    n > klen && strncmp(k, key, klen) == 0 && k[klen] == '.';
		int above =
		    n < klen && strncmp(k, key, n) == 0 && key[n] == '.';

		if (below || above)
			remove_at(c, i);
		else
			i++;
	}
}

/* Puts key and v (a copy the list takes over) after the last item. */
static int append(struct conf *c, const char *key, char *v)
{
	if (c->n >= CONF_MAX_ITEMS) {
		c->refused++;
		free(v);
		return -ENOSPC;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct conf_item *it = realloc(c->items, cap * sizeof(*it));

		if (!it) {
			free(v);
			return -ENOMEM;
		}
		c->items = it;
		c->cap = cap;
	}
	c->items[c->n].key = strdup(key);
	if (!c->items[c->n].key) {
		free(v);
		return -ENOMEM;
	}
	c->items[c->n++].value = v;
	return 0;
}

int conf_set(struct conf *c, const char *key, const char *value)
{
	char *v;

	remove_related(c, key);
	v = strdup(value);
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->items[i].key, key) == 0) {
			free(c->items[i].value);
			c->items[i].value = v;
			return 0;
		}
	return append(c, key, v);
}

int conf_add(struct conf *c, const char *key, const char *value)
{
	char *v = strdup(value);

	return v ? append(c, key, v) : -ENOMEM;
}

static int fail_at(struct flatten *f, const yaml_mark_t *mark, const char *why)
{
	snprintf(f->err, f->errlen, "%s:%zu:%zu: %s", f->name, mark->line + 1,
		 mark->column + 1, why);
	return -EINVAL;
}

/* Sets the path to the frame's base plus one component. */
static int path_push(struct flatten *f, const yaml_mark_t *mark,
		     const char *part)
{
	size_t base = f->depth ? f->stack[f->depth - 1].base : 0;
	int n = snprintf(f->path + base, sizeof(f->path) - base, "%s%s",
			 base ? "." : "", part);

	if (n < 0 || (size_t)n >= sizeof(f->path) - base)
		return fail_at(f, mark, "key path too long");
	return 0;
}

/* Positions the path for the value that is about to start. */
static int value_begins(struct flatten *f, const yaml_mark_t *mark)
{
	struct frame *t;
	char idx[24];

	if (f->depth == 0)
		return 0;
	t = &f->stack[f->depth - 1];
	if (t->kind == FRAME_SEQ) {
		snprintf(idx, sizeof(idx), "%ld", t->index++);
		return path_push(f, mark, idx);
	}
	if (t->want_key)
		return fail_at(f, mark, "a mapping key must be a plain scalar");
	t->want_key = 1;
	return 0;
}

static int open_frame(struct flatten *f, yaml_event_t *ev, enum frame_kind kind)
{
	int r;

	if (f->depth == 0 && kind != FRAME_MAP)
		return fail_at(f, &ev->start_mark,
			       "the top level must be a mapping");
	r = value_begins(f, &ev->start_mark);
	if (r)
		return r;
	if (f->depth == CONF_MAX_DEPTH)
		return fail_at(f, &ev->start_mark, "nested too deeply");
	f->stack[f->depth++] = (struct frame){
	    .kind = kind, .base = strlen(f->path), .want_key = 1};
	return 0;
}

static int on_scalar(struct flatten *f, yaml_event_t *ev)
{
	const char *text = (const char *)ev->data.scalar.value;
	struct frame *t;
	int r;

	if (f->depth == 0 && *text == '\0')
		return 0; /* an empty document */
	if (f->depth == 0)
		return fail_at(f, &ev->start_mark,
			       "the top level must be a mapping");
	t = &f->stack[f->depth - 1];
	if (t->kind == FRAME_MAP && t->want_key) {
		t->want_key = 0;
		if (!*text || strchr(text, '='))
			return fail_at(f, &ev->start_mark, "invalid key");
		return path_push(f, &ev->start_mark, text);
	}
	r = value_begins(f, &ev->start_mark);
	if (r)
		return r;
	/* A plain ~ or null is an empty value. */
	if (ev->data.scalar.plain_implicit &&
	    (strcmp(text, "~") == 0 || strcmp(text, "null") == 0))
		text = "";
	r = conf_set(f->c, f->path, text);
	if (r == -ENOSPC)
		return fail_at(f, &ev->start_mark, "too many items");
	return r;
}

static int on_event(struct flatten *f, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(f, ev);
	case YAML_MAPPING_START_EVENT:
		return open_frame(f, ev, FRAME_MAP);
	case YAML_SEQUENCE_START_EVENT:
		return open_frame(f, ev, FRAME_SEQ);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		f->depth--;
		return 0;
	case YAML_ALIAS_EVENT:
		return fail_at(f, &ev->start_mark, "aliases are not supported");
	default:
		return 0;
	}
}

static int flatten_run(struct flatten *f, yaml_parser_t *p)
{
	yaml_event_t ev;
	int r = 0, done = 0;

	while (!done && r == 0) {
		if (!yaml_parser_parse(p, &ev)) {
			snprintf(f->err, f->errlen, "%s:%zu:%zu: %s%s%s",
				 f->name, p->problem_mark.line + 1,
				 p->problem_mark.column + 1,
				 p->problem ? p->problem : "syntax error",
				 p->context ? " " : "",
				 p->context ? p->context : "");
			return -EINVAL;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		r = on_event(f, &ev);
		yaml_event_delete(&ev);
	}
	return r;
}

int conf_load_string(struct conf *c, const char *text, size_t len,
		     const char *name, char *err, size_t errlen)
{
	struct flatten f = {.c = c, .name = name, .err = err, .errlen = errlen};
	yaml_parser_t p;
	int r;

	if (!yaml_parser_initialize(&p))
		return -ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	r = flatten_run(&f, &p);
	yaml_parser_delete(&p);
	return r;
}

int conf_load_file(struct conf *c, const char *path, char *err, size_t errlen)
{
	struct safefile sf = {.what = "configuration", .shown = path};
	char *text;
	size_t len;
	int r = safefile_read(&sf, AT_FDCWD, path, CONF_MAX_BYTES, &text, &len);

	if (r < 0) {
		snprintf(err, errlen, "%s", sf.err);
		return r;
	}
	r = conf_load_string(c, text, len, path, err, errlen);
	free(text);
	return r;
}

/* "a.b[2].c" becomes "a.b.2.c". */
static int normalize_key(const char *in, size_t len, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char ch = in[i];

		if (ch == ']')
			continue;
		if (ch == '[')
			ch = '.';
		if (o + 1 >= cap)
			return -EINVAL;
		out[o++] = ch;
	}
	out[o] = '\0';
	if (o == 0 || out[0] == '.' || out[o - 1] == '.' || strstr(out, ".."))
		return -EINVAL;
	return 0;
}

/*
 * A flow sequence or mapping ("[a, b]", "{k: v}") given to -o becomes the
 * items a configuration file would give: key.0, key.1 or key.k. It is
 * parsed as YAML under a stand-in key, then moved below the real one.
 */
static int override_flow(struct conf *c, const char *key, const char *value,
			 char *err, size_t errlen)
{
	struct conf tmp;
	char *text = NULL, name[CONF_MAX_KEY + 4];
	int r;

	conf_init(&tmp);
	if (asprintf(&text, "v: %s\n", value) < 0)
		return -ENOMEM;
	snprintf(name, sizeof(name), "-o %s", key);
	r = conf_load_string(&tmp, text, strlen(text), name, err, errlen);
	free(text);
	/* Only what lies below the stand-in: a value that smuggles in more
	 * YAML ("[a]\nw: 1") is refused. */
	for (size_t i = 0; i < tmp.n && r == 0; i++) {
		if (strcmp(tmp.items[i].key, "v") != 0 &&
		    strncmp(tmp.items[i].key, "v.", 2) != 0) {
			snprintf(err, errlen, "-o %s: not one YAML value", key);
			r = -EINVAL;
		} else if (strlen(key) + strlen(tmp.items[i].key) - 1 >=
			   CONF_MAX_KEY) {
			snprintf(err, errlen, "key path too long below -o %s",
				 key);
			r = -EINVAL;
		}
	}
	if (r == 0) {
		remove_related(c, key);
		for (size_t i = c->n; i > 0; i--)
			if (strcmp(c->items[i - 1].key, key) == 0)
				remove_at(c, i - 1);
	}
	for (size_t i = 0; i < tmp.n && r == 0; i++) {
		char *k = NULL;

		if (asprintf(&k, "%s%s", key, tmp.items[i].key + 1) < 0)
			r = -ENOMEM;
		else
			r = conf_add(c, k, tmp.items[i].value);
		free(k);
	}
	conf_free(&tmp);
	return r;
}

int conf_override(struct conf *c, const char *kv, char *err, size_t errlen)
{
	const char *eq = strchr(kv, '=');
	char key[CONF_MAX_KEY];
	int r;

	if (!eq || normalize_key(kv, (size_t)(eq - kv), key, sizeof(key))) {
		snprintf(err, errlen, "-o %s: expected key=value", kv);
		return -EINVAL;
	}
	if (eq[1] == '[' || eq[1] == '{')
		r = override_flow(c, key, eq + 1, err, errlen);
	else
		r = conf_set(c, key, eq + 1);
	if (r && r != -EINVAL)
		snprintf(err, errlen, "-o %s: %s", kv, strerror(-r));
	return r;
}

const char *conf_get(const struct conf *c, const char *key, const char *def)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->items[i].key, key) == 0)
			return c->items[i].value;
	return def;
}

int conf_parse_bool(const char *v)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (unsigned i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

long conf_parse_long(const char *v)
{
	char *end;
	long n;

	if (!*v)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno || *end || n < 0 ? -1 : n;
}

int conf_get_bool(const struct conf *c, const char *key, int def)
{
	const char *v = conf_get(c, key, NULL);
	int b = v ? conf_parse_bool(v) : -1;

	return b < 0 ? def : b;
}

long conf_get_long(const struct conf *c, const char *key, long def)
{
	const char *v = conf_get(c, key, NULL);
	long n = v ? conf_parse_long(v) : -1;

	return n < 0 ? def : n;
}

size_t conf_get_list(const struct conf *c, const char *key, const char **out,
		     size_t max)
{
	size_t klen = strlen(key), n = 0;

	for (size_t i = 0; i < c->n && n < max; i++) {
		const char *k = c->items[i].key;

		if (strncmp(k, key, klen) == 0 &&
		    (k[klen] == '\0' ||
		     (k[klen] == '.' && strchr(k + klen + 1, '.') == NULL)))
			out[n++] = c->items[i].value;
	}
	return n;
}
