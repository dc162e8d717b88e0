/*
 * The open filter: which file opens the probe records, derived from the
 * rules by the engine (engine/evtsel_open.c), carried to capture with the
 * event types and written into the probe's maps there. An open is
 * recorded when the filter says all, when it writes and write_any is set,
 * when openfilter_always_n says so,
 * or when its absolute path matches an entry: the path itself (EXACT),
 * a leading part of it (PREFIX) or its last component (BASENAME), with
 * any flags or only writing ones. Whatever the probe cannot judge (a
 * relative or unnormalised path, a directory) is recorded anyway.
 */
#ifndef LNR_OPENFILTER_H
#define LNR_OPENFILTER_H

#define OPENFILTER_KEY_MAX 256 /* bytes of a path the probe compares */
#define OPENFILTER_MAX 1024    /* entries; more make the filter all */
#define OPENFILTER_BLOB_MAX (2 + OPENFILTER_MAX * (3 + OPENFILTER_KEY_MAX))

enum openfilter_kind {
	OPENFILTER_EXACT,
	OPENFILTER_PREFIX,
	OPENFILTER_BASENAME
};

/* Entry modes: which opens of a matching path are recorded. */
#define OPENFILTER_ANY 1u   /* every open */
#define OPENFILTER_WRITE 2u /* opens that write, create or truncate */

#ifndef __bpf__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct openfilter_entry {
	uint8_t kind;
	uint8_t mode;
	uint8_t len; /* bytes of s, without a NUL */
	char s[OPENFILTER_KEY_MAX];
};

struct openfilter {
	bool all;	  /* every open */
	bool write_any;	  /* every open that writes */
	bool keep_closes; /* a rule matches close: leave none out */
	size_t n, cap;
	struct openfilter_entry *e;
};

void openfilter_init(struct openfilter *f);
void openfilter_free(struct openfilter *f);
/* Adds an entry, or widens the mode of an equal one. A path too long for
 * the probe, or one entry too many, makes the filter all. */
void openfilter_add(struct openfilter *f, enum openfilter_kind kind,
		    unsigned mode, const char *s, size_t len);
/* Everything b records, a records afterwards. */
void openfilter_merge(struct openfilter *a, const struct openfilter *b);
bool openfilter_is_none(const struct openfilter *f);

/* The wire form, at most OPENFILTER_BLOB_MAX bytes; returns its length. */
size_t openfilter_encode(const struct openfilter *f, uint8_t *buf, size_t cap);
/* Parses an untrusted blob; -EPROTO with *why on anything malformed. */
int openfilter_decode(struct openfilter *f, const uint8_t *buf, size_t len,
		      const char **why);

/* Whether s holds "//", "/." or "..": a path that does is one the probe
 * cannot judge. */
bool openfilter_has_dots(const char *s, size_t len);
/* Whether the probe records an open of this path whatever the entries
 * say: relative, with "//", "/." or "..", ending in '/', or too long
 * to compare. */
bool openfilter_always_n(const char *path, size_t len);

/* Whether the filter records an open of the normalised absolute path
 * path; what the probe computes, for tests and --list-filter. */
bool openfilter_match(const struct openfilter *f, const char *path, bool write);
/* The modes of the PREFIX entries the len bytes at s extend. */
unsigned openfilter_prefix_mode(const struct openfilter *f, const char *s,
				size_t len);
/* The mode of entry i in the probe's map: its own and that of every
 * PREFIX entry it extends, since the probe finds the longest only. */
unsigned openfilter_map_mode(const struct openfilter *f, size_t i);

#endif /* __bpf__ */
#endif
