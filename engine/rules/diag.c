/*
 * Diagnostics: collected during load and compile, rendered for -V and the
 * engine's log with the source line and a caret.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

static const char *const code_names[DIAG_CODE_COUNT] = {
#define DIAG_CODE(id, code, summary) code,
#include "diag_codes.def"
#undef DIAG_CODE
};

static const char *const code_summaries[DIAG_CODE_COUNT] = {
#define DIAG_CODE(id, code, summary) summary,
#include "diag_codes.def"
#undef DIAG_CODE
};

const char *diag_code_name(enum diag_code c)
{
	return (unsigned)c < DIAG_CODE_COUNT ? code_names[c] : "?";
}

const char *diag_code_summary(enum diag_code c)
{
	return (unsigned)c < DIAG_CODE_COUNT ? code_summaries[c] : "?";
}

void diag_init(struct diags *d, struct rule_arena *arena)
{
	memset(d, 0, sizeof(*d));
	d->arena = arena;
	d->phase = DIAG_ERR_YAML_VALIDATE;
	diag_item(d, NULL, NULL);
}

void diag_item(struct diags *d, const char *type, const char *name)
{
	d->item_type = type ? type : "rules content";
	d->item_name = name ? name : "";
}

void diag_add(struct diags *d, enum diag_sev sev, enum diag_code code,
	      const struct srcpos *pos, const char *fmt, ...)
{
	struct diag *v;
	char msg[512];
	va_list ap;

	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n >= DIAG_MAX) {
		d->refused++;
		return;
	}
	v = rule_arena_grow(d->arena, d->v, sizeof(*v), d->n, d->n + 1,
			    &d->cap);
	if (!v) {
		d->refused++;
		return;
	}
	d->v = v;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v[d->n].sev = sev;
	v[d->n].code = code;
	v[d->n].item_type = d->item_type;
	v[d->n].item_name = d->item_name;
	if (pos)
		v[d->n].pos = *pos;
	else
		memset(&v[d->n].pos, 0, sizeof(v[d->n].pos));
	v[d->n].msg = rule_arena_strdup(d->arena, msg);
	if (!v[d->n].msg)
		v[d->n].msg = "out of memory";
	d->n++;
}

/* Sorting runs inside the seccomp sandbox, where glibc's qsort may not
 * (it asks the kernel how much memory there is): a merge sort of our
 * own, stable, with its buffer from the arena. */
struct sort_ctx {
	struct srcfile *const *files;
	size_t nfiles;
};

static size_t file_rank(const struct sort_ctx *c, const struct srcfile *f)
{
	size_t i;

	for (i = 0; f && i < c->nfiles; i++)
		if (c->files[i] == f)
			return i;
	return c->nfiles;
}

static bool before(const struct sort_ctx *c, const struct diag *x,
		   const struct diag *y)
{
	size_t fx = file_rank(c, x->pos.file), fy = file_rank(c, y->pos.file);

	if (fx != fy)
		return fx < fy;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line;
	return x->pos.col < y->pos.col;
}

static void merge(const struct sort_ctx *c, const struct diag *src,
		  struct diag *dst, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		dst[k++] = before(c, &src[j], &src[i]) ? src[j++] : src[i++];
	while (i < mid)
		dst[k++] = src[i++];
	while (j < hi)
		dst[k++] = src[j++];
}

void diag_sort(struct diags *d, struct srcfile *const *files, size_t nfiles)
{
	struct sort_ctx c = {files, nfiles};
	struct diag *a = d->v, *b, *t;
	size_t w, lo, mid, hi;

	if (d->n < 2)
		return;
	b = rule_arena_alloc(d->arena, d->n * sizeof(*b));
	if (!b)
		return; /* left in reporting order */
	for (w = 1; w < d->n; w *= 2) {
		for (lo = 0; lo < d->n; lo += 2 * w) {
			mid = lo + w < d->n ? lo + w : d->n;
			hi = lo + 2 * w < d->n ? lo + 2 * w : d->n;
			merge(&c, a, b, lo, mid, hi);
		}
		t = a;
		a = b;
		b = t;
	}
	if (a != d->v)
		memcpy(d->v, a, d->n * sizeof(*a));
}

