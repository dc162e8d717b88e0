/*
 * Text made of one or more YAML scalars (a condition and its appends),
 * with where each piece came from, so that an offset inside the text maps
 * back to a line and column of a rule file.
 */
#ifndef LNR_SRCTEXT_H
#define LNR_SRCTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "rule_arena.h"

#define TEXT_SEGS_MAX 32

struct text_seg {
	size_t off;	   /* where the piece starts in the text */
	struct srcpos pos; /* where its scalar starts in the file */
	const char *src;   /* the scalar's first byte in the file */
	bool exact;	   /* offsets inside map 1:1 to the scalar */
};

struct srctext {
	char *s;
	size_t len;
	struct text_seg seg[TEXT_SEGS_MAX];
	unsigned nseg;
};

/* The text becomes `s` alone; `src` is where the scalar starts in the
 * file, `exact` when offsets inside it map 1:1 to the file. */
int srctext_set(struct rule_arena *a, struct srctext *t, const char *s,
		const struct srcpos *pos, const char *src, bool exact);
/* Adds " s" (or sets the text when there is none yet). */
int srctext_append(struct rule_arena *a, struct srctext *t, const char *s,
		   const struct srcpos *pos, const char *src, bool exact);
/* Maps an offset inside the text to a file position. */
struct srcpos srctext_pos(const struct srctext *t, size_t off);

#endif
