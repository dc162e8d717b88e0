/*
 * Small helpers the field class files share to fill values, and the
 * common "no value here" extractor for fields lanner cannot fill yet.
 */
#ifndef LNR_FIELDS_VAL_H
#define LNR_FIELDS_VAL_H

#include <string.h>

#include "fields.h"

static inline int fv_strn(struct fval *o, enum ftype t, const char *s,
			  size_t len)
{
	if (!s)
		return 0;
	o->type = t;
	o->s.p = s;
	o->s.len = len;
	return 1;
}

static inline int fv_str(struct fval *o, const char *s)
{
	return s ? fv_strn(o, FT_STRING, s, strlen(s)) : 0;
}

static inline int fv_path(struct fval *o, const char *s)
{
	return s ? fv_strn(o, FT_FSPATH, s, strlen(s)) : 0;
}

static inline int fv_i64(struct fval *o, int64_t v)
{
	o->type = FT_INT64;
	o->i = v;
	return 1;
}

static inline int fv_u64(struct fval *o, enum ftype t, uint64_t v)
{
	o->type = t;
	o->u = v;
	return 1;
}

static inline int fv_bool(struct fval *o, bool v)
{
	o->type = FT_BOOL;
	o->b = v;
	return 1;
}

/* Fields lanner has no data for yet: they compile and yield no value. */
static inline int fv_none(struct evt_ctx *ctx, const struct field_arg *arg,
			  struct fval *out, int max)
{
	(void)ctx, (void)arg, (void)out, (void)max;
	return 0;
}

/*
 * Field table rows, the one set every class uses: F for a field with an
 * extractor (fv_none and FIELD_NA for one that takes arguments or yields
 * several values but has no source), NA for a plain field with no source
 * of values (always <NA>).
 */
#define F(n, t, k, fl, d, x)                                                   \
	{                                                                      \
		.name = (n), .type = (t), .argkinds = (k), .flags = (fl),      \
		.desc = (d), .extract = (x)                                    \
	}
#define NA(n, t, d) F(n, t, 0, FIELD_NA, d, fv_none)

/* The class `c` of source `src`: its table is c_fields in the same file. */
#define FIELD_CLASS(c, src, d)                                                 \
	const struct field_class fields_##c = {                                \
	    .name = #c,                                                        \
	    .source = (src),                                                   \
	    .desc = (d),                                                       \
	    .fields = c##_fields,                                              \
	    .nfields = sizeof(c##_fields) / sizeof(c##_fields[0]),             \
	}

#endif
