/*
 * fdlist.*: the fds of calls that take several (poll, select). lanner
 * does not record those calls yet, so these fields yield no value.
 */
#include "fields_val.h"

static const struct field_def fdlist_fields[] = {
    F("fdlist.nums", FT_INT64, 0, FIELD_MULTI | FIELD_NA,
      "numbers of the fds of a poll-like call", fv_none),
    F("fdlist.names", FT_FSPATH, 0, FIELD_MULTI | FIELD_NA,
      "names of the fds of a poll-like call", fv_none),
    F("fdlist.cips", FT_IPADDR, 0, FIELD_MULTI | FIELD_NA,
      "client addresses of the fds of a poll-like call", fv_none),
    F("fdlist.sips", FT_IPADDR, 0, FIELD_MULTI | FIELD_NA,
      "server addresses of the fds of a poll-like call", fv_none),
    F("fdlist.cports", FT_PORT, 0, FIELD_MULTI | FIELD_NA,
      "client ports of the fds of a poll-like call", fv_none),
    F("fdlist.sports", FT_PORT, 0, FIELD_MULTI | FIELD_NA,
      "server ports of the fds of a poll-like call", fv_none),
};

FIELD_CLASS(fdlist, "syscall", "the fds of poll-like calls (not recorded yet)");
