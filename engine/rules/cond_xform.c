/*
 * Field transformers: tolower, toupper, b64 (decode), basename and len,
 * applied innermost first to extracted values, writing rewritten strings
 * into the caller's scratch buffer.
 */
#include <ctype.h>
#include <string.h>

#include "cond.h"

static int b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decodes into out (at most cap bytes); stops at '=' or a bad digit. */
static size_t b64_decode(const char *s, size_t n, char *out, size_t cap)
{
	unsigned acc = 0, bits = 0;
	size_t i, o = 0;
	int d;

	for (i = 0; i < n && o < cap; i++) {
		d = b64_digit((unsigned char)s[i]);
		if (d < 0)
			break;
		acc = (acc << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	return o;
}

static void xform_one(int xf, struct fval *v, char *scratch, size_t len,
		      size_t *used)
{
	size_t room = len - *used, n = v->s.len, i;
	char *out = scratch + *used;
	const char *slash;

	switch (xf) {
	case XF_TOLOWER:
	case XF_TOUPPER:
		if (n > room)
			n = room;
		for (i = 0; i < n; i++)
			out[i] =
			    (char)(xf == XF_TOLOWER
				       ? tolower((unsigned char)v->s.p[i])
				       : toupper((unsigned char)v->s.p[i]));
		v->s.p = out;
		v->s.len = n;
		*used += n;
		break;
	case XF_B64:
		n = b64_decode(v->s.p, v->s.len, out, room);
		v->s.p = out;
		v->s.len = n;
		*used += n;
		break;
	case XF_BASENAME:
		slash = memrchr(v->s.p, '/', v->s.len);
		if (slash) {
			v->s.len -= (size_t)(slash + 1 - v->s.p);
			v->s.p = slash + 1;
		}
		break;
	case XF_LEN:
		v->type = FT_UINT64;
		v->u = v->s.len;
		break;
	}
}

int cond_xform_apply(const struct cfield *cf, struct fval *v, int n,
		     char *scratch, size_t len, size_t *used)
{
	unsigned k;
	int i;

	for (k = 0; k < cf->nxf; k++)
		for (i = 0; i < n; i++)
			xform_one(cf->xf[k], &v[i], scratch, len, used);
	return n;
}
