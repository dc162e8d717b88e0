/*
 * The open filter's entries, its wire form and its meaning
 * (openfilter.h). The probe implements openfilter_match with a longest
 * prefix match over the entries (capture/probe_open.bpf.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "openfilter.h"

void openfilter_init(struct openfilter *f)
{
	memset(f, 0, sizeof(*f));
}

void openfilter_free(struct openfilter *f)
{
	free(f->e);
	openfilter_init(f);
}

static void make_all(struct openfilter *f)
{
	f->all = true;
	f->n = 0;
}

static struct openfilter_entry *find(struct openfilter *f, unsigned kind,
				     const char *s, size_t len)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->e[i].kind == kind && f->e[i].len == len &&
		    !memcmp(f->e[i].s, s, len))
			return &f->e[i];
	return NULL;
}

void openfilter_add(struct openfilter *f, enum openfilter_kind kind,
		    unsigned mode, const char *s, size_t len)
{
	struct openfilter_entry *e;

	if (f->all)
		return;
	/* The probe compares at most OPENFILTER_KEY_MAX - 1 bytes and a
	 * NUL, a basename after a marker byte. */
	if (len == 0 || len + 2 > OPENFILTER_KEY_MAX || memchr(s, 0, len)) {
		make_all(f);
		return;
	}
	e = find(f, kind, s, len);
	if (e) {
		e->mode |= (uint8_t)mode;
		return;
	}
	if (f->n == OPENFILTER_MAX) {
		make_all(f);
		return;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		void *p = realloc(f->e, cap * sizeof(*f->e));

		if (!p) {
			make_all(f);
			return;
		}
		f->e = p;
		f->cap = cap;
	}
	e = &f->e[f->n++];
	e->kind = (uint8_t)kind;
	e->mode = (uint8_t)mode;
	e->len = (uint8_t)len;
	memcpy(e->s, s, len);
	e->s[len] = 0;
}

void openfilter_merge(struct openfilter *a, const struct openfilter *b)
{
	a->write_any |= b->write_any;
	a->keep_closes |= b->keep_closes;
	if (b->all)
		make_all(a);
	for (size_t i = 0; i < b->n && !a->all; i++)
		openfilter_add(a, b->e[i].kind, b->e[i].mode, b->e[i].s,
			       b->e[i].len);
}

bool openfilter_is_none(const struct openfilter *f)
{
	return !f->all && !f->write_any && f->n == 0;
}

size_t openfilter_encode(const struct openfilter *f, uint8_t *buf, size_t cap)
{
	size_t pos = 2;

	if (cap < 2)
		return 0;
	buf[0] = f->all;
	buf[1] = (uint8_t)(f->write_any | f->keep_closes << 1);
	for (size_t i = 0; i < f->n && !f->all; i++) {
		const struct openfilter_entry *e = &f->e[i];

		if (pos + 3 + e->len > cap) {
			buf[0] = 1; /* cannot say it all: record everything */
			return 2;
		}
		buf[pos++] = e->kind;
		buf[pos++] = e->mode;
		buf[pos++] = e->len;
		memcpy(buf + pos, e->s, e->len);
		pos += e->len;
	}
	return pos;
}

static const char *entry_error(const uint8_t *p, size_t left)
{
	size_t len;

	if (left < 3)
		return "an entry is cut short";
	if (p[0] > OPENFILTER_BASENAME)
		return "unknown entry kind";
	if (p[1] == 0 || p[1] > (OPENFILTER_ANY | OPENFILTER_WRITE))
		return "unknown entry mode";
	len = p[2];
	if (len == 0 || len + 2 > OPENFILTER_KEY_MAX || len > left - 3)
		return "bad entry length";
	if (memchr(p + 3, 0, len))
		return "NUL inside an entry";
	if ((p[0] == OPENFILTER_BASENAME) == (p[3] == '/') ||
	    (p[0] == OPENFILTER_BASENAME && memchr(p + 3, '/', len)))
		return "a path that is not absolute or a basename with '/'";
	return NULL;
}

int openfilter_decode(struct openfilter *f, const uint8_t *buf, size_t len,
		      const char **why)
{
	size_t pos = 2, n = 0;

	openfilter_free(f);
	*why = "shorter than its header";
	if (len < 2 || buf[0] > 1 || buf[1] > 3) {
		if (len >= 2)
			*why = "bad flags";
		return -EPROTO;
	}
	f->all = buf[0];
	f->write_any = buf[1] & 1;
	f->keep_closes = buf[1] >> 1;
	while (pos < len) {
		*why = entry_error(buf + pos, len - pos);
		if (*why || n++ == OPENFILTER_MAX) {
			*why = *why ? *why : "too many entries";
			openfilter_free(f);
			return -EPROTO;
		}
		openfilter_add(f, buf[pos], buf[pos + 1],
			       (const char *)buf + pos + 3, buf[pos + 2]);
		pos += 3 + (size_t)buf[pos + 2];
	}
	if (f->all && n) {
		*why = "entries with all";
		openfilter_free(f);
		return -EPROTO;
	}
	return 0;
}

static bool entry_matches(const struct openfilter_entry *e, const char *path,
			  size_t plen, const char *base)
{
	switch (e->kind) {
	case OPENFILTER_EXACT:
		return plen == e->len && !memcmp(path, e->s, plen);
	case OPENFILTER_PREFIX:
		return plen >= e->len && !memcmp(path, e->s, e->len);
	default:
		return !strcmp(base, e->s);
	}
}

bool openfilter_has_dots(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((s[i] == '/' && (s[i + 1] == '/' || s[i + 1] == '.')) ||
		    (s[i] == '.' && s[i + 1] == '.'))
			return true;
	return false;
}

bool openfilter_always_n(const char *path, size_t len)
{
	return len == 0 || path[0] != '/' || path[len - 1] == '/' ||
	       len + 1 >= OPENFILTER_KEY_MAX || openfilter_has_dots(path, len);
}

bool openfilter_match(const struct openfilter *f, const char *path, bool write)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t plen = strlen(path);

	if (f->all || (write && f->write_any) ||
	    openfilter_always_n(path, plen))
		return true;
	for (size_t i = 0; i < f->n; i++)
		if (entry_matches(&f->e[i], path, plen, base) &&
		    (f->e[i].mode & (write ? 3u : OPENFILTER_ANY)))
			return true;
	return false;
}

unsigned openfilter_prefix_mode(const struct openfilter *f, const char *s,
				size_t len)
{
	unsigned mode = 0;

	for (size_t j = 0; j < f->n; j++)
		if (f->e[j].kind == OPENFILTER_PREFIX && f->e[j].len <= len &&
		    !memcmp(f->e[j].s, s, f->e[j].len))
			mode |= f->e[j].mode;
	return mode;
}

unsigned openfilter_map_mode(const struct openfilter *f, size_t i)
{
	const struct openfilter_entry *e = &f->e[i];

	if (e->kind == OPENFILTER_BASENAME)
		return e->mode;
	return e->mode | openfilter_prefix_mode(f, e->s, e->len);
}
