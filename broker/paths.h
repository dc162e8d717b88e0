/*
 * Where the broker finds its helper programs and default files: an
 * explicit $LANNER_LIBEXECDIR, the build tree when run from it, or the
 * installed locations.
 */
#ifndef LNR_PATHS_H
#define LNR_PATHS_H

#include <stddef.h>

#include "proc.h"

/* 1 if this lanner binary is the one in the build tree. */
int paths_in_build_tree(void);
/* Full path of the program for def; 0 or -ENOENT. */
int paths_program(const struct proc_def *def, char *out, size_t len);
/* The default rule file (installed or in the source tree). */
const char *paths_default_rules(void);
/* The default Kubernetes audit rule file, loaded beside the default
 * rules when k8saudit.enabled. */
const char *paths_default_k8s_rules(void);
/* The default configuration file when it exists, else NULL. */
const char *paths_default_config(void);

#endif
