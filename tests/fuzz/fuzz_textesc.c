/*
 * Fuzzes the text escaper every alert and log line goes through: its
 * output must be valid UTF-8 with no control character, its return value
 * the whole result's length, a truncated result a prefix of the whole,
 * and with TEXTESC_BACKSLASH the escapes must read back to the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/textesc.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static unsigned hexnum(const char *s, int digits)
{
	unsigned v = 0;

	for (int i = 0; i < digits; i++) {
		int h = hexval(s[i]);

		if (h < 0)
			abort();
		v = v << 4 | (unsigned)h;
	}
	return v;
}

static size_t put_utf8(uint8_t *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (uint8_t)(0xc0 | cp >> 6);
		o[1] = (uint8_t)(0x80 | (cp & 0x3f));
		return 2;
	}
	o[0] = (uint8_t)(0xe0 | cp >> 12);
	o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
	o[2] = (uint8_t)(0x80 | (cp & 0x3f));
	return 3;
}

/* Reads the escapes back; aborts on one textesc never writes. */
static size_t unescape(const char *s, size_t n, uint8_t *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = (uint8_t)s[i];
			continue;
		}
		if (++i == n)
			abort();
		switch (s[i]) {
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case '\\':
			out[o++] = '\\';
			break;
		case 'x':
			if (i + 2 >= n)
				abort();
			out[o++] = (uint8_t)hexnum(s + i + 1, 2);
			i += 2;
			break;
		case 'u':
			if (i + 4 >= n)
				abort();
			o += put_utf8(out + o, hexnum(s + i + 1, 4));
			i += 4;
			break;
		default:
			abort();
		}
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags;
	size_t cap, whole, need, n;
	const char *src;
	char *full, *cut;
	uint8_t *back;

	if (size < 2)
		return 0;
	flags = data[0] & 1 ? TEXTESC_BACKSLASH : 0;
	cap = data[1];
	src = (const char *)data + 2;
	n = size - 2;
	/* At most four output bytes (\xHH) per input byte. */
	full = malloc(4 * n + 1);
	cut = malloc(cap ? cap : 1);
	back = malloc(4 * n + 1);
	if (!full || !cut || !back)
		abort();

	whole = textesc(full, 4 * n + 1, src, n, flags);
	if (whole > 4 * n || strlen(full) != whole ||
	    !utf8_is_safe(full, whole))
		abort();
	need = textesc(cut, cap, src, n, flags);
	if (need != whole)
		abort();
	if (cap && (strlen(cut) >= cap || strncmp(cut, full, strlen(cut)) ||
		    !utf8_is_safe(cut, strlen(cut))))
		abort();
	if (flags && (unescape(full, whole, back) != n || memcmp(back, src, n)))
		abort();
	free(full);
	free(cut);
	free(back);
	return 0;
}
