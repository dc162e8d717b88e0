/*
 * Rule outputs: "%proc.name opened %fd.name" compiled once into literal
 * pieces and field references, rendered per alert into a caller buffer.
 */
#ifndef LNR_OUTPUT_FMT_H
#define LNR_OUTPUT_FMT_H

#include <stddef.h>

#include "alert.h"

#include "cond.h"

struct output_fmt;
struct evt_ctx;

/* NULL with the reason and its offset in the text when a %field is
 * unknown. */
struct output_fmt *output_fmt_compile(struct rule_arena *a, const char *source,
				      const char *text, char *err,
				      size_t errlen, size_t *off);

/* Renders the whole line; returns bytes written (snprintf semantics). */
size_t output_fmt_render(const struct output_fmt *o, struct evt_ctx *ctx,
			 char *buf, size_t len);

/* Adds field `name` to the output's fields, not to its line (Falco's
 * append_output extra_fields). 0, or -1 with the reason in err. */
int output_fmt_add_field(struct rule_arena *a, struct output_fmt *o,
			 const char *source, const char *name, char *err,
			 size_t errlen);

/* The distinct fields of the output, for alerts' output_fields. */
size_t output_fmt_nfields(const struct output_fmt *o);
const char *output_fmt_field_name(const struct output_fmt *o, size_t i);
/* What JSON should make of field i's value, from its type after
 * transformers. */
enum alert_kind output_fmt_field_kind(const struct output_fmt *o, size_t i);
size_t output_fmt_field_render(const struct output_fmt *o, size_t i,
			       struct evt_ctx *ctx, char *buf, size_t len);

#endif
