/*
 * An independent UTF-8 check for the fuzz targets: the code under test
 * has its own decoder (textesc_utf8), and a bug there must not hide
 * itself by also being the judge.
 */
#ifndef LNR_FUZZ_UTF8_H
#define LNR_FUZZ_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The code point at s (n bytes left) and its length, or 0 if ill-formed. */
static inline size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters that must never reach a reader raw. */
static inline int utf8_is_raw_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	       cp == 0x061c;
}

/* 1 if the n bytes at s are valid UTF-8 without raw controls. */
static inline int utf8_is_safe(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t k = utf8_next(u + i, n - i, &cp);

		if (k == 0 || utf8_is_raw_control(cp))
			return 0;
		i += k;
	}
	return 1;
}

#endif