struct srcpos diag_pos_at(const struct srcfile *f, const char *p)
{
	struct srcpos pos = {f, 1, 1};
	const char *s;

	if (!f || p < f->buf || p > f->buf + f->len)
		return pos;
	for (s = f->buf; s < p; s++) {
		if (*s == '\n') {
			pos.line++;
			pos.col = 1;
		} else {
			pos.col++;
		}
	}
	return pos;
}

/* The text of line `line` (1-based) of the file, without its newline. */
static const char *line_text(const struct srcfile *f, unsigned line, size_t *n)
{
	const char *p = f->buf, *end = f->buf + f->len, *e;
	unsigned l = 1;

	while (p < end && l < line) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			return NULL;
		p = e + 1;
		l++;
	}
	if (l != line || p > end)
		return NULL;
	e = memchr(p, '\n', (size_t)(end - p));
	*n = (size_t)((e ? e : end) - p);
	return p;
}

/* Appends to buf at *w with snprintf semantics. */
static void put(char *buf, size_t len, int *w, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t len, int *w, const char *fmt, ...)
{
	size_t at = (size_t)*w < len ? (size_t)*w : len;
	va_list ap;

	va_start(ap, fmt);
	*w += vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
}

int diag_snippet(const struct diag *dg, const char *indent, char *buf,
		 size_t len)
{
	const struct srcpos *pos = &dg->pos;
	const char *text;
	size_t n = 0, i;
	int w = 0;

	if (len)
		buf[0] = '\0';
	if (!pos->file || !pos->line)
		return 0;
	text = line_text(pos->file, pos->line, &n);
	if (!text)
		return 0;
	if (n > 200)
		n = 200;
	put(buf, len, &w, "%s%.*s\n%s", indent, (int)n, text, indent);
	for (i = 1; i < pos->col && i <= n; i++)
		put(buf, len, &w, "%c", text[i - 1] == '\t' ? '\t' : ' ');
	put(buf, len, &w, "^\n");
	return w;
}

size_t diag_offset(const struct srcpos *pos)
{
	const char *p, *end, *e;
	unsigned l = 1;

	if (!pos->file || !pos->line)
		return 0;
	p = pos->file->buf;
	end = p + pos->file->len;
	while (p < end && l < pos->line &&
	       (e = memchr(p, '\n', (size_t)(end - p)))) {
		p = e + 1;
		l++;
	}
	return (size_t)(p - pos->file->buf) + pos->col - 1;
}

int diag_render(const struct diag *dg, char *buf, size_t len)
{
	const char *sev = dg->sev == DIAG_ERROR ? "error" : "warning";
	const char *code = diag_code_name(dg->code);
	const struct srcpos *pos = &dg->pos;
	int w = 0;

	if (!pos->file)
		put(buf, len, &w, "%s: %s [%s]\n", sev, dg->msg, code);
	else if (!pos->line)
		put(buf, len, &w, "%s: %s: %s [%s]\n", pos->file->path, sev,
		    dg->msg, code);
	else
		put(buf, len, &w, "%s:%u:%u: %s: %s [%s]\n", pos->file->path,
		    pos->line, pos->col, sev, dg->msg, code);
	return w + diag_snippet(dg, "  ",
				buf + ((size_t)w < len ? (size_t)w : len),
				(size_t)w < len ? len - (size_t)w : 0);
}

void diag_render_all(const struct diags *d, char *buf, size_t len)
{
	size_t off = 0, i;
	int w;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < d->n && off < len; i++) {
		w = diag_render(&d->v[i], buf + off, len - off);
		off += (size_t)w;
	}
	if (d->refused && off < len)
		snprintf(buf + off, len - off,
			 "(%zu more diagnostics not shown)\n", d->refused);
}
