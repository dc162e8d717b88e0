/*
 * Every process the broker spawns and supervises. Adding an output
 * channel is one line here plus its file in outputs/.
 */
#include "proc.h"

const struct proc_def proc_table[] = {
    {"capture", "lanner-capture", "capture", ROLE_CAPTURE, NULL, NULL, 1, 1},
    {"engine", "lanner-engine", "engine", ROLE_ENGINE, NULL, NULL, 1, 1},
    {"output-stdout", "lanner-output", "outputs", ROLE_OUTPUT, "stdout",
     "stdout_output.enabled", 1, 0},
};
const size_t proc_count = sizeof(proc_table) / sizeof(proc_table[0]);

const char *proc_role_name(enum proc_role role)
{
	static const char *const names[] = {"capture", "engine", "output"};

	_Static_assert(sizeof(names) / sizeof(*names) == ROLE_COUNT,
		       "a name per role");
	return (unsigned)role < ROLE_COUNT ? names[role] : "unknown";
}
