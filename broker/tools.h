/*
 * The rule tools (-V, -L, -l, --list) are the engine's: the broker execs
 * lanner-engine in the matching mode and it prints the answer.
 */
#ifndef LNR_TOOLS_H
#define LNR_TOOLS_H

#include "cli.h"

/* Does not return: execs lanner-engine, or exits 1 saying why not. */
void tools_exec(const struct cli *c) __attribute__((noreturn));

#endif
