/*
 * jevt.*: generic fields of JSON events (k8s audit). The audit webhook
 * does not feed the engine yet, so these fields yield no value.
 */
#include "fields_val.h"

static const struct field_def jevt_fields[] = {
    NA("jevt.time", FT_STRING, "event time as a string"),
    NA("jevt.time.iso8601", FT_STRING, "event time in ISO 8601"),
    NA("jevt.rawtime", FT_ABSTIME, "event time, ns since the epoch"),
    F("jevt.value", FT_STRING, FARG_KEY | FARG_REQUIRED, 0,
      "value at a JSON pointer: jevt.value[/user/username]", fv_none),
    NA("jevt.obj", FT_STRING, "the whole event as JSON"),
};

FIELD_CLASS(jevt, "k8s_audit", "JSON events (not fed to the engine yet)");
