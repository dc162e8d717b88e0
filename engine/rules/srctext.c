/*
 * Condition text built from several scalars, keeping the origin of each
 * piece, and the mapping from an offset in the text back to the file.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "srctext.h"

static int srctext_piece(struct rule_arena *a, struct srctext *t,
			 const char *sep, const char *s,
			 const struct srcpos *pos, const char *src, bool exact)
{
	size_t slen = strlen(sep), n = strlen(s);
	char *buf;

	if (t->nseg >= TEXT_SEGS_MAX)
		return -E2BIG;
	buf = rule_arena_alloc(a, t->len + slen + n + 1);
	if (!buf)
		return -ENOMEM;
	if (t->len)
		memcpy(buf, t->s, t->len);
	memcpy(buf + t->len, sep, slen + 1);
	memcpy(buf + t->len + slen, s, n + 1);
	t->seg[t->nseg].off = t->len + slen;
	t->seg[t->nseg].pos = *pos;
	t->seg[t->nseg].src = src;
	t->seg[t->nseg].exact = exact;
	t->nseg++;
	t->s = buf;
	t->len += slen + n;
	return 0;
}

int srctext_set(struct rule_arena *a, struct srctext *t, const char *s,
		const struct srcpos *pos, const char *src, bool exact)
{
	memset(t, 0, sizeof(*t));
	return srctext_piece(a, t, "", s, pos, src, exact);
}

int srctext_append(struct rule_arena *a, struct srctext *t, const char *s,
		   const struct srcpos *pos, const char *src, bool exact)
{
	if (!t->s)
		return srctext_set(a, t, s, pos, src, exact);
	return srctext_piece(a, t, " ", s, pos, src, exact);
}

/*
 * Walks the scalar's text in the file alongside its value, skipping what
 * YAML removed (indentation, line folding, quotes), up to `off`.
 */
static const char *align(const struct srcfile *f, const char *src,
			 const char *val, size_t off)
{
	const char *end = f->buf + f->len;
	size_t i = 0;

	while (i < off && val[i] && src < end) {
		if (val[i] == *src) {
			i++;
			src++;
		} else if (!isspace((unsigned char)*src) &&
			   isspace((unsigned char)val[i])) {
			i++;
		} else {
			src++;
		}
	}
	/* land on the value's next character (past a block header) */
	while (val[i] && src < end && *src != val[i] &&
	       (isspace((unsigned char)*src) || strchr(">|-+'\"", *src)))
		src++;
	return src;
}

struct srcpos srctext_pos(const struct srctext *t, size_t off)
{
	const struct text_seg *sg;
	struct srcpos pos;
	unsigned i = 0;
	size_t end;

	if (!t->nseg) {
		memset(&pos, 0, sizeof(pos));
		return pos;
	}
	while (i + 1 < t->nseg && t->seg[i + 1].off <= off)
		i++;
	sg = &t->seg[i];
	/* past the end: just after the piece's last character */
	end = t->len;
	while (end > sg->off && isspace((unsigned char)t->s[end - 1]))
		end--;
	if (off > end)
		off = end;
	if (!sg->src || !sg->pos.file || off < sg->off)
		return sg->pos;
	if (sg->exact) {
		pos = sg->pos;
		pos.col += (unsigned)(off - sg->off);
		return pos;
	}
	return diag_pos_at(sg->pos.file, align(sg->pos.file, sg->src,
					       t->s + sg->off, off - sg->off));
}
