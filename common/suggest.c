/*
 * Nearest-name suggestions for diagnostics: Levenshtein distance over
 * short names, a name being close when at most a third of it differs.
 */
#include <string.h>

#include "suggest.h"

#define SUGGEST_LEN_MAX 128

void suggest_init(struct suggest *s, const char *want)
{
	s->want = want;
	s->best = NULL;
	s->dist = (size_t)-1;
}

/* Edit distance of a and b, both shorter than SUGGEST_LEN_MAX. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[SUGGEST_LEN_MAX + 1], i, j, diag, up, best;

	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

void suggest_offer(struct suggest *s, const char *name)
{
	size_t na = strlen(s->want), nb = strlen(name), d;

	if (!na || na >= SUGGEST_LEN_MAX || nb >= SUGGEST_LEN_MAX)
		return;
	d = distance(s->want, na, name, nb);
	if (d && d < s->dist) {
		s->dist = d;
		s->best = name;
	}
}

const char *suggest_best(const struct suggest *s)
{
	size_t n = strlen(s->want);

	return s->best && s->dist * 3 <= (n > 3 ? n : 3) ? s->best : NULL;
}
