/*
 * The domain names a rule set compares fd.cip.name, fd.sip.name,
 * fd.lip.name and fd.rip.name with (=, ==, !=, in, intersects; without
 * transformers), which lanner-resolve is asked to resolve. A value that
 * is no host name (dnsinfo_name_ok) can never match and is left out.
 */
#ifndef LNR_DNSNAMES_H
#define LNR_DNSNAMES_H

#include <stddef.h>

struct ruleset;

/* Fills names (pointing into the rule set) with each distinct name once,
 * in the order the rules hold them, up to max; the number found, which
 * may exceed max. */
size_t dnsnames_collect(const struct ruleset *rs, const char **names,
			size_t max);

#endif
