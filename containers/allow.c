/*
 * What lanner-containers may do once sandboxed, beyond the runtime every
 * child has (read, recvmsg, poll, close, malloc, its broker channel):
 * say who it runs as. It makes no socket and connects nowhere; the
 * replies it reads come from the broker through pipes.
 */
#include <fcntl.h>
#include <sys/prctl.h>

#include "containers.h"

const struct sc_rule containers_allow[] = {
    SC_ALLOW(getuid), /* child_report */
    /* fstat (glibc's is fstatat(fd, "", AT_EMPTY_PATH)): a reply must
     * come in a pipe */
    SC_ALLOW(fstat),
    SC_ALLOW_MASK(newfstatat, 3, AT_EMPTY_PATH, AT_EMPTY_PATH),
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
};
const size_t containers_allow_len =
    sizeof(containers_allow) / sizeof(*containers_allow);
