/* lanner-web's seccomp table, beyond the runtime every child has. */
#ifndef LNR_WEB_ALLOW_H
#define LNR_WEB_ALLOW_H

#include <stddef.h>

#include "sandbox.h"

extern const struct sc_rule web_allow[];
extern const size_t web_allow_len;

#endif
