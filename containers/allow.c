/*
 * What lanner-containers may do once sandboxed, beyond the runtime every
 * child has (read, recvmsg, poll, close, malloc, its broker channel):
 * say who it runs as. It makes no socket and connects nowhere; the
 * replies it reads come from the broker through pipes.
 */
#include <sys/prctl.h>

#include "containers.h"

const struct sc_rule containers_allow[] = {
    SC_ALLOW(getuid), /* child_report */
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
};
const size_t containers_allow_len =
    sizeof(containers_allow) / sizeof(*containers_allow);
