/*
 * jevt.*: generic fields of JSON events (k8s audit). The audit webhook
 * does not feed the engine yet, so these fields yield no value.
 */
#include "fields_val.h"

static const struct field_def jevt_fields[] = {
    {"jevt.time", FT_STRING, 0, 0, "event time as a string", fv_none},
    {"jevt.time.iso8601", FT_STRING, 0, 0, "event time in ISO 8601", fv_none},
    {"jevt.rawtime", FT_ABSTIME, 0, 0, "event time, ns since the epoch",
     fv_none},
    {"jevt.value", FT_STRING, FARG_KEY | FARG_REQUIRED, 0,
     "value at a JSON pointer: jevt.value[/user/username]", fv_none},
    {"jevt.obj", FT_STRING, 0, 0, "the whole event as JSON", fv_none},
};

const struct field_class fields_jevt = {
    "jevt",
    "k8s_audit",
    "JSON events (not fed to the engine yet)",
    jevt_fields,
    sizeof(jevt_fields) / sizeof(jevt_fields[0]),
};
