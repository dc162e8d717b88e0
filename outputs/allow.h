/*
 * The output worker's seccomp allowlist: the common part in allow.c plus
 * the channel's own extras.
 */
#ifndef LNR_OUTPUTS_ALLOW_H
#define LNR_OUTPUTS_ALLOW_H

#include "channel.h"

/* Installs the filter; 0 or -errno. */
int allow_apply(const struct channel *ch, int debug);

#endif
