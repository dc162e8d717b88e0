/*
 * Output formats: literal text and %field references (with arguments and
 * transformers: %proc.aname[2], %evt.arg.flags, %tolower(proc.name)),
 * compiled once per rule. Missing values render as <NA>.
 */
#include <stdio.h>
#include <string.h>

#include "output_fmt.h"
#include "textesc.h"

#define OUTPUT_VALUE_MAX 1024
#define OUTPUT_RAW_MAX 16384 /* a value in the line, before escaping */

struct out_piece {
	const char *lit; /* literal text, or NULL for a field */
	size_t len;
	struct cfield f;
	bool hidden; /* an output field only, not in the line */
};

struct output_fmt {
	struct out_piece *p;
	size_t n, cap;
	size_t *fields; /* piece index of each distinct field */
	size_t nfields, fcap;
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static int add_piece(struct rule_arena *a, struct output_fmt *o,
		     const struct out_piece *p)
{
	struct out_piece *v;

	v = rule_arena_grow(a, o->p, sizeof(*v), o->n, o->n + 1, &o->cap);
	if (!v)
		return -1;
	v[o->n++] = *p;
	o->p = v;
	return 0;
}

static int add_field(struct rule_arena *a, struct output_fmt *o)
{
	size_t *v, i;

	for (i = 0; i < o->nfields; i++)
		if (!strcmp(o->p[o->fields[i]].f.text, o->p[o->n - 1].f.text))
			return 0;
	v = rule_arena_grow(a, o->fields, sizeof(*v), o->nfields,
			    o->nfields + 1, &o->fcap);
	if (!v)
		return -1;
	v[o->nfields++] = o->n - 1;
	o->fields = v;
	return 0;
}

/* Parses "%name" or "%xf(name)" at s (after the %); 0 when it is no
 * field reference, -1 on error, else characters used. */
static int parse_ref(struct rule_arena *a, const char *source, const char *s,
		     struct out_piece *p, char *err, size_t errlen)
{
	struct field_arg arg;
	size_t n = 0, used = 0, close = 0;
	char name[256];
	int xf = -1;

