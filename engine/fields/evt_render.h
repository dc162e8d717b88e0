/*
 * Event parameters rendered as text the way Falco shows them: flags as
 * O_RDONLY|O_CLOEXEC, errors as ENOENT, modes in octal. Used by the evt.*
 * fields (evt.arg, evt.args, evt.res).
 */
#ifndef LNR_EVT_RENDER_H
#define LNR_EVT_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "evt_ctx.h"

/* Renders parameter i into the arena; NULL when absent. */
const char *evt_render_param(struct evt_ctx *ctx, unsigned i, size_t *len);

/* "O_WRONLY|O_CREAT": v named with flag set `set` (event_table.def). */
size_t evt_render_flags(enum lnr_flagset set, uint64_t v, char *buf,
			size_t len);

/* "ENOENT" for -2 (or 2); NULL when unknown. */
const char *evt_render_errno(int64_t res);

#endif
