/*
 * Timestamps as Kubernetes audit events and container runtimes write
 * them (RFC 3339: "2024-05-01T10:00:00.123456789Z", or with an offset
 * such as "+02:00"), read into nanoseconds since the epoch.
 */
#ifndef LNR_RFC3339_H
#define LNR_RFC3339_H

#include <stdint.h>

/* s in ns since the epoch (UTC); 0 when it is not such a timestamp or
 * lies before 1970 (runtimes write year 1 for "never"). */
uint64_t rfc3339_parse_ns(const char *s);

#endif
