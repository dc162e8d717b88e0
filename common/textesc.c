/*
 * Escaping untrusted bytes for text. One pass over the input: each
 * well-formed UTF-8 sequence that is not a control is copied as it is,
 * everything else becomes an escape of a fixed form.
 */
#include <stdio.h>
#include <string.h>

#include "textesc.h"

size_t textesc_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1fu;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0fu;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3fu);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int textesc_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	       cp == 0x061c;
}

struct sink {
	char *p;
	size_t cap, len; /* len: what the whole result needs */
	size_t kept;	 /* bytes written, always < cap */
	int full;	 /* a piece did not fit whole: copy no more */
};

/* Appends a piece whole or not at all. */
static void emit(struct sink *o, const char *s, size_t n)
{
	if (!o->full && o->kept + n < o->cap) {
		memcpy(o->p + o->kept, s, n);
		o->kept += n;
	} else {
		o->full = 1;
	}
	o->len += n;
}

/* A backslash, kind (x or u), then `digits` hex digits of v. */
static void emit_hex(struct sink *o, char kind, uint32_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char b[8] = {'\\', kind};
	size_t n = 2;

	for (int i = digits - 1; i >= 0; i--)
		b[n++] = hex[(v >> (4 * i)) & 0xf];
	emit(o, b, n);
}

static void emit_control(struct sink *o, uint32_t cp)
{
	if (cp == '\n')
		emit(o, "\\n", 2);
	else if (cp == '\r')
		emit(o, "\\r", 2);
	else if (cp == '\t')
		emit(o, "\\t", 2);
	else if (cp <= 0x7f)
		emit_hex(o, 'x', cp, 2);
	else
		emit_hex(o, 'u', cp, 4);
}

size_t textesc(char *dst, size_t cap, const char *src, size_t n, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)src;
	struct sink o = {dst, cap, 0, 0, 0};
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = textesc_utf8(s + i, n - i, &cp);
		if (k == 0) {
			emit_hex(&o, 'x', s[i], 2);
			k = 1;
		} else if (textesc_is_control(cp)) {
			emit_control(&o, cp);
		} else if (cp == '\\' && (flags & TEXTESC_BACKSLASH)) {
			emit(&o, "\\\\", 2);
		} else {
			emit(&o, src + i, k);
		}
		i += k;
	}
	if (cap)
		dst[o.kept] = '\0';
	return o.len;
}

void textesc_json(const char *src, size_t n,
		  void (*put)(void *arg, const char *s, size_t n), void *arg)
{
	const unsigned char *u = (const unsigned char *)src;
	char esc[8];
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = textesc_utf8(u + i, n - i, &cp);
		if (k == 0) {
			put(arg, "\\ufffd", 6);
			k = 1;
		} else if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			put(arg, esc, 2);
		} else if (cp == '\n') {
			put(arg, "\\n", 2);
		} else if (cp == '\t') {
			put(arg, "\\t", 2);
		} else if (textesc_is_control(cp)) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
			put(arg, esc, 6);
		} else {
			put(arg, src + i, k);
		}
		i += k;
	}
}
