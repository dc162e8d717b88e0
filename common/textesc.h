/*
 * Making untrusted bytes (file names, command lines, log lines) safe to
 * show: control characters, invalid UTF-8 and the Unicode characters that
 * reorder or break lines become visible escapes, so a hostile value can
 * neither forge a second line nor drive the reader's terminal.
 */
#ifndef LNR_TEXTESC_H
#define LNR_TEXTESC_H

#include <stddef.h>
#include <stdint.h>

/* Also write a backslash as \\, so every escape reads back unambiguously. */
#define TEXTESC_BACKSLASH 1u

/*
 * Length (1..4) of the well-formed UTF-8 sequence at s, of at most n
 * bytes, with its code point in *cp; 0 if s starts an ill-formed one
 * (stray continuation, overlong form, surrogate, past U+10FFFF, cut off).
 */
size_t textesc_utf8(const unsigned char *s, size_t n, uint32_t *cp);

/* Whether code point cp must not reach a reader raw: C0, DEL, C1, the
 * line and paragraph separators and the bidirectional controls. */
int textesc_is_control(uint32_t cp);

/*
 * Writes the n bytes at src into dst as safe text: \n \r \t, \xHH for other
 * C0 controls, DEL and bytes of invalid UTF-8, \uHHHH for C1 controls and
 * the Unicode separators and direction controls. Returns the length the
 * whole result needs, as snprintf does; dst (cap > 0) is always
 * NUL-terminated, and a truncated result never ends inside an escape.
 */
size_t textesc(char *dst, size_t cap, const char *src, size_t n,
	       unsigned flags);

/*
 * Writes the n bytes at src as the inside of a JSON string, piece by
 * piece through put: '"' and '\\' escaped, \n and \t, other controls
 * as \uHHHH, each byte of invalid UTF-8 as \ufffd, so strict consumers
 * get valid UTF-8 whatever src holds.
 */
void textesc_json(const char *src, size_t n,
		  void (*put)(void *arg, const char *s, size_t n), void *arg);

#endif
