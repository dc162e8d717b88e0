/*
 * The engine's command line modes for Falco's rule flags, run by the
 * broker as `lanner-engine MODE ...`: --validate (-V), --list-rules (-L),
 * --describe (-l), --list-fields (--list), with --config-item KEY=VALUE
 * selection items (-D -T -t, rules: enable/disable) applied first.
 */
#ifndef LNR_RULES_CLI_H
#define LNR_RULES_CLI_H

#include <stdbool.h>

/* Whether argv[1] names one of these modes. */
bool rules_cli_is_mode(const char *arg);

/* Runs the mode in argv[1]; returns the process exit code. */
int rules_cli_main(int argc, char **argv);

#endif
