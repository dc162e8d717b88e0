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

/* Field table rows: F for a field with an extractor, NA for one that has
 * no source of values yet (always <NA>). */
#define F(n, t, k, fl, d, x)                                                   \
	{                                                                      \
		n, t, k, fl, d, x                                              \
	}
#define NA(n, t, d)                                                            \
	{                                                                      \
		n, t, 0, 0, d, fv_none                                         \
	}

#endif