	while (name_char(s[n]))
		n++;
	if (s[n] == '(' && (xf = cond_xform_parse(s, n)) >= 0) {
		s += n + 1;
		close = n + 2;
		n = 0;
		while (name_char(s[n]))
			n++;
	}
	while (s[n] == '[' && strchr(s + n, ']'))
		n = (size_t)(strchr(s + n, ']') - s) + 1;
	if (!n)
		return 0;
	snprintf(name, sizeof(name), "%.*s", (int)n, s);
	memset(p, 0, sizeof(*p));
	p->f.f = fields_lookup(source, name, &used, &arg, err, errlen);
	if (!p->f.f || (xf >= 0 && (used != n || s[n] != ')')))
		return -1;
	p->f.arg = arg;
	p->f.type = p->f.f->type;
	p->f.text =
	    rule_arena_strndup(a, s - (close ? close - 1 : 0), used + close);
	if (xf >= 0) {
		p->f.xf[0] = (uint8_t)xf;
		p->f.nxf = 1;
		if (xf == XF_LEN)
			p->f.type = FT_UINT64;
	}
	return p->f.text ? (int)(used + close) : -1;
}

struct output_fmt *output_fmt_compile(struct rule_arena *a, const char *source,
				      const char *text, char *err,
				      size_t errlen, size_t *off)
{
	struct output_fmt *o = rule_arena_alloc(a, sizeof(*o));
	struct out_piece p;
	const char *s = text, *lit = text;
	int used;

	if (!o)
		return NULL;
	for (; *s; s++) {
		if (*s != '%')
			continue;
		if (s[1] == '%') { /* %% is a literal % */
			p = (struct out_piece){.lit = lit,
					       .len = (size_t)(s + 1 - lit)};
			if (add_piece(a, o, &p) < 0)
				return NULL;
			lit = s + 2;
			s++;
			continue;
		}
		err[0] = '\0';
		used = parse_ref(a, source, s + 1, &p, err, errlen);
		if (used < 0 && !strncmp(s + 1, "container.info", 14) &&
		    !name_char(s[15])) {
			used = 14; /* Falco's placeholder: nothing to add */
			p.lit = "";
		} else if (used < 0) {
			*off = (size_t)(s - text);
			if (!err[0])
				snprintf(err, errlen, "unknown field");
			return NULL;
		}
		if (used == 0)
			continue;
		if (s > lit) {
			struct out_piece l = {.lit = lit,
					      .len = (size_t)(s - lit)};

			if (add_piece(a, o, &l) < 0)
				return NULL;
		}
		if (add_piece(a, o, &p) < 0 || (!p.lit && add_field(a, o) < 0))
			return NULL;
		s += used;
		lit = s + 1;
	}
	if (s > lit) {
		p = (struct out_piece){.lit = lit, .len = (size_t)(s - lit)};
		if (add_piece(a, o, &p) < 0)
			return NULL;
	}
	return o;
}

static size_t render_field(const struct cfield *cf, struct evt_ctx *ctx,
			   char *buf, size_t len)
{
	struct fval v[FIELD_VALUES_MAX];
	char scratch[OUTPUT_VALUE_MAX];
	size_t used = 0, off = 0;
	int n, i, w;

	n = cf->f->extract(ctx, &cf->arg, v, FIELD_VALUES_MAX);
	if (n > FIELD_VALUES_MAX)
		n = FIELD_VALUES_MAX;
	if (n > 0 && cf->nxf)
		n = cond_xform_apply(cf, v, n, scratch, sizeof(scratch), &used);
	if (n <= 0)
		return (size_t)snprintf(buf, len, "<NA>");
	for (i = 0; i < n; i++) {
		if (i) {
			if (off + 1 < len)
				buf[off] = ',';
			off++;
		}
		w = fval_format(&v[i], off < len ? buf + off : NULL,
				off < len ? len - off : 0);
		off += w > 0 ? (size_t)w : 0;
	}
	if (len)
		buf[off < len ? off : len - 1] = '\0';
	return off;
}

/* Values in the output line are escaped: a hostile file name can neither
 * start what looks like a second alert nor drive the reader's terminal. */
static size_t render_escaped(const struct cfield *cf, struct evt_ctx *ctx,
			     char *buf, size_t len)
{
	static char raw[OUTPUT_RAW_MAX];
	size_t n = render_field(cf, ctx, raw, sizeof(raw));

	if (n >= sizeof(raw))
		n = sizeof(raw) - 1;
	return textesc(buf, len, raw, n, TEXTESC_BACKSLASH);
}

size_t output_fmt_render(const struct output_fmt *o, struct evt_ctx *ctx,
			 char *buf, size_t len)
{
	const struct out_piece *p;
	size_t off = 0, i, n;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < o->n; i++) {
		p = &o->p[i];
		if (p->hidden)
			continue;
		if (p->lit) {
			n = p->len;
			if (off < len)
				memcpy(buf + off, p->lit,
				       n < len - off ? n : len - off);
		} else {
			n = render_escaped(&p->f, ctx,
					   off < len ? buf + off : NULL,
					   off < len ? len - off : 0);
		}
		off += n;
	}
	if (len)
		buf[off < len ? off : len - 1] = '\0';
	return off;
}

int output_fmt_add_field(struct rule_arena *a, struct output_fmt *o,
			 const char *source, const char *name, char *err,
			 size_t errlen)
{
	struct out_piece p = {0};
	int used;

	err[0] = '\0';
	used = parse_ref(a, source, name, &p, err, errlen);
	if (used <= 0 || name[used] != '\0' || p.lit) {
		if (!err[0])
			snprintf(err, errlen, "%s is not a field", name);
		return -1;
	}
	p.hidden = true;
	return add_piece(a, o, &p) < 0 || add_field(a, o) < 0 ? -1 : 0;
}

size_t output_fmt_nfields(const struct output_fmt *o)
{
	return o->nfields;
}

const char *output_fmt_field_name(const struct output_fmt *o, size_t i)
{
	return o->p[o->fields[i]].f.text;
}

enum alert_kind output_fmt_field_kind(const struct output_fmt *o, size_t i)
{
	switch (o->p[o->fields[i]].f.type) {
	case FT_INT64:
	case FT_UINT64:
	case FT_PORT:
	case FT_RELTIME:
	case FT_ABSTIME:
		return ALERT_NUMBER;
	case FT_BOOL:
		return ALERT_BOOL;
	default:
		return ALERT_STRING;
	}
}

size_t output_fmt_field_render(const struct output_fmt *o, size_t i,
			       struct evt_ctx *ctx, char *buf, size_t len)
{
	return render_field(&o->p[o->fields[i]].f, ctx, buf, len);
}
