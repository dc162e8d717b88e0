/* lanner-web's seccomp tables, beyond the runtime every child has:
 * serving plain HTTP, or HTTPS. */
#ifndef LNR_WEB_ALLOW_H
#define LNR_WEB_ALLOW_H

#include <stddef.h>

#include "sandbox.h"

extern const struct sc_rule web_allow[];
extern const size_t web_allow_len;
extern const struct sc_rule web_allow_tls[];
extern const size_t web_allow_tls_len;

#endif
