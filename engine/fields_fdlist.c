/*
 * fdlist.*: the fds of calls that take several (poll, select). lanner
 * does not record those calls yet, so these fields yield no value.
 */
#include "fields_val.h"

#undef NA
#define NA(n, t, d)                                                            \
	{                                                                      \
		n, t, 0, FIELD_MULTI, d, fv_none                               \
	}
static const struct field_def fdlist_fields[] = {
    NA("fdlist.nums", FT_INT64, "numbers of the fds of a poll-like call"),
    NA("fdlist.names", FT_FSPATH, "names of the fds of a poll-like call"),
    NA("fdlist.cips", FT_IPADDR,
       "client addresses of the fds of a poll-like call"),
    NA("fdlist.sips", FT_IPADDR,
       "server addresses of the fds of a poll-like call"),
    NA("fdlist.cports", FT_PORT, "client ports of the fds of a poll-like call"),
    NA("fdlist.sports", FT_PORT, "server ports of the fds of a poll-like call"),
};

const struct field_class fields_fdlist = {
    "fdlist",
    "syscall",
    "the fds of poll-like calls (not recorded yet)",
    fdlist_fields,
    sizeof(fdlist_fields) / sizeof(fdlist_fields[0]),
};
