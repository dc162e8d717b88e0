/*
 * RFC 3339 timestamps to ns since the epoch, see rfc3339.h. Fractions
 * beyond nanoseconds are read and ignored.
 */
#include "rfc3339.h"

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The n digits at *s as a number, past them; -1 if they are not. */
static int64_t digits(const char **s, int n)
{
	int64_t v = 0;

	for (int i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	return v;
}

/* The next part of a timestamp: n digits then sep (0: none). */
static int64_t part(const char **s, int n, char sep)
{
	int64_t v = digits(s, n);

	if (v < 0 || (sep && **s != sep))
		return -1;
	*s += sep != 0;
	return v;
}

/* "Z" or "+hh:mm" / "-hh:mm" ending the text: the offset east of UTC
 * in seconds into *off; -1 for anything else. */
static int zone(const char *s, int64_t *off)
{
	int64_t h, m;
	int sign;

	*off = 0;
	if ((s[0] == 'Z' || s[0] == 'z') && !s[1])
		return 0;
	if (s[0] != '+' && s[0] != '-')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	s++;
	h = part(&s, 2, ':');
	m = part(&s, 2, 0);
	if (h < 0 || h > 23 || m < 0 || m > 59 || *s)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

uint64_t rfc3339_parse_ns(const char *s)
{
	int64_t y, mo, d, h, mi, sec, ns = 0, scale = 100000000, off, t;

	if (!s)
		return 0;
	y = part(&s, 4, '-');
	mo = part(&s, 2, '-');
	d = part(&s, 2, 'T');
	h = part(&s, 2, ':');
	mi = part(&s, 2, ':');
	sec = part(&s, 2, 0);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		return 0;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
			ns += (*s - '0') * scale;
	if (zone(s, &off) < 0)
		return 0;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
	    mi * 60 + sec - off;
	return t < 0 ? 0 : (uint64_t)t * 1000000000ull + (uint64_t)ns;
}
