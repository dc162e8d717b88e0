/*
 * fs.path.*: paths created, removed or renamed by mkdir, unlink, rename,
 * link and symlink calls. None of those is in the event schema yet, so
 * these fields yield no value.
 */
#include "fields_val.h"

static const struct field_def fs_fields[] = {
    NA("fs.path.name", FT_FSPATH,
       "absolute path a filesystem call created or removed"),
    NA("fs.path.nameraw", FT_FSPATH, "that path as the call received it"),
    NA("fs.path.source", FT_FSPATH, "absolute source path of a rename or link"),
    NA("fs.path.sourceraw", FT_FSPATH, "source path as the call received it"),
    NA("fs.path.target", FT_FSPATH, "absolute target path of a rename or link"),
    NA("fs.path.targetraw", FT_FSPATH, "target path as the call received it"),
};

FIELD_CLASS(fs, "syscall", "paths of filesystem changes (not recorded yet)");
